package io.mezzo.core.resources;

/** Validation of resource names and role names, shared by the parsers and the records. */
final class Names {

  private Names() {}

  /** Resource names may hold any character except whitespace and the syntax characters. */
  static void checkResourceName(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("resource name must not be empty");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isWhitespace(c) || ";:()[]{},|".indexOf(c) >= 0) {
        throw new IllegalArgumentException("resource name '" + name + "' contains '" + c + "'");
      }
    }
  }

  /**
   * Role rules of Mesos {@code src/common/roles.cpp}: non-empty; {@code /} separates levels but may
   * not lead, trail or repeat; no level is {@code .}, {@code ..} or starts with {@code -}; no
   * whitespace; {@code *} is only valid alone (the unreserved role).
   */
  static void checkRole(String role) {
    if (role == null || role.isEmpty()) {
      throw new IllegalArgumentException("role must not be empty");
    }
    if (role.equals(ResourceKey.UNRESERVED)) {
      return;
    }
    if (role.startsWith("/") || role.endsWith("/") || role.contains("//")) {
      throw new IllegalArgumentException(
          "role '" + role + "' has an empty level ('/' leads, trails or repeats)");
    }
    for (String level : role.split("/")) {
      if (level.equals(".") || level.equals("..") || level.equals("*")) {
        throw new IllegalArgumentException(
            "role '" + role + "' has an invalid level '" + level + "'");
      }
      if (level.startsWith("-")) {
        throw new IllegalArgumentException("role '" + role + "' has a level starting with '-'");
      }
    }
    for (int i = 0; i < role.length(); i++) {
      char c = role.charAt(i);
      if (Character.isWhitespace(c) || c == '\b' || "();:".indexOf(c) >= 0) {
        throw new IllegalArgumentException("role '" + role + "' contains an invalid character");
      }
    }
  }
}
