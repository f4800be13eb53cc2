package io.mezzo.agent.user;

import io.mezzo.api.v1.CommandInfo;
import io.mezzo.api.v1.FrameworkInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Decides which user a task runs as, as Mesos's {@code --switch_user} does: {@code
 * CommandInfo.user} if the command names one, else {@code FrameworkInfo.user}; an empty user, or
 * switching turned off, means the agent's own user. The user must exist on this agent, and only a
 * root agent can run a task as somebody else.
 *
 * <p>A pure decision over the injected user database and agent identity; thread-safe.
 */
public final class TaskUsers {
  private final boolean switchUser;
  private final UserLookup lookup;
  private final int agentUid;
  private final String agentUser;

  /**
   * @param switchUser {@code mezzo.agent.switch-user}: false runs every task as the agent's user
   * @param agentUid the uid the agent runs as
   * @param agentUser the agent's user name, for messages
   */
  public TaskUsers(boolean switchUser, UserLookup lookup, int agentUid, String agentUser) {
    this.switchUser = switchUser;
    this.lookup = lookup;
    this.agentUid = agentUid;
    this.agentUser = agentUser;
  }

  /** Over this machine's users, for an agent running as this process's user. */
  public static TaskUsers system(boolean switchUser) {
    return new TaskUsers(
        switchUser, UserLookup.system(), processUid(), System.getProperty("user.name"));
  }

  public boolean switchUser() {
    return switchUser;
  }

  /**
   * The account a command of {@code framework} must run as; empty to run it as the agent's own user
   * (switching off, no user named, or the agent's user itself).
   *
   * @param command the task's (or executor's) command; may be null
   * @throws IllegalArgumentException naming the user when it does not exist here, or when a
   *     non-root agent is asked to run as another user
   */
  public Optional<UserAccount> resolve(FrameworkInfo framework, CommandInfo command) {
    if (!switchUser) {
      return Optional.empty();
    }
    String name =
        command != null && command.user() != null
            ? command.user()
            : framework == null ? null : framework.user();
    if (name == null || name.isEmpty()) {
      return Optional.empty();
    }
    String source =
        command != null && command.user() != null ? "CommandInfo.user" : "FrameworkInfo.user";
    UserAccount account =
        lookup
            .byName(name)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "user '" + name + "' (" + source + ") does not exist on this agent"));
    if (account.uid() == agentUid) {
      return Optional.empty();
    }
    if (agentUid != 0) {
      throw new IllegalArgumentException(
          "the agent runs as '"
              + agentUser
              + "' (uid "
              + agentUid
              + ") and cannot run a task as user '"
              + name
              + "' ("
              + source
              + "); run the agent as root or set mezzo.agent.switch-user=false");
    }
    return Optional.of(account);
  }

  private static int processUid() {
    try {
      return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (IOException | UnsupportedOperationException e) {
      // Without /proc the agent cannot tell; "root" would promise switches it may not manage.
      return "root".equals(System.getProperty("user.name")) ? 0 : -1;
    }
  }
}
