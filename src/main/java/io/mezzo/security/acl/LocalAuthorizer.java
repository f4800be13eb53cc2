package io.mezzo.security.acl;

import io.mezzo.security.Caller;

/**
 * Mesos's local authorizer over parsed {@link Acls}. For a request (caller, action, object) it
 * walks the action's entries in file order; the first entry whose principals and objects both meet
 * the request decides (see {@link AclEntity} for what meets what): allowed unless that entry says
 * {@code NONE} on either side. When no entry matches, {@code permissive} decides. So order matters:
 * an early {@code {"principals": {"type": "NONE"}, ...}} shuts out everyone after it, even
 * principals a later entry names.
 *
 * <p>An anonymous caller is Mesos's request without a subject: only entries whose principals are
 * {@code ANY} or {@code NONE} meet it. {@link Caller#NODE} (the node's own in-process parts) is
 * never restricted. Immutable and thread-safe.
 */
public final class LocalAuthorizer implements Authorizer {
  private final Acls acls;

  public LocalAuthorizer(Acls acls) {
    if (acls == null) {
      throw new IllegalArgumentException("a local authorizer needs its ACLs");
    }
    this.acls = acls;
  }

  @Override
  public Decision decide(Caller caller, Action action, String object) {
    if (caller == null || action == null) {
      throw new IllegalArgumentException("a decision needs a caller and an action");
    }
    if (action.kind() == Action.Kind.IMPLICIT && object != null) {
      throw new IllegalArgumentException(
          action.aclName() + " has no object, but was asked about '" + object + "'");
    }
    if (caller.node()) {
      return Decision.allowed("the node itself is not restricted");
    }
    for (AclRule rule : acls.rules(action)) {
      if (rule.matches(caller.principal(), object)) {
        return rule.allows()
            ? Decision.allowed(rule.where() + " allows it")
            : Decision.refused(
                request(caller, action, object)
                    + ": "
                    + rule.where()
                    + " refuses it ("
                    + rule.noneSide()
                    + " NONE)");
      }
    }
    if (acls.permissive()) {
      return Decision.allowed(
          "no entry of " + action.aclName() + " matches and the ACLs are permissive");
    }
    return Decision.refused(
        request(caller, action, object)
            + ": no entry of "
            + action.aclName()
            + " allows it and the ACLs are not permissive");
  }

  public Acls acls() {
    return acls;
  }

  /** "principal 'bob' may not teardown_frameworks of principal 'alice'". */
  static String request(Caller caller, Action action, String object) {
    String who = caller.anonymous() ? "an anonymous caller" : "principal " + caller.describe();
    String what = action.aclName();
    if (action.kind() != Action.Kind.IMPLICIT) {
      String phrase = action.phrase();
      if (object != null) {
        what += " " + phrase + " '" + object + "'";
      } else {
        // "as user" becomes "as any user": the call asked about every object at once.
        int last = phrase.lastIndexOf(' ');
        what += " " + phrase.substring(0, last + 1) + "any " + phrase.substring(last + 1);
      }
    }
    return who + " may not " + what;
  }
}
