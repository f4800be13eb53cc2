package io.mezzo.security.acl;

/**
 * An authorizer's answer. A refusal's reason names the action, the principal and the object, so a
 * 403 (or a TASK_ERROR) can say exactly what was not allowed.
 */
public record Decision(boolean allowed, String reason) {
  public static final Decision ALLOWED = new Decision(true, "allowed");

  public static Decision refused(String reason) {
    return new Decision(false, reason);
  }
}
