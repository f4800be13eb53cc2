package io.mezzo.security.acl;

import java.util.List;

/**
 * One side of an ACL entry (Mesos's {@code ACL.Entity}): who may act ({@code "principals"}) or on
 * what ({@code "roles"}, {@code "users"}, …). Either some named values, or {@code ANY}, or {@code
 * NONE}.
 *
 * <p>How an entity meets a request's side (a principal, or nobody for an anonymous caller; an
 * object, or nothing when the call asks about every object), as Mesos's local authorizer does:
 *
 * <pre>
 *                    entity: values     ANY      NONE
 *   request "x"              x listed?  match    match
 *   request nothing          -          match    match
 * </pre>
 *
 * A matching entry decides; it allows only if neither of its sides is {@code NONE}. So {@code NONE}
 * is not "matches nobody" but "whoever gets here is refused", which is how Mesos's examples close a
 * list off.
 *
 * @param type which of the three forms
 * @param values the named values, non-empty for {@link Type#SOME} and empty otherwise
 */
public record AclEntity(Type type, List<String> values) {
  /** Mesos's {@code ACL.Entity.Type}, under the names its JSON uses. */
  public enum Type {
    SOME,
    ANY,
    NONE
  }

  public static final AclEntity ANY = new AclEntity(Type.ANY, List.of());
  public static final AclEntity NONE = new AclEntity(Type.NONE, List.of());

  public AclEntity {
    values = List.copyOf(values);
    if (type == Type.SOME && values.isEmpty()) {
      throw new IllegalArgumentException("an entity of named values needs at least one value");
    }
    if (type != Type.SOME && !values.isEmpty()) {
      throw new IllegalArgumentException("an entity of type " + type + " takes no values");
    }
  }

  public static AclEntity some(String... values) {
    return new AclEntity(Type.SOME, List.of(values));
  }

  /**
   * Whether this entity meets a request's side.
   *
   * @param requested the principal or object; null for nobody or every object, which only {@code
   *     ANY} and {@code NONE} meet
   * @param roles whether the values are roles, where {@code a/%} stands for every role nested under
   *     {@code a}
   */
  public boolean matches(String requested, boolean roles) {
    if (type != Type.SOME) {
      return true;
    }
    if (requested == null) {
      return false;
    }
    for (String value : values) {
      if (value.equals(requested) || (roles && nestedUnder(value, requested))) {
        return true;
      }
    }
    return false;
  }

  /** {@code eng/%} covers {@code eng/web} and deeper, never {@code eng} itself. */
  private static boolean nestedUnder(String pattern, String role) {
    return pattern.endsWith("/%")
        && role.startsWith(pattern.substring(0, pattern.length() - 1))
        && role.length() > pattern.length() - 1;
  }

  @Override
  public String toString() {
    return type == Type.SOME ? values.toString() : type.name();
  }
}
