package io.mezzo.master.allocator;

import java.util.Set;

/**
 * The allocator's checks of the roles a framework is added, updated, suppressed or revived with: a
 * caller's bug is an {@link IllegalArgumentException} naming the framework, before any change.
 */
final class FrameworkRoles {
  private FrameworkRoles() {}

  /** Roles non-empty, none empty, and the suppressed ones among them. */
  static void check(String frameworkId, Set<String> roles, Set<String> suppressed) {
    if (roles.isEmpty()) {
      throw new IllegalArgumentException(
          "framework " + frameworkId + " must have at least one role");
    }
    for (String role : roles) {
      if (role == null || role.isEmpty()) {
        throw new IllegalArgumentException("framework " + frameworkId + " has an empty role");
      }
    }
    if (!roles.containsAll(suppressed)) {
      throw new IllegalArgumentException(
          "framework "
              + frameworkId
              + ": suppressed roles "
              + suppressed
              + " are not all among its roles "
              + roles);
    }
  }

  /** {@code roles} of the framework (empty = all of them), all among its roles. */
  static Set<String> of(FrameworkState framework, Set<String> roles) {
    if (roles.isEmpty()) {
      return framework.roles;
    }
    if (!framework.roles.containsAll(roles)) {
      throw new IllegalArgumentException(
          "framework "
              + framework.id
              + " is not subscribed to all of "
              + roles
              + " (its roles: "
              + framework.roles
              + ")");
    }
    return roles;
  }
}
