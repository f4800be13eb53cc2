package io.mezzo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mezzo task …}: the Mesos tasks of every framework, and their sandbox logs. */
@Command(name = "task", description = "List tasks and read their logs.")
final class TaskCommand implements Runnable {
  private static final Pattern UUID_TAIL =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  @ParentCommand MezzoCli root;

  @Override
  public void run() {
    throw CliFailure.usage("task needs a command: list or log");
  }

  @Command(name = "list", description = "List the tasks running (with --all, ended ones too).")
  void list(
      @Option(names = "--app", paramLabel = "ID", description = "Only the tasks of this app.")
          String app,
      @Option(names = "--all", description = "Include tasks that have ended.") boolean all) {
    MasterHttp http = root.http();
    String appId = app == null ? null : AppIds.absolute(app);
    List<MesosTasks.Task> tasks = MesosTasks.of(http.get("/master/state"));
    Set<String> ofApp = new HashSet<>();
    if (appId != null) {
      // Marathon's list is the truth for running ones (and answers 404 for an unknown app); ended
      // ones are known from the master only, by the task id Marathon forms.
      for (JsonNode t : http.get("/v2/apps" + appId + "/tasks").path("tasks")) {
        ofApp.add(t.path("id").asText());
      }
    }
    List<MesosTasks.Task> shown = new ArrayList<>();
    for (MesosTasks.Task t : tasks) {
      if (t.completed() && !all) {
        continue;
      }
      if (appId != null && !ofApp.contains(t.id()) && !formedFor(appId, t.id())) {
        continue;
      }
      shown.add(t);
    }
    shown.sort(Comparator.comparing(MesosTasks.Task::completed).thenComparing(MesosTasks.Task::id));
    if (root.json()) {
      ArrayNode out = MasterHttp.JSON.createArrayNode();
      shown.forEach(t -> out.add(t.json()));
      root.printJson(out);
      return;
    }
    Instant now = root.env().clock().instant();
    Table table = new Table("ID", "STATE", "HOST", "FRAMEWORK", "CPUS", "MEM", "STARTED");
    for (MesosTasks.Task t : shown) {
      table.row(
          t.id(),
          t.state(),
          t.agentHost(),
          t.frameworkName(),
          AppCommand.number(t.json().path("resources").path("cpus")),
          AppCommand.number(t.json().path("resources").path("mem")),
          Durations.age(t.started(), now));
    }
    table.print(root.env().out());
  }

  /** Whether the task id is one Marathon forms for the app: {@code <prefix><uuid>}. */
  private static boolean formedFor(String appId, String taskId) {
    String prefix = AppIds.taskIdPrefix(appId);
    return taskId.startsWith(prefix)
        && UUID_TAIL.matcher(taskId.substring(prefix.length())).matches();
  }

  @Command(
      name = "log",
      description = "Print a task's stdout (or stderr) from its sandbox; --follow keeps printing.")
  void log(
      @Parameters(paramLabel = "ID", description = "The task id (or a unique prefix of it).")
          String id,
      @Option(names = "--stderr", description = "Read stderr instead of stdout.") boolean stderr,
      @Option(
              names = {"-f", "--follow"},
              description = "Keep printing what is written until the task ends (or Ctrl-C).")
          boolean follow,
      @Option(
              names = "--lines",
              paramLabel = "N",
              description = "Only the last N lines (default: the whole file).")
          Integer lines) {
    if (lines != null && lines < 0) {
      throw CliFailure.usage("--lines must be 0 or more, got " + lines);
    }
    MasterHttp http = root.http();
    MesosTasks.Task task = find(MesosTasks.of(http.get("/master/state")), id);
    new SandboxLog(http, root.env(), task, stderr ? "stderr" : "stdout").print(lines, follow);
  }

  /** The task with this id, or the only one whose id starts with it. */
  static MesosTasks.Task find(List<MesosTasks.Task> tasks, String id) {
    List<MesosTasks.Task> prefixed = new ArrayList<>();
    for (MesosTasks.Task t : tasks) {
      if (t.id().equals(id)) {
        return t;
      }
      if (t.id().startsWith(id)) {
        prefixed.add(t);
      }
    }
    if (prefixed.size() == 1) {
      return prefixed.get(0);
    }
    if (prefixed.isEmpty()) {
      throw new CliFailure(
          CliFailure.REFUSED,
          "no task '" + id + "' is known to the master (see `mezzo task list --all`)");
    }
    List<String> lines = new ArrayList<>();
    lines.add("'" + id + "' names " + prefixed.size() + " tasks; give more of the id:");
    prefixed.stream().limit(10).forEach(t -> lines.add("  " + t.id()));
    throw new CliFailure(CliFailure.USAGE, lines);
  }
}
