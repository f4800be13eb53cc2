package io.mezzo.agent.user;

import java.util.List;

/**
 * A local user a task can run as, as {@code /etc/passwd} and {@code /etc/group} describe it.
 *
 * @param name the login name
 * @param uid its user id
 * @param gid its primary group id
 * @param groups its supplementary group ids (from {@code /etc/group}), without {@code gid}
 * @param home its home directory (the task's {@code HOME})
 */
public record UserAccount(String name, int uid, int gid, List<Integer> groups, String home) {

  public UserAccount {
    groups = List.copyOf(groups);
  }
}
