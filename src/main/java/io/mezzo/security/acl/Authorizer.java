package io.mezzo.security.acl;

import io.mezzo.security.Caller;
import java.util.Collection;

/**
 * Decides whether a caller may take an action on an object (Mesos's authorizer). Implementations
 * are pure and thread-safe: the ACLs are read once at start-up.
 *
 * <p>Contract: {@link Caller#NODE} is always allowed; the object is the value named by the action's
 * {@link Action#objectField()} (the role, the user, the framework's principal, the endpoint path),
 * or {@code null} to ask about every object at once, which only an entry of {@code ANY} or {@code
 * NONE} objects answers. {@link Action.Kind#IMPLICIT} actions always take {@code null}; passing an
 * object to one is a programming error ({@link IllegalArgumentException}).
 */
public interface Authorizer {
  Decision decide(Caller caller, Action action, String object);

  /**
   * Decides an action on several objects at once, allowed only if each is: a framework subscribing
   * with several roles needs {@code register_frameworks} for every one of them, as in Mesos.
   *
   * @return the first refusal, in the collection's order, or an allowance
   * @throws IllegalArgumentException when there is no object, since "allowed for none" would hide a
   *     caller's bug
   */
  default Decision decideAll(Caller caller, Action action, Collection<String> objects) {
    if (objects.isEmpty()) {
      throw new IllegalArgumentException(action.aclName() + " asked about no object at all");
    }
    Decision last = null;
    for (String object : objects) {
      last = decide(caller, action, object);
      if (!last.allowed()) {
        return last;
      }
    }
    return objects.size() == 1
        ? last
        : Decision.allowed(action.aclName() + " allowed for each of " + objects);
  }

  /** Everything allowed: what a node without {@code mezzo.security.acls} uses. */
  static Authorizer permissive() {
    return (caller, action, object) -> Decision.allowed("no ACLs are configured");
  }
}
