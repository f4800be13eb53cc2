package io.mezzo.testing.fuzz;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Well-formed calls for {@link HostileRequests} to damage: every scheduler call type as F, G or a
 * stranger would send it, and agent calls as a fake agent would. Task commands always end at once.
 * Deterministic for a given {@link Random}.
 */
final class CallTemplates {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Call types that may reach F with its valid stream id: harmless even when they parse. */
  static final List<String> SAFE_FOR_F =
      List.of(
          "ACCEPT",
          "DECLINE",
          "REVIVE",
          "SUPPRESS",
          "KILL",
          "ACKNOWLEDGE",
          "RECONCILE",
          "MESSAGE",
          "SHUTDOWN",
          "REQUEST",
          "UNKNOWN",
          "ACCEPT_INVERSE_OFFERS",
          "DECLINE_INVERSE_OFFERS",
          "ACKNOWLEDGE_OPERATION_STATUS",
          "RECONCILE_OPERATIONS");

  static final List<String> ALL_CALLS =
      List.of(
          "SUBSCRIBE",
          "TEARDOWN",
          "ACCEPT",
          "DECLINE",
          "REVIVE",
          "SUPPRESS",
          "KILL",
          "SHUTDOWN",
          "ACKNOWLEDGE",
          "RECONCILE",
          "MESSAGE",
          "REQUEST",
          "UPDATE_FRAMEWORK",
          "UNKNOWN",
          "ACCEPT_INVERSE_OFFERS",
          "DECLINE_INVERSE_OFFERS",
          "ACKNOWLEDGE_OPERATION_STATUS",
          "RECONCILE_OPERATIONS");
  static final List<String> TASK_STATES =
      List.of(
          "TASK_STAGING",
          "TASK_STARTING",
          "TASK_RUNNING",
          "TASK_KILLING",
          "TASK_FINISHED",
          "TASK_FAILED",
          "TASK_KILLED",
          "TASK_ERROR",
          "TASK_LOST",
          "TASK_DROPPED",
          "TASK_UNREACHABLE",
          "TASK_GONE",
          "TASK_GONE_BY_OPERATOR",
          "TASK_UNKNOWN");

  /** Task commands that end at once whatever the mutations do to the rest of the task. */
  private static final List<String> SHORT_COMMANDS =
      List.of(
          "true",
          "exit 3",
          "echo fuzz",
          "kill -9 $$",
          "printf '\\0\\1\\2'",
          "/nonexistent/binary",
          "cat /dev/null",
          "echo \u00e9\uD83D\uDE00",
          ":");

  private final Random random;
  private final JsonMutator mutator;
  private int tasks;

  CallTemplates(Random random, JsonMutator mutator) {
    this.random = random;
    this.mutator = mutator;
  }

  /** Who a scheduler call claims to be. */
  record Identity(String name, String frameworkId, String stream, boolean isF) {
    static Identity f(FuzzTargets t) {
      return new Identity("F", t.fId(), t.fStream(), true);
    }

    static Identity g(FuzzTargets t) {
      return new Identity("G", t.gId(), t.gStream(), false);
    }
  }

  Identity identity(FuzzTargets t) {
    return switch (random.nextInt(10)) {
      case 0, 1, 2, 3 -> Identity.f(t);
      case 4, 5, 6 -> t.gId() == null ? Identity.f(t) : Identity.g(t);
      case 7 -> new Identity("unknown", uuid() + "-0000", uuid().toString(), false);
      case 8 -> new Identity("weird", mutator.pick(JsonMutator.HOSTILE_STRINGS), "x", false);
      default -> new Identity("none", null, null, false);
    };
  }

