package io.mezzo.agent.health;

import io.mezzo.api.v1.CommandInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A COMMAND check: the command runs in the task's context (its sandbox and environment, or inside
 * its container) and passes when it exits 0.
 */
final class CommandProbe implements Probe {
  private final CommandInfo command;
  private final ProbeTarget target;

  CommandProbe(CommandInfo command, ProbeTarget target) {
    this.command = command;
    this.target = target;
  }

  @Override
  public CompletionStage<ProbeResult> run(Duration timeout) {
    List<String> argv;
    try {
      argv = new ArrayList<>(target.enterAll());
    } catch (IllegalStateException e) {
      return CompletableFuture.completedFuture(
          ProbeResult.failed(describe() + ": " + e.getMessage()));
    }
    if (command.shell()) {
      argv.addAll(List.of("/bin/sh", "-c", command.value()));
    } else {
      argv.add(command.value());
      // Mesos's argv includes argv[0]; ProcessBuilder takes the executable as argv[0].
      argv.addAll(
          command.arguments().isEmpty()
              ? List.of()
              : command.arguments().subList(1, command.arguments().size()));
    }
    Map<String, String> env = new HashMap<>(target.userEnvironment());
    env.putAll(target.environment());
    if (command.environment() != null) {
      for (CommandInfo.Environment.Variable v : command.environment().variables()) {
        env.put(v.name(), v.value() == null ? "" : v.value());
      }
    }
    return CommandRunner.run(argv, env, target.inContainer() ? null : target.sandbox(), timeout)
        .thenApply(
            o ->
                o.exitCode() == null
                    ? ProbeResult.failed(describe() + " " + o.error())
                    : ProbeResult.exited(
                        o.exitCode(), describe() + " exited with status " + o.exitCode()));
  }

  @Override
  public String describe() {
    return "command '" + command.value() + "'";
  }
}
