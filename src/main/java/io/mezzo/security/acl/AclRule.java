package io.mezzo.security.acl;

/**
 * One entry of an action's ACL list: these principals, on these objects. Its position in the list
 * is kept for messages ({@code run_tasks[2]}), since the first matching entry decides.
 *
 * @param action the list it belongs to
 * @param index its position in that list, from 0
 * @param principals who the entry is about
 * @param objects what the entry is about, under the action's {@link Action#objectField()}
 */
public record AclRule(Action action, int index, AclEntity principals, AclEntity objects) {
  public AclRule {
    if (action == null || principals == null || objects == null) {
      throw new IllegalArgumentException("an ACL entry needs its action, principals and objects");
    }
    if (action.kind() == Action.Kind.IMPLICIT && objects.type() == AclEntity.Type.SOME) {
      throw new IllegalArgumentException(
          action.aclName()
              + " has no object to name: its '"
              + action.objectField()
              + "' must be {\"type\":\"ANY\"} or {\"type\":\"NONE\"}");
    }
  }

  /**
   * Whether this entry decides the request: both sides meet it (see {@link AclEntity}).
   *
   * @param principal the caller's principal, null for an anonymous caller
   * @param object the object, null for every object (and always for implicit actions)
   */
  public boolean matches(String principal, String object) {
    return principals.matches(principal, false)
        && objects.matches(object, action.kind() == Action.Kind.ROLE);
  }

  /** What a matching entry decides: allowed unless one of its sides is {@code NONE}. */
  public boolean allows() {
    return principals.type() != AclEntity.Type.NONE && objects.type() != AclEntity.Type.NONE;
  }

  /**
   * Which side makes a refusing entry refuse: {@code "its principals are"}, {@code "its users
   * are"}.
   */
  String noneSide() {
    return principals.type() == AclEntity.Type.NONE
        ? "its principals are"
        : "its " + action.objectField() + " are";
  }

  /** {@code run_tasks[2]}, as messages name it. */
  public String where() {
    return action.aclName() + "[" + index + "]";
  }
}
