package io.mezzo.bootstrap;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides a node's {@link Role} from the active Quarkus profiles and {@code mezzo.role}, refusing
 * what would otherwise start the wrong node silently: Quarkus accepts any profile name, so a typo
 * such as {@code mastr} used to start a standalone node with the default role.
 *
 * <p>Allowed profiles are the role profiles ({@code standalone}, {@code master}, {@code agent}) and
 * Quarkus's own ({@code prod}, {@code dev}, {@code test}), in a comma list such as {@code
 * prod,master}. At most one role profile may be active, and {@code mezzo.role} (which the role
 * profiles set) must agree with it. Pure: the caller passes what Quarkus reports.
 */
public final class RoleChoice {
  static final String ROLES = "standalone, master, agent";
  private static final Set<String> QUARKUS_PROFILES = Set.of("prod", "dev", "test");

  private RoleChoice() {}

  /**
   * @param profiles the active profiles, as Quarkus reports them (comma lists already split)
   * @param role the value of {@code mezzo.role}
   * @throws StartupRefusal naming the key, the value and the allowed values
   */
  public static Role choose(List<String> profiles, String role) {
    String shown = String.join(",", profiles);
    List<Role> byProfile = new ArrayList<>();
    for (String raw : profiles) {
      String p = raw.strip().toLowerCase(Locale.ROOT);
      if (QUARKUS_PROFILES.contains(p)) {
        continue;
      }
      Role r = roleNamed(p);
      if (r == null) {
        throw StartupRefusal.of(
            "quarkus.profile",
            shown,
            "unknown profile '"
                + raw
                + "'; expected one of "
                + ROLES
                + ", optionally with Quarkus's prod, dev or test (e.g. prod,master)");
      }
      if (!byProfile.contains(r)) {
        byProfile.add(r);
      }
    }
    if (byProfile.size() > 1) {
      throw StartupRefusal.of(
          "quarkus.profile", shown, "names more than one role; expected exactly one of " + ROLES);
    }
    Role chosen = roleNamed(role == null ? "" : role.strip().toLowerCase(Locale.ROOT));
    if (chosen == null) {
      throw StartupRefusal.of("mezzo.role", role, "unknown role; expected one of " + ROLES);
    }
    if (!byProfile.isEmpty() && byProfile.get(0) != chosen) {
      throw StartupRefusal.of(
          "mezzo.role",
          role,
          "contradicts quarkus.profile="
              + shown
              + "; expected "
              + byProfile.get(0).name().toLowerCase(Locale.ROOT)
              + " or leave mezzo.role unset (the profile sets it)");
    }
    return chosen;
  }

  private static Role roleNamed(String name) {
    for (Role r : Role.values()) {
      if (r.name().toLowerCase(Locale.ROOT).equals(name)) {
        return r;
      }
    }
    return null;
  }
}
