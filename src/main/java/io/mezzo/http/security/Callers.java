package io.mezzo.http.security;

import io.mezzo.security.Caller;
import io.vertx.ext.web.RoutingContext;

/**
 * Where a request's {@link Caller} lives once the authentication gate has run: every route reads it
 * here and passes it to the master or agent. A request the gate has not seen (an in-process test
 * router) is anonymous.
 */
public final class Callers {
  static final String KEY = "mezzo.caller";

  private Callers() {}

  public static Caller of(RoutingContext rc) {
    Caller caller = rc.get(KEY);
    return caller == null ? Caller.ANONYMOUS : caller;
  }

  /** Set by the gate only. */
  public static void set(RoutingContext rc, Caller caller) {
    rc.put(KEY, caller);
  }
}
