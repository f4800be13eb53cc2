package io.mezzo.agent.health;

import io.mezzo.agent.containerizer.process.SwitchUser;
import io.mezzo.agent.user.UserAccount;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where a task's probes reach it, as Mesos's checkers do. A process task shares the agent's
 * namespaces: its command checks run in its sandbox with its environment, and HTTP/TCP checks go to
 * the loopback. A Docker task is entered through its main process: command checks run in all of its
 * namespaces ({@code nsenter}), and HTTP/TCP checks run in its network namespace unless it uses the
 * host network.
 *
 * @param sandbox the working directory of command checks of a process task
 * @param environment the task's own variables (with {@code MESOS_SANDBOX} and friends), under the
 *     check command's own
 * @param pid the task's main process, needed to enter a container; null if unknown
 * @param inContainer the task runs in its own mount/pid namespaces (Docker)
 * @param ownNetwork the task has its own network namespace (Docker BRIDGE or USER)
 * @param user who a process task runs as, so its command checks run as that user too (Mesos runs
 *     them in the task's context); null for the agent's own user. A Docker task's checks enter its
 *     namespaces as the agent, as Mesos's nested check containers do.
 */
public record ProbeTarget(
    Path sandbox,
    Map<String, String> environment,
    Integer pid,
    boolean inContainer,
    boolean ownNetwork,
    UserAccount user) {

  public ProbeTarget {
    environment = environment == null ? Map.of() : Map.copyOf(environment);
  }

  /** A target of a task that runs as the agent's own user. */
  public ProbeTarget(
      Path sandbox,
      Map<String, String> environment,
      Integer pid,
      boolean inContainer,
      boolean ownNetwork) {
    this(sandbox, environment, pid, inContainer, ownNetwork, null);
  }

  /** A plain process task on the agent's host. */
  public static ProbeTarget host(Path sandbox, Map<String, String> environment) {
    return new ProbeTarget(sandbox, environment, null, false, false);
  }

  /**
   * The argv prefix that enters the task's namespaces for a command, if it has its own, or that
   * switches to the task's user on the host, with the same {@code setpriv} its command ran under.
   */
  List<String> enterAll() {
    if (inContainer) {
      return nsenter("-m", "-u", "-i", "-n", "-p");
    }
    return SwitchUser.prefix(user);
  }

  /** The user's login variables a command check gets under the task's own (see SwitchUser). */
  Map<String, String> userEnvironment() {
    return inContainer ? Map.of() : SwitchUser.environment(user);
  }

  /** The argv prefix that enters only the task's network namespace, if it has its own. */
  List<String> enterNetwork() {
    return ownNetwork ? nsenter("-n") : List.of();
  }

  private List<String> nsenter(String... namespaces) {
    if (pid == null) {
      throw new IllegalStateException(
          "the task's main process is unknown, so it cannot be entered");
    }
    List<String> argv = new java.util.ArrayList<>(List.of("nsenter", "-t", pid.toString()));
    argv.addAll(List.of(namespaces));
    argv.add("--");
    return argv;
  }
}
