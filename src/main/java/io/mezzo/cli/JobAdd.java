package io.mezzo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mezzo job add FILE}: creates or replaces the Chronos job FILE describes. A job with {@code
 * parents} is a dependent job and goes to {@code POST /scheduler/dependency}; any other to {@code
 * POST /scheduler/iso8601}, as Chronos's clients do. The file is sent as written: the master
 * validates it and its refusal (which names the field) is printed as it gave it.
 */
@Command(
    name = "add",
    description = "Create or replace the job in FILE (Chronos JSON; - for stdin).")
final class JobAdd implements Runnable {
  @ParentCommand JobCommand parent;

  @Parameters(paramLabel = "FILE", description = "A Chronos job definition, as JSON.")
  String file;

  @Override
  public void run() {
    MezzoCli root = parent.root;
    JsonNode job = JsonFile.readObject(file, "a Chronos job");
    JsonNode name = job.path("name");
    if (!name.isTextual() || name.asText().isBlank()) {
      throw CliFailure.usage(file + ": the job needs a \"name\" (a string, e.g. nightly-report)");
    }
    JobCommand.checkName(name.asText());
    boolean dependent = job.has("parents");
    root.http().send("POST", dependent ? "/scheduler/dependency" : "/scheduler/iso8601", job);
    root.env()
        .out()
        .println(
            "job " + name.asText() + " saved (" + (dependent ? "dependent" : "scheduled") + ")");
    root.env().out().flush();
  }
}