  ObjectNode schedulerCall(FuzzTargets t, Identity who, String type) {
    ObjectNode call = NODES.objectNode();
    if (who.frameworkId != null && !(type.equals("SUBSCRIBE") && random.nextBoolean())) {
      call.putObject("framework_id").put("value", who.frameworkId);
    }
    call.put("type", type);
    switch (type) {
      case "SUBSCRIBE" -> {
        ObjectNode sub = call.putObject("subscribe");
        ObjectNode info = frameworkInfo(who);
        if (call.has("framework_id")) {
          info.set("id", call.get("framework_id").deepCopy());
        }
        sub.set("framework_info", info);
        if (random.nextBoolean()) {
          sub.putArray("suppressed_roles").add(mutator.pick(List.of("*", "x", "")));
        }
      }
      case "ACCEPT" -> {
        ObjectNode accept = call.putObject("accept");
        ArrayNode ids = accept.putArray("offer_ids");
        for (String o : offers(t, who, 1 + random.nextInt(2))) {
          ids.addObject().put("value", o);
        }
        ArrayNode ops = accept.putArray("operations");
        ObjectNode op = ops.addObject();
        String opType =
            random.nextInt(5) == 0
                ? mutator.pick(
                    List.of("RESERVE", "CREATE", "LAUNCH_GROUP", "UNKNOWN", "DESTROY_DISK"))
                : "LAUNCH";
        op.put("type", opType);
        ArrayNode tasks =
            op.putObject(opType.equals("LAUNCH") ? "launch" : opType.toLowerCase())
                .putArray("task_infos");
        for (int i = 1 + random.nextInt(2); i > 0; i--) {
          tasks.add(taskInfo(t));
        }
        if (random.nextBoolean()) {
          accept.putObject("filters").put("refuse_seconds", refuseSeconds());
        }
      }
      case "DECLINE" -> {
        ObjectNode decline = call.putObject("decline");
        ArrayNode ids = decline.putArray("offer_ids");
        for (String o : offers(t, who, 1 + random.nextInt(3))) {
          ids.addObject().put("value", o);
        }
        decline.putObject("filters").put("refuse_seconds", refuseSeconds());
      }
      case "REVIVE", "SUPPRESS" -> {
        ArrayNode roles = call.putObject(type.toLowerCase()).putArray("roles");
        if (random.nextBoolean()) {
          roles.add(mutator.pick(List.of("*", "*", "other", "", "a/b", "..")));
        }
      }
      case "KILL" -> {
        ObjectNode kill = call.putObject("kill");
        kill.putObject("task_id").put("value", killableTask(t, who));
        kill.putObject("agent_id").put("value", t.agentId());
        if (random.nextBoolean()) {
          kill.putObject("kill_policy")
              .putObject("grace_period")
              .put(
                  "nanoseconds",
                  mutator.pick(List.of(-1L, 0L, 1L, Long.MAX_VALUE, 1_000_000_000L)));
        }
      }
      case "SHUTDOWN" -> {
        ObjectNode s = call.putObject("shutdown");
        s.putObject("executor_id").put("value", "fz-executor");
        s.putObject("agent_id").put("value", t.agentId());
      }
      case "ACKNOWLEDGE" -> {
        ObjectNode ack = call.putObject("acknowledge");
        ack.putObject("agent_id").put("value", t.agentId());
        ack.putObject("task_id").put("value", "fz-task-" + random.nextInt(50));
        ack.put("uuid", validUuid());
      }
      case "RECONCILE" -> {
        ArrayNode tasks = call.putObject("reconcile").putArray("tasks");
        for (int i = random.nextInt(3); i > 0; i--) {
          ObjectNode task = tasks.addObject();
          task.putObject("task_id").put("value", "fz-task-" + random.nextInt(50));
          if (random.nextBoolean()) {
            task.putObject("agent_id").put("value", t.agentId());
          }
        }
      }
      case "MESSAGE" -> {
        ObjectNode m = call.putObject("message");
        m.putObject("agent_id").put("value", t.agentId());
        m.putObject("executor_id").put("value", "fz-executor");
        m.put("data", Base64.getEncoder().encodeToString("hello".getBytes(StandardCharsets.UTF_8)));
      }
      case "REQUEST" -> {
        ObjectNode r = call.putObject("request").putArray("requests").addObject();
        r.putObject("agent_id").put("value", t.agentId());
        r.putArray("resources").add(scalar("cpus", 1));
      }
      case "UPDATE_FRAMEWORK" -> {
        ObjectNode info = frameworkInfo(who);
        if (who.frameworkId != null) {
          info.putObject("id").put("value", who.frameworkId);
        }
        call.putObject("update_framework").set("framework_info", info);
      }
      case "ACCEPT_INVERSE_OFFERS", "DECLINE_INVERSE_OFFERS" ->
          call.putObject(type.toLowerCase())
              .putArray("inverse_offer_ids")
              .addObject()
              .put("value", "fz-inverse");
      case "ACKNOWLEDGE_OPERATION_STATUS" -> {
        ObjectNode a = call.putObject("acknowledge_operation_status");
        a.putObject("agent_id").put("value", t.agentId());
        a.put("uuid", validUuid());
        a.putObject("operation_id").put("value", "fz-op");
      }
      case "RECONCILE_OPERATIONS" -> call.putObject("reconcile_operations").putArray("operations");
      default -> {}
    }
    return call;
  }

