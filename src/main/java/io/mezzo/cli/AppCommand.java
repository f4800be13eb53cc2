package io.mezzo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mezzo app …}: Marathon apps through the master's {@code /v2} API. */
@Command(
    name = "app",
    description = "List, show, deploy, scale, restart and destroy apps.",
    subcommands = AppDeploy.class)
final class AppCommand implements Runnable {
  @ParentCommand MezzoCli root;

  @Override
  public void run() {
    throw CliFailure.usage("app needs a command: list, show, deploy, scale, restart or destroy");
  }

  @Command(name = "list", description = "List the apps with their instances and status.")
  void list() {
    JsonNode answer =
        root.http().get("/v2/apps?embed=apps.counts&embed=apps.deployments&embed=apps.readiness");
    if (root.json()) {
      root.printJson(answer);
      return;
    }
    Table t = new Table("ID", "INSTANCES", "HEALTHY", "STATUS", "CPUS", "MEM", "COMMAND");
    List<JsonNode> apps = new ArrayList<>();
    answer.path("apps").forEach(apps::add);
    apps.sort((a, b) -> a.path("id").asText().compareTo(b.path("id").asText()));
    for (JsonNode a : apps) {
      t.row(
          a.path("id").asText(),
          a.path("tasksRunning").asInt() + "/" + a.path("instances").asInt(),
          healthy(a),
          status(a),
          number(a.path("cpus")),
          number(a.path("mem")),
          command(a));
    }
    t.print(root.env().out());
  }

  @Command(name = "show", description = "Show an app: its definition, instances and deployments.")
  void show(@Parameters(paramLabel = "ID", description = "The app id, e.g. /prod/web.") String id) {
    String app = AppIds.absolute(id);
    JsonNode answer =
        root.http()
            .get(
                "/v2/apps"
                    + app
                    + "?embed=app.tasks&embed=app.counts&embed=app.deployments"
                    + "&embed=app.lastTaskFailure&embed=app.readiness");
    if (root.json()) {
      root.printJson(answer);
      return;
    }
    JsonNode a = answer.path("app");
    PrintWriter out = root.env().out();
    Instant now = root.env().clock().instant();
    Table facts = new Table("FIELD", "VALUE");
    facts.row("id", a.path("id").asText());
    facts.row("status", status(a));
    facts.row("version", a.path("version").asText(null));
    facts.row("command", command(a));
    facts.row(
        "resources",
        "cpus "
            + number(a.path("cpus"))
            + ", mem "
            + number(a.path("mem"))
            + " MiB, disk "
            + number(a.path("disk"))
            + " MiB");
    facts.row(
        "instances",
        a.path("tasksRunning").asInt()
            + " running of "
            + a.path("instances").asInt()
            + ", "
            + a.path("tasksStaged").asInt()
            + " staged, "
            + a.path("tasksHealthy").asInt()
            + " healthy, "
            + a.path("tasksUnhealthy").asInt()
            + " unhealthy");
    if (a.path("constraints").size() > 0) {
      facts.row("constraints", constraints(a.path("constraints")));
    }
    if (a.path("healthChecks").size() > 0) {
      List<String> checks = new ArrayList<>();
      a.path("healthChecks").forEach(h -> checks.add(h.path("protocol").asText("HTTP")));
      facts.row("health checks", String.join(", ", checks));
    }
    List<String> deployments = new ArrayList<>();
    a.path("deployments").forEach(d -> deployments.add(d.path("id").asText()));
    facts.row("deployments", deployments.isEmpty() ? "none" : String.join(", ", deployments));
    JsonNode failure = a.path("lastTaskFailure");
    if (failure.isObject()) {
      facts.row(
          "last failure",
          failure.path("state").asText()
              + " "
              + failure.path("taskId").asText()
              + " on "
              + failure.path("host").asText()
              + ": "
              + failure.path("message").asText());
    }
    facts.print(out);
    out.println();
    Table tasks = new Table("TASK", "STATE", "HEALTH", "HOST", "PORTS", "STARTED", "VERSION");
    for (JsonNode task : a.path("tasks")) {
      List<String> ports = new ArrayList<>();
      task.path("ports").forEach(p -> ports.add(p.asText()));
      tasks.row(
          task.path("id").asText(),
          task.path("state").asText(null),
          taskHealth(task),
          task.path("host").asText(null),
          ports.isEmpty() ? null : String.join(",", ports),
          Durations.age(instant(task.path("startedAt")), now),
          task.path("version").asText(null));
    }
    tasks.print(out);
  }

