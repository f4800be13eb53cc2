package io.mezzo.security.acl;

/**
 * An authorizer's answer. Both answers say why: a refusal's reason names the action, the principal
 * and the object, so a 403 (or a TASK_ERROR) can say exactly what was not allowed; an allowance's
 * reason names the entry (or the default) that allowed it, for a debug log line.
 */
public record Decision(boolean allowed, String reason) {
  public static final Decision ALLOWED = new Decision(true, "allowed");

  public Decision {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("a decision needs a reason");
    }
  }

  public static Decision allowed(String reason) {
    return new Decision(true, reason);
  }

  public static Decision refused(String reason) {
    return new Decision(false, reason);
  }
}