  private ObjectNode frameworkInfo(Identity who) {
    ObjectNode info = NODES.objectNode();
    info.put("user", "root");
    info.put("name", "fuzz-" + who.name);
    if (random.nextBoolean()) {
      info.put("failover_timeout", mutator.pick(List.of(0.0, 1.0, 3600.0, 1e9, 1e10, 1e300)));
    }
    if (random.nextInt(3) == 0) {
      info.putArray("capabilities")
          .addObject()
          .put(
              "type",
              mutator.pick(List.of("MULTI_ROLE", "PARTITION_AWARE", "TASK_KILLING_STATE", "NOPE")));
    }
    if (random.nextInt(3) == 0) {
      info.putArray("roles").add("*");
    }
    if (random.nextInt(4) == 0) {
      info.put("role", mutator.pick(List.of("*", "fuzz", "a b", "-x", "a//b")));
    }
    return info;
  }

  /** A TaskInfo that is valid for the real agent, with a command that ends at once. */
  private ObjectNode taskInfo(FuzzTargets t) {
    ObjectNode task = NODES.objectNode();
    String id = "fz-" + (++tasks) + "-" + random.nextInt(1000);
    task.put("name", id);
    task.putObject("task_id").put("value", id);
    task.putObject("agent_id").put("value", t.agentId());
    ArrayNode resources = task.putArray("resources");
    resources.add(scalar("cpus", 0.01));
    resources.add(scalar("mem", 1 + random.nextInt(8)));
    ObjectNode command = task.putObject("command");
    boolean shell = random.nextInt(4) != 0;
    command.put("shell", shell);
    command.put(
        "value",
        shell
            ? mutator.pick(SHORT_COMMANDS)
            : mutator.pick(
                List.of("/bin/true", "/bin/false", "/nonexistent", "/", "/dev/null", "")));
    if (!shell && random.nextBoolean()) {
      ArrayNode args = command.putArray("arguments");
      for (int i = random.nextInt(3); i > 0; i--) {
        args.add(mutator.pick(List.of("a", "", "\u00e9", "--x")));
      }
    }
    if (random.nextInt(3) == 0) {
      ArrayNode vars = command.putObject("environment").putArray("variables");
      for (int i = random.nextInt(4); i > 0; i--) {
        vars.addObject()
            .put("name", mutator.pick(List.of("FUZZ", "A=B", "", "\u00e9", "PATH", "X\u0000Y")))
            .put("value", mutator.pick(List.of("1", "", "\u0000", "v".repeat(1000))));
      }
    }
    if (random.nextInt(6) == 0) {
      ObjectNode container = task.putObject("container");
      container.put("type", mutator.pick(List.of("MESOS", "DOCKER")));
      container.putObject("docker").put("image", "fuzz/none");
    }
    if (random.nextInt(6) == 0) {
      task.putObject("kill_policy")
          .putObject("grace_period")
          .put("nanoseconds", mutator.pick(List.of(-1L, 0L, Long.MAX_VALUE)));
    }
    if (random.nextInt(6) == 0) {
      task.putObject("health_check")
          .put("type", "COMMAND")
          .putObject("command")
          .put("value", "true");
    }
    if (random.nextInt(6) == 0) {
      task.put("data", mutator.pick(List.of("aGVsbG8=", "not base64!", "")));
    }
    if (random.nextInt(8) == 0) {
      task.putObject("max_completion_time").put("nanoseconds", mutator.pick(List.of(-1L, 0L, 1L)));
    }
    return task;
  }

