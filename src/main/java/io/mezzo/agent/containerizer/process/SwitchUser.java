package io.mezzo.agent.containerizer.process;

import io.mezzo.agent.user.UserAccount;
import java.util.List;
import java.util.Map;

/**
 * How a process container's command becomes its user's: the launch wrapper runs it under {@code
 * setpriv} (util-linux), which sets the real and effective uid and gid and the user's supplementary
 * groups just before it execs the command — Mesos switches in its launch helper the same way,
 * between fork and exec. Only the command is switched: the wrapper stays the agent's user, so it
 * can still record the exit status in the agent's checkpoint dir. Command checks of the task run
 * under the same prefix (see {@code ProbeTarget}).
 */
public final class SwitchUser {
  private SwitchUser() {}

  /** The argv that precedes the command; empty to run it as the agent's own user. */
  public static List<String> prefix(UserAccount user) {
    if (user == null) {
      return List.of();
    }
    return List.of(
        "setpriv", "--reuid=" + user.uid(), "--regid=" + user.gid(), "--init-groups", "--");
  }

  /**
   * The login variables of the user ({@code HOME}, {@code USER}, {@code LOGNAME}), so the command
   * does not inherit the agent's home it cannot use; the task's own variables still override them.
   */
  public static Map<String, String> environment(UserAccount user) {
    if (user == null) {
      return Map.of();
    }
    return Map.of("HOME", user.home(), "USER", user.name(), "LOGNAME", user.name());
  }
}
