package io.mezzo.agent.user;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Finds local users by name in {@code passwd}- and {@code group}-format lines. The sources are
 * injected so tests can describe users the machine does not have; {@link #system()} reads {@code
 * /etc/passwd} and {@code /etc/group}, which is where the users a task is switched to live on the
 * hosts Mezzo supports (users only known to NSS services such as LDAP are not found).
 *
 * <p>Stateless apart from its sources; each lookup re-reads them, so a user added while the agent
 * runs is found by the next task. Thread-safe if the sources are.
 */
public final class UserLookup {
  private final Supplier<List<String>> passwd;
  private final Supplier<List<String>> group;

  public UserLookup(Supplier<List<String>> passwd, Supplier<List<String>> group) {
    this.passwd = passwd;
    this.group = group;
  }

  /** The machine's own users. */
  public static UserLookup system() {
    return new UserLookup(() -> lines(Path.of("/etc/passwd")), () -> lines(Path.of("/etc/group")));
  }

  /**
   * The user named {@code name}, or empty if there is none (or its line is malformed).
   *
   * @throws UncheckedIOException if the user database cannot be read
   */
  public Optional<UserAccount> byName(String name) {
    for (String line : passwd.get()) {
      // name:password:uid:gid:gecos:home:shell
      String[] f = line.split(":", -1);
      if (f.length < 7 || !f[0].equals(name)) {
        continue;
      }
      try {
        int uid = Integer.parseInt(f[2]);
        int gid = Integer.parseInt(f[3]);
        return Optional.of(new UserAccount(name, uid, gid, groupsOf(name, gid), f[5]));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private List<Integer> groupsOf(String name, int primary) {
    List<Integer> out = new ArrayList<>();
    for (String line : group.get()) {
      // name:password:gid:member,member
      String[] f = line.split(":", -1);
      if (f.length < 4 || f[3].isEmpty()) {
        continue;
      }
      for (String member : f[3].split(",")) {
        if (member.strip().equals(name)) {
          try {
            int gid = Integer.parseInt(f[2]);
            if (gid != primary && !out.contains(gid)) {
              out.add(gid);
            }
          } catch (NumberFormatException ignored) {
            // A malformed group line gives no group; the others still count.
          }
        }
      }
    }
    return out;
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the user database " + file, e);
    }
  }
}