  ObjectNode agentCall(FuzzTargets t) {
    ObjectNode call = NODES.objectNode();
    String type =
        mutator.pick(
            List.of(
                "SUBSCRIBE",
                "SUBSCRIBE",
                "HEARTBEAT",
                "STATUS_UPDATE",
                "STATUS_UPDATE",
                "UNKNOWN"));
    call.put("type", type);
    switch (type) {
      case "SUBSCRIBE" -> {
        ObjectNode reg = call.putObject("register");
        ObjectNode info = reg.putObject("agent_info");
        info.put("hostname", mutator.pick(List.of("fuzz-host", "127.0.0.1", "")));
        info.put("port", mutator.pick(List.of(5051, 0, -1, 65536)));
        ArrayNode resources = info.putArray("resources");
        resources.add(scalar("cpus", 1));
        resources.add(scalar("mem", 128));
        ObjectNode ports = resources.addObject().put("name", "ports").put("type", "RANGES");
        ports
            .putObject("ranges")
            .putArray("range")
            .addObject()
            .put("begin", 31000)
            .put("end", 31010);
        if (random.nextBoolean()) {
          info.putArray("attributes")
              .addObject()
              .put("name", "rack")
              .put("type", "TEXT")
              .putObject("text")
              .put("value", "r1");
        }
        if (random.nextBoolean()) {
          // Re-registration under an id the master never gave out; never the real agent's id, whose
          // hijack is not bad input but an unauthenticated protocol (see the IT's notes).
          String id =
              mutator.pick(
                  List.of("fz-agent-" + random.nextInt(5), "", "a/b", "..", "x".repeat(300)));
          info.putObject("id").put("value", id);
          call.putObject("agent_id").put("value", id);
          if (random.nextBoolean()) {
            reg.putArray("frameworks")
                .addObject()
                .put("user", "root")
                .put("name", "ghost")
                .putObject("id")
                .put("value", "fz-ghost-framework");
            ObjectNode rt = reg.putArray("tasks").addObject();
            rt.putObject("framework_id").put("value", "fz-ghost-framework");
            rt.set("task", taskInfo(t));
            ((ObjectNode) rt.get("task")).putObject("agent_id").put("value", id);
            rt.put("state", mutator.pick(TASK_STATES));
          }
        }
        reg.put("endpoint", mutator.pick(List.of("http://127.0.0.1:1", "not a url", "::::", "")));
        reg.put("version", "fuzz");
      }
      case "HEARTBEAT" ->
          call.putObject("agent_id")
              .put("value", mutator.pick(List.of(t.agentId(), "fz-agent-1", "")));
      case "STATUS_UPDATE" -> {
        call.putObject("agent_id")
            .put("value", mutator.pick(List.of(t.agentId(), t.agentId(), "fz-agent-1")));
        ObjectNode update = call.putObject("update");
        String fw =
            mutator.pick(
                List.of(t.fId(), t.gId() == null ? t.fId() : t.gId(), "fz-ghost-framework"));
        update.putObject("framework_id").put("value", fw);
        ObjectNode status = update.putObject("status");
        // Forged updates name tasks nobody launched: speaking for a real task is the agent's right.
        status.putObject("task_id").put("value", "fz-forged-" + random.nextInt(100));
        status.put("state", mutator.pick(TASK_STATES));
        status.put("source", "SOURCE_EXECUTOR");
        status.putObject("agent_id").put("value", t.agentId());
        status.put("timestamp", 1.7e9);
        if (random.nextBoolean()) {
          status.put(
              "uuid",
              random.nextBoolean() ? validUuid() : mutator.pick(HostileRequests.badUuids()));
        }
        if (random.nextBoolean()) {
          status.put("message", mutator.pick(JsonMutator.HOSTILE_STRINGS));
        }
        if (random.nextInt(4) == 0) {
          status.put("data", mutator.pick(List.of("aGVsbG8=", "not base64!")));
        }
        if (random.nextInt(4) == 0) {
          status.put("reason", mutator.pick(List.of("REASON_TASK_INVALID", "REASON_NOPE")));
        }
      }
      default -> {}
    }
    return call;
  }

  /** F's own offers for F (sometimes stale), the other's for G; unknown ones for anyone. */
  private List<String> offers(FuzzTargets t, Identity who, int n) {
    List<String> own = who.isF ? t.fOffers() : who.name.equals("G") ? t.gOffers() : List.of();
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int kind = random.nextInt(4);
      if (kind < 2 && !own.isEmpty()) {
        // Mostly the newest (likely still outstanding), sometimes an old one (used or declined).
        int at = kind == 0 ? own.size() - 1 : random.nextInt(own.size());
        out.add(own.get(at));
      } else if (kind == 2) {
        out.add(uuid() + "-O" + random.nextInt(1000));
      } else {
        List<String> foreign = who.isF ? t.gOffers() : t.fOffers();
        out.add(foreign.isEmpty() ? "fz-offer" : foreign.get(foreign.size() - 1));
      }
    }
    return out;
  }

  private String killableTask(FuzzTargets t, Identity who) {
    if (!who.isF && !t.gTasks().isEmpty() && random.nextBoolean()) {
      return t.gTasks().get(random.nextInt(t.gTasks().size()));
    }
    return "fz-task-" + random.nextInt(50);
  }

  private double refuseSeconds() {
    return mutator.pick(List.of(0.0, 0.5, 5.0, -1.0, 1e9, 1e300, Double.MAX_VALUE));
  }

  String validUuid() {
    byte[] b = new byte[16];
    random.nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  static ObjectNode scalar(String name, double value) {
    ObjectNode r = NODES.objectNode().put("name", name).put("type", "SCALAR");
    r.putObject("scalar").put("value", value);
    return r;
  }

  /** A UUID from the seeded random, so a replay draws the same ones. */
  private UUID uuid() {
    return new UUID(random.nextLong(), random.nextLong());
  }
}
