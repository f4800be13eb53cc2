package io.mezzo.security.acl;

import io.mezzo.security.Caller;

/**
 * Decides whether a caller may take an action on an object (Mesos's authorizer). Implementations
 * are pure and thread-safe: the ACLs are read once at start-up.
 *
 * <p>Contract: {@link Caller#NODE} is always allowed; the object is the value named beside each
 * {@link Action} ({@code null} for actions on no particular object, matched only by {@code ANY}).
 */
public interface Authorizer {
  Decision decide(Caller caller, Action action, String object);

  /** Everything allowed: what a node without {@code mezzo.security.acls} uses. */
  static Authorizer permissive() {
    return (caller, action, object) -> Decision.ALLOWED;
  }
}