  @Command(name = "scale", description = "Set the number of instances of an app.")
  void scale(
      @Parameters(index = "0", paramLabel = "ID", description = "The app id.") String id,
      @Parameters(index = "1", paramLabel = "N", description = "The instances wanted (0 or more).")
          int instances,
      @Mixin ChangeOptions o) {
    if (instances < 0) {
      throw CliFailure.usage("N must be 0 or more, got " + instances);
    }
    String app = AppIds.absolute(id);
    ObjectNode body = MasterHttp.JSON.createObjectNode().put("instances", instances);
    MasterHttp http = root.http();
    Deployments.started(
        root, http, http.send("PUT", "/v2/apps" + app + o.forceQuery("?"), body), o);
  }

  @Command(name = "restart", description = "Replace every instance of an app, rolling.")
  void restart(
      @Parameters(paramLabel = "ID", description = "The app id.") String id,
      @Mixin ChangeOptions o) {
    String app = AppIds.absolute(id);
    MasterHttp http = root.http();
    Deployments.started(
        root, http, http.send("POST", "/v2/apps" + app + "/restart" + o.forceQuery("?"), null), o);
  }

  @Command(name = "destroy", description = "Stop every instance of an app and forget it.")
  void destroy(
      @Parameters(paramLabel = "ID", description = "The app id.") String id,
      @Mixin ChangeOptions o) {
    String app = AppIds.absolute(id);
    MasterHttp http = root.http();
    Deployments.started(
        root, http, http.send("DELETE", "/v2/apps" + app + o.forceQuery("?"), null), o);
  }

  /**
   * The status the web UI shows: deploying while a deployment holds the app, suspended at 0
   * instances, unhealthy when a health check fails, waiting while fewer run than wanted.
   */
  static String status(JsonNode a) {
    if (a.path("deployments").size() > 0) {
      return "deploying";
    }
    int wanted = a.path("instances").asInt();
    if (wanted == 0 && a.path("tasksRunning").asInt() == 0) {
      return "suspended";
    }
    if (a.path("tasksUnhealthy").asInt() > 0) {
      return "unhealthy";
    }
    return a.path("tasksRunning").asInt() < wanted ? "waiting" : "running";
  }

  private static String healthy(JsonNode a) {
    if (a.path("healthChecks").size() == 0) {
      return null; // "-": nothing checks it
    }
    return a.path("tasksHealthy").asInt() + "/" + a.path("instances").asInt();
  }

  private static String taskHealth(JsonNode task) {
    JsonNode results = task.path("healthCheckResults");
    if (results.size() == 0) {
      return null;
    }
    for (JsonNode r : results) {
      if (!r.path("alive").asBoolean()) {
        return "unhealthy";
      }
    }
    return "healthy";
  }

  /** The command, else the Docker image, else the args: what the app runs. */
  static String command(JsonNode a) {
    if (a.hasNonNull("cmd") && !a.path("cmd").asText().isBlank()) {
      return abbreviate(a.path("cmd").asText());
    }
    JsonNode image = a.path("container").path("docker").path("image");
    if (image.isTextual()) {
      return "image " + image.asText();
    }
    List<String> args = new ArrayList<>();
    a.path("args").forEach(x -> args.add(x.asText()));
    return args.isEmpty() ? null : abbreviate(String.join(" ", args));
  }

  private static String constraints(JsonNode cs) {
    List<String> out = new ArrayList<>();
    for (JsonNode c : cs) {
      List<String> parts = new ArrayList<>();
      c.forEach(p -> parts.add(p.asText()));
      out.add(String.join(":", parts));
    }
    return String.join(", ", out);
  }

  static String number(JsonNode n) {
    if (!n.isNumber()) {
      return null;
    }
    double d = n.asDouble();
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }

  private static Instant instant(JsonNode n) {
    try {
      return n.isTextual() ? Instant.parse(n.asText()) : null;
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  private static String abbreviate(String s) {
    String one = s.replaceAll("\\s+", " ").strip();
    return one.length() <= 60 ? one : one.substring(0, 59) + "…";
  }
}
