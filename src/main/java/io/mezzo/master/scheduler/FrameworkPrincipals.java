package io.mezzo.master.scheduler;

import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.security.Caller;
import java.util.Objects;
import java.util.Optional;

/**
 * Binds a framework to the principal that authenticated it, as Mesos's scheduler endpoint does: a
 * framework may name only its caller's principal (and gets it when it names none), may be taken
 * over on re-subscription only by that principal, and every later call must come from it. Without
 * authentication (an anonymous caller) a framework's principal is whatever it says, as in Mesos;
 * the node's own frameworks are never restricted. Pure.
 */
public final class FrameworkPrincipals {
  private FrameworkPrincipals() {}

  /** True when the caller proved a principal, so the bindings apply. */
  static boolean authenticated(Caller caller) {
    return !caller.node() && caller.principal() != null;
  }

  /**
   * Why a SUBSCRIBE's FrameworkInfo may not be used by {@code caller}: it names another principal
   * than the one the caller authenticated as.
   */
  public static Optional<String> subscribeMismatch(Caller caller, FrameworkInfo info) {
    if (!authenticated(caller)
        || info.principal() == null
        || info.principal().equals(caller.principal())) {
      return Optional.empty();
    }
    return Optional.of(
        "Authenticated principal '"
            + caller.principal()
            + "' does not match principal '"
            + info.principal()
            + "' set in FrameworkInfo");
  }

  /**
   * The FrameworkInfo with the caller's principal filled in when it names none: Mesos does the same
   * (and warns), so authorization and ownership always see who really subscribed.
   */
  public static FrameworkInfo bind(Caller caller, FrameworkInfo info) {
    if (!authenticated(caller) || info.principal() != null) {
      return info;
    }
    return info.withPrincipal(caller.principal());
  }

  /**
   * Why {@code caller} may not re-subscribe as a framework registered by {@code registered}: only
   * the principal that registered a framework may fail it over, so nobody else can steal its
   * stream, offers and tasks. The message does not reveal the owner, as in Mesos.
   */
  public static Optional<String> takeoverRefusal(Caller caller, String registered) {
    if (!authenticated(caller) || Objects.equals(registered, caller.principal())) {
      return Optional.empty();
    }
    return Optional.of(
        "Changing framework's principal is not allowed: the framework is registered by another"
            + " principal than "
            + caller.describe());
  }

  /**
   * Why {@code caller} may not make a call for a framework registered by {@code registered} (any
   * call but SUBSCRIBE).
   */
  public static Optional<String> callMismatch(Caller caller, String registered) {
    if (!authenticated(caller) || caller.principal().equals(registered)) {
      return Optional.empty();
    }
    return Optional.of(
        "Authenticated principal '"
            + caller.principal()
            + "' does not match principal '"
            + (registered == null ? "" : registered)
            + "' set in FrameworkInfo");
  }

  /**
   * Whom the authorizer asks about a framework's actions: the authenticated caller, else the
   * principal the framework names (taken at its word without authentication, as Mesos does), else
   * an anonymous caller. The node's own frameworks name theirs ({@code marathon}, {@code chronos})
   * and are asked about under it, as Mesos asks about Marathon under its principal: otherwise
   * anyone allowed to post an app could run it as any user, root included, past every {@code
   * run_tasks} entry. A node caller naming no principal is the node itself, never restricted.
   */
  public static Caller subject(Caller caller, FrameworkInfo info) {
    boolean named = info.principal() != null && !info.principal().isEmpty();
    if (caller.node()) {
      return named ? Caller.of(info.principal()) : caller;
    }
    if (caller.principal() != null) {
      return caller;
    }
    return named ? Caller.of(info.principal()) : Caller.ANONYMOUS;
  }
}
