package io.mezzo.http.security;

import io.mezzo.http.common.HttpResults;
import io.mezzo.security.acl.Action;
import io.mezzo.security.acl.Authorizer;
import io.mezzo.security.acl.Decision;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers a request its caller may not make: 403 with the decision's reason, which names the action
 * and the principal, before anything is done. The endpoints Mesos guards with {@code get_endpoints}
 * ({@code /files/debug}, {@code /containers}, {@code /monitor/statistics}, {@code
 * /metrics/snapshot}, {@code /logging/toggle}) ask by their Mesos path, whatever prefix ({@code
 * /slave(1)}) or suffix ({@code .json}) the request used, as Mesos does.
 */
public final class EndpointAccess {
  private EndpointAccess() {}

  /** Whether {@code decision} refused, in which case the 403 has been sent. */
  public static boolean refused(RoutingContext rc, Decision decision) {
    if (decision.allowed()) {
      return false;
    }
    HttpResults.error(rc.response(), 403, decision.reason());
    return true;
  }

  /**
   * {@code get_endpoints} on {@code path} for the request's caller; true when refused (403 sent).
   */
  public static boolean refused(RoutingContext rc, Authorizer authorizer, String path) {
    return refused(rc, authorizer.decide(Callers.of(rc), Action.GET_ENDPOINTS, path));
  }
}
