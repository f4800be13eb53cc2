package io.mezzo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mezzo job …}: the jobs framework through Chronos's REST API on the master ({@code
 * /scheduler/…}), so the same commands work against a Chronos as well as a Mezzo master.
 */
@Command(
    name = "job",
    description = "List, show, add, run and delete jobs, and read their run history.",
    subcommands = JobAdd.class)
final class JobCommand implements Runnable {
  /** Chronos's job name rule; checked here too so a name never reshapes the request path. */
  static final Pattern NAME = Pattern.compile("[\\w.-]+");

  @ParentCommand MezzoCli root;

  @Override
  public void run() {
    throw CliFailure.usage("job needs a command: list, show, add, run, delete or history");
  }

  @Command(name = "list", description = "List the jobs with their schedule, state and counters.")
  void list() {
    JsonNode jobs = jobs(root.http());
    if (root.json()) {
      root.printJson(jobs);
      return;
    }
    Instant now = root.env().clock().instant();
    Table t =
        new Table(
            "NAME", "SCHEDULE", "STATE", "NEXT RUN", "OK", "FAILED", "LAST SUCCESS", "LAST ERROR");
    List<JsonNode> sorted = new ArrayList<>();
    jobs.forEach(sorted::add);
    sorted.sort((a, b) -> a.path("name").asText().compareTo(b.path("name").asText()));
    for (JsonNode j : sorted) {
      t.row(
          j.path("name").asText(),
          schedule(j),
          j.path("disabled").asBoolean() ? "disabled" : j.path("state").asText(null),
          until(instant(j.path("nextRun")), now),
          j.path("successCount").asLong(),
          j.path("errorCount").asLong(),
          ago(instant(j.path("lastSuccess")), now),
          ago(instant(j.path("lastError")), now));
    }
    t.print(root.env().out());
  }

  @Command(name = "show", description = "Print a job's definition and counters as JSON.")
  void show(@Parameters(paramLabel = "NAME", description = "The job's name.") String name) {
    checkName(name);
    MasterHttp http = root.http();
    for (JsonNode j : jobs(http)) {
      if (j.path("name").asText().equals(name)) {
        root.printJson(j);
        return;
      }
    }
    throw new CliFailure(
        CliFailure.REFUSED, "no job named '" + name + "' at " + http.base() + " (see job list)");
  }

  @Command(name = "run", description = "Run a job now, once, besides its schedule.")
  void run(
      @Parameters(paramLabel = "NAME", description = "The job's name.") String name,
      @Option(
              names = "--arguments",
              paramLabel = "A",
              description =
                  "Arguments appended to the command (Chronos honours them for shell: false jobs).")
          String arguments) {
    checkName(name);
    String query = arguments == null ? "" : "?arguments=" + encode(arguments);
    root.http().send("PUT", "/scheduler/job/" + name + query, null);
    root.env().out().println("job " + name + " started");
    root.env().out().flush();
  }

  @Command(name = "delete", description = "Delete a job and kill its running tasks.")
  void delete(@Parameters(paramLabel = "NAME", description = "The job's name.") String name) {
    checkName(name);
    root.http().send("DELETE", "/scheduler/job/" + name, null);
    root.env().out().println("job " + name + " deleted");
    root.env().out().flush();
  }

  @Command(name = "history", description = "List a job's recent tasks, newest first.")
  void history(@Parameters(paramLabel = "NAME", description = "The job's name.") String name) {
    checkName(name);
    JsonNode stat = root.http().get("/scheduler/job/stat/" + name);
    if (root.json()) {
      root.printJson(stat);
      return;
    }
    Table t = new Table("TASK", "STATUS", "AGENT", "STARTED", "ENDED", "DURATION");
    for (JsonNode s : stat.path("taskStatHistory")) {
      t.row(
          s.path("taskId").asText(null),
          s.path("status").asText(null),
          blankAsNull(s.path("slaveId").asText(null)),
          blankAsNull(s.path("startTime").asText(null)),
          blankAsNull(s.path("endTime").asText(null)),
          blankAsNull(s.path("duration").asText(null)));
    }
    t.print(root.env().out());
  }

  /**
   * Every job, as Chronos lists them. A bare 404 means no Chronos API is served there (a Mezzo with
   * the jobs framework off, or no Mezzo at all), which says more than "not found".
   */
  static JsonNode jobs(MasterHttp http) {
    String text =
        http.readText("/scheduler/jobs", 404)
            .orElseThrow(
                () ->
                    new CliFailure(
                        CliFailure.REFUSED,
                        "GET /scheduler/jobs found nothing (404): this master serves no Chronos"
                            + " API at /scheduler (is it a Mezzo master with the jobs framework"
                            + " enabled, or a Chronos?)"));
    JsonNode jobs;
    try {
      jobs = MasterHttp.JSON.readTree(text);
    } catch (IOException e) {
      throw new CliFailure(
          CliFailure.REFUSED, "GET /scheduler/jobs answered with a body that is not JSON");
    }
    if (!jobs.isArray()) {
      throw new CliFailure(
          CliFailure.REFUSED,
          "GET /scheduler/jobs answered " + jobs.getNodeType() + ", not a list");
    }
    return jobs;
  }

  static void checkName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw CliFailure.usage(
          "'" + name + "' is not a job name: use letters, digits, '_', '.' and '-' only");
    }
  }

  /** The schedule of a scheduled job, else what a dependent job waits for. */
  static String schedule(JsonNode j) {
    if (j.hasNonNull("schedule") && !j.path("schedule").asText().isBlank()) {
      String zone = j.path("scheduleTimeZone").asText("");
      return j.path("schedule").asText() + (zone.isBlank() ? "" : " " + zone);
    }
    List<String> parents = new ArrayList<>();
    j.path("parents").forEach(p -> parents.add(p.asText()));
    return parents.isEmpty() ? null : "after " + String.join(",", parents);
  }

  /** Chronos writes "" for "never"; anything not an instant is shown as unknown. */
  static Instant instant(JsonNode n) {
    if (!n.isTextual() || n.asText().isBlank()) {
      return null;
    }
    try {
      return Instant.parse(n.asText());
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String ago(Instant then, Instant now) {
    return then == null ? null : Durations.age(then, now) + " ago";
  }

  private static String until(Instant then, Instant now) {
    if (then == null) {
      return null;
    }
    return then.isAfter(now) ? "in " + Durations.age(now, then) : "due";
  }

  private static String blankAsNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
