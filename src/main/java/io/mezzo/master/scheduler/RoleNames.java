package io.mezzo.master.scheduler;

import java.util.Optional;

/**
 * Mesos role-name rules: non-empty; {@code /} separates levels but may not lead, trail or repeat;
 * no level is {@code .}, {@code ..} or {@code *} (except the whole name {@code *}) or starts with
 * {@code -}; no whitespace or control characters.
 */
public final class RoleNames {
  private RoleNames() {}

  /** The reason {@code role} is invalid, or empty when it is valid. */
  public static Optional<String> problem(String role) {
    if (role == null || role.isEmpty()) {
      return Optional.of("role name is empty");
    }
    if (role.equals("*")) {
      return Optional.empty();
    }
    for (int i = 0; i < role.length(); i++) {
      char c = role.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c)) {
        return Optional.of("role '" + role + "' contains whitespace or a control character");
      }
    }
    if (role.startsWith("/") || role.endsWith("/") || role.contains("//")) {
      return Optional.of(
          "role '" + role + "' has an empty level ('/' may not lead, trail or repeat)");
    }
    for (String level : role.split("/")) {
      if (level.equals(".") || level.equals("..") || level.equals("*")) {
        return Optional.of("role '" + role + "' has a reserved level name '" + level + "'");
      }
      if (level.startsWith("-")) {
        return Optional.of("role '" + role + "' has a level starting with '-'");
      }
    }
    return Optional.empty();
  }
}
