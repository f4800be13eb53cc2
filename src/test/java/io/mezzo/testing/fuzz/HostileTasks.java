package io.mezzo.testing.fuzz;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * TaskInfos the master may well accept but that an agent must survive: giant or malformed
 * environments, NUL bytes, argv without a shell, a directory as the program, unsupported features.
 * Each must end in a terminal state that says why, and never take the agent down. Commands only
 * ever end at once or fail to start.
 */
public final class HostileTasks {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  static final Set<String> FAILED = Set.of("TASK_FAILED", "TASK_ERROR");
  static final Set<String> ENDED = Set.of("TASK_FINISHED", "TASK_FAILED", "TASK_ERROR");

  /**
   * One case. {@code ends}: the terminal states it may end in; {@code launchFailure}: whether a
   * failure must carry a reason (it never started) rather than an exit status.
   */
  public record Case(String name, ObjectNode task, Set<String> ends, boolean launchFailure) {}

  private HostileTasks() {}

  /** The cases, with task ids {@code <prefix>-<name>}, for {@code agentId}. */
  public static List<Case> all(String prefix, String agentId) {
    List<Case> out = new ArrayList<>();
    ObjectNode t = task(prefix, "giant-env", agentId, shell("true"));
    ArrayNode vars = t.withObjectProperty("command").putObject("environment").putArray("variables");
    for (int i = 0; i < 3000; i++) {
      vars.addObject().put("name", "FUZZ_" + i).put("value", "v".repeat(1000));
    }
    out.add(new Case("giant-env", t, FAILED, true));
    out.add(
        new Case(
            "env-name-with-equals",
            env(task(prefix, "env-name-with-equals", agentId, shell("true")), "A=B", "1"),
            FAILED,
            true));
    out.add(
        new Case(
            "env-name-with-nul",
            env(task(prefix, "env-name-with-nul", agentId, shell("true")), "X\u0000Y", "1"),
            FAILED,
            true));
    out.add(
        new Case(
            "env-value-with-nul",
            env(task(prefix, "env-value-with-nul", agentId, shell("true")), "X", "a\u0000b"),
            FAILED,
            true));
    // POSIX allows an empty name in the environment block ("=1"); a shell ignores it.
    out.add(
        new Case(
            "env-empty-name",
            env(task(prefix, "env-empty-name", agentId, shell("true")), "", "1"),
            ENDED,
            false));
    ObjectNode secret = env(task(prefix, "env-secret", agentId, shell("true")), "S", "x");
    ((ObjectNode) secret.at("/command/environment/variables/0")).put("type", "SECRET");
    out.add(new Case("env-secret", secret, FAILED, true));
    out.add(
        new Case(
            "command-with-nul",
            task(prefix, "command-with-nul", agentId, shell("echo a\u0000b")),
            FAILED,
            true));
    out.add(
        new Case(
            "command-of-1MiB",
            task(prefix, "command-of-1MiB", agentId, shell("true " + "x".repeat(1 << 20))),
            FAILED,
            true));
    out.add(
        new Case(
            "no-shell-missing-program",
            task(prefix, "no-shell-missing-program", agentId, argv("/nonexistent/program")),
            FAILED,
            false));
    out.add(
        new Case(
            "no-shell-no-arguments",
            task(prefix, "no-shell-no-arguments", agentId, argv("/bin/true")),
            Set.of("TASK_FINISHED"),
            false));
    out.add(
        new Case(
            "no-shell-directory",
            task(prefix, "no-shell-directory", agentId, argv("/")),
            FAILED,
            false));
    ObjectNode nulArg = task(prefix, "no-shell-nul-argument", agentId, argv("/bin/echo"));
    nulArg.withObjectProperty("command").putArray("arguments").add("echo").add("a\u0000b");
    out.add(new Case("no-shell-nul-argument", nulArg, FAILED, true));
    ObjectNode uris = task(prefix, "uris", agentId, shell("true"));
    uris.withObjectProperty("command")
        .putArray("uris")
        .addObject()
        .put("value", "http://127.0.0.1:1/nothing");
    out.add(new Case("uris", uris, FAILED, true));
    ObjectNode docker = task(prefix, "docker", agentId, shell("true"));
    docker
        .putObject("container")
        .put("type", "DOCKER")
        .putObject("docker")
        .put("image", "none/none");
    out.add(new Case("docker", docker, FAILED, true));
    ObjectNode grace = task(prefix, "huge-kill-grace", agentId, shell("true"));
    grace.putObject("kill_policy").putObject("grace_period").put("nanoseconds", Long.MAX_VALUE);
    out.add(new Case("huge-kill-grace", grace, Set.of("TASK_FINISHED"), false));
    ObjectNode deep = task(prefix, "deep-health-check", agentId, shell("true"));
    ObjectNode level = deep.putObject("health_check");
    for (int i = 0; i < 900; i++) {
      level = level.putObject("d");
    }
    out.add(new Case("deep-health-check", deep, ENDED, false));
    out.add(
        new Case(
            "unicode-command",
            task(
                prefix,
                "unicode-command",
                agentId,
                shell("echo \u00e9t\u00e9 \uD83D\uDE00 \u202Eevil \uD800")),
            ENDED,
            false));
    out.add(
        new Case(
            "much-output",
            task(prefix, "much-output", agentId, shell("head -c 5000000 /dev/zero")),
            Set.of("TASK_FINISHED"),
            false));
    ObjectNode name = task(prefix, "huge-name", agentId, shell("true"));
    name.put("name", "n".repeat(100_000));
    out.add(new Case("huge-name", name, Set.of("TASK_FINISHED"), false));
    return out;
  }

  private static ObjectNode task(String prefix, String name, String agentId, ObjectNode command) {
    ObjectNode task = NODES.objectNode();
    task.put("name", name);
    task.putObject("task_id").put("value", prefix + "-" + name);
    task.putObject("agent_id").put("value", agentId);
    ArrayNode resources = task.putArray("resources");
    resources
        .addObject()
        .put("name", "cpus")
        .put("type", "SCALAR")
        .putObject("scalar")
        .put("value", 0.01);
    resources
        .addObject()
        .put("name", "mem")
        .put("type", "SCALAR")
        .putObject("scalar")
        .put("value", 8);
    task.set("command", command);
    return task;
  }

  private static ObjectNode shell(String value) {
    return NODES.objectNode().put("shell", true).put("value", value);
  }

  private static ObjectNode argv(String program) {
    return NODES.objectNode().put("shell", false).put("value", program);
  }

  private static ObjectNode env(ObjectNode task, String name, String value) {
    task.withObjectProperty("command")
        .putObject("environment")
        .putArray("variables")
        .addObject()
        .put("name", name)
        .put("value", value);
    return task;
  }
}
