package io.mezzo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mezzo agent …}: the agents, through the master's operator API ({@code POST /api/v1}). */
@Command(name = "agent", description = "List agents and drain them.")
final class AgentCommand implements Runnable {
  @ParentCommand MezzoCli root;

  @Override
  public void run() {
    throw CliFailure.usage("agent needs a command: list or drain");
  }

  @Command(name = "list", description = "List the agents with their resources (used/total).")
  void list() {
    JsonNode answer = operator(root.http(), call("GET_AGENTS")).body();
    if (root.json()) {
      root.printJson(answer);
      return;
    }
    Instant now = root.env().clock().instant();
    Table t = new Table("ID", "HOSTNAME", "STATE", "CPUS", "MEM", "DISK", "REGISTERED");
    List<JsonNode> agents = new ArrayList<>();
    answer.path("get_agents").path("agents").forEach(agents::add);
    agents.sort((a, b) -> hostname(a).compareTo(hostname(b)));
    for (JsonNode a : agents) {
      JsonNode total = a.path("total_resources");
      JsonNode used = a.path("allocated_resources");
      t.row(
          a.path("agent_info").path("id").path("value").asText(),
          hostname(a),
          state(a),
          usage(used, total, "cpus"),
          usage(used, total, "mem"),
          usage(used, total, "disk"),
          Durations.age(nanos(a.path("registered_time")), now));
    }
    for (JsonNode a : answer.path("get_agents").path("recovered_agents")) {
      t.row(a.path("id").path("value").asText(), a.path("hostname").asText(), "recovered");
    }
    t.print(root.env().out());
  }

  @Command(
      name = "drain",
      description =
          "Drain an agent: it gets no new tasks and its tasks are killed (frameworks such as the"
              + " services one relaunch theirs elsewhere).")
  void drain(
      @Parameters(paramLabel = "ID", description = "The agent id.") String id,
      @Option(
              names = "--grace-period",
              paramLabel = "DURATION",
              converter = Durations.Converter.class,
              description = "At most this long for each task to stop (default: its own).")
          Duration gracePeriod,
      @Option(names = "--mark-gone", description = "Mark the agent gone once drained.")
          boolean markGone) {
    if (id.isBlank()) {
      throw CliFailure.usage("the agent id must not be empty");
    }
    ObjectNode call = call("DRAIN_AGENT");
    ObjectNode drain = call.putObject("drain_agent");
    drain.putObject("agent_id").put("value", id);
    if (gracePeriod != null) {
      drain.putObject("max_grace_period").put("seconds", Math.max(1, gracePeriod.toSeconds()));
    }
    if (markGone) {
      drain.put("mark_gone", true);
    }
    MasterHttp.Reply reply = operator(root.http(), call);
    if (root.json()) {
      root.printJson(reply.body());
      return;
    }
    root.env()
        .out()
        .println(
            "Agent "
                + id
                + " is draining"
                + (markGone ? "; it will be marked gone once drained" : "")
                + " (see `mezzo agent list`)");
    root.env().out().flush();
  }

  private static ObjectNode call(String type) {
    return MasterHttp.JSON.createObjectNode().put("type", type);
  }

  private static MasterHttp.Reply operator(MasterHttp http, ObjectNode call) {
    return http.send("POST", "/api/v1", call);
  }

  private static String hostname(JsonNode a) {
    return a.path("agent_info").path("hostname").asText();
  }

  /** draining/drained while a drain goes on, else active or deactivated. */
  static String state(JsonNode a) {
    String drain = a.path("drain_info").path("state").asText("");
    if (!drain.isEmpty()) {
      return drain.toLowerCase();
    }
    if (a.path("deactivated").asBoolean()) {
      return "deactivated";
    }
    return a.path("active").asBoolean(true) ? "active" : "inactive";
  }

  /** "1.5/4" from v1 resources (scalars summed over roles). */
  private static String usage(JsonNode used, JsonNode total, String name) {
    return AppCommand.number(MasterHttp.JSON.getNodeFactory().numberNode(scalar(used, name)))
        + "/"
        + AppCommand.number(MasterHttp.JSON.getNodeFactory().numberNode(scalar(total, name)));
  }

  static double scalar(JsonNode resources, String name) {
    double sum = 0;
    for (JsonNode r : resources) {
      if (name.equals(r.path("name").asText())) {
        sum += r.path("scalar").path("value").asDouble();
      }
    }
    return sum;
  }

  private static Instant nanos(JsonNode t) {
    return t.path("nanoseconds").isNumber()
        ? Instant.ofEpochSecond(0, t.path("nanoseconds").asLong())
        : null;
  }
}
