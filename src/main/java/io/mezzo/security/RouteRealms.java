package io.mezzo.security;

import java.util.Set;

/**
 * Which {@link Realm} a request belongs to, from its method and path alone (pure table). Mesos
 * names the realms in {@code src/master/http.cpp} and {@code src/slave/http.cpp}; Mezzo adds the
 * agent link, Marathon and Chronos. An unknown master path is read-only, never open by accident.
 */
public final class RouteRealms {
  /**
   * Never authenticated, as in Mesos: health and version probes, the leader redirect, and the web
   * UI's files (its API calls are authenticated like anyone's).
   */
  private static final Set<String> OPEN_EXACT =
      Set.of(
          "/",
          "/index.html",
          "/favicon.ico",
          "/health",
          "/master/health",
          "/slave(1)/health",
          "/version",
          "/redirect",
          "/master/redirect");

  private static final Set<String> MASTER_WRITES =
      Set.of(
          "/teardown",
          "/master/teardown",
          "/logging/toggle",
          "/reserve",
          "/unreserve",
          "/create-volumes",
          "/destroy-volumes",
          "/master/reserve",
          "/master/unreserve",
          "/master/create-volumes",
          "/master/destroy-volumes");

  private static final String AGENT_PREFIX = "/slave(1)";

  private RouteRealms() {}

  /**
   * @param agent true on an agent node
   * @param method the HTTP method (case-insensitive)
   * @param path the request path without query
   * @param authenticateMetrics whether {@code /q/metrics} needs read-only authentication
   */
  public static Realm of(boolean agent, String method, String path, boolean authenticateMetrics) {
    String p =
        path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    boolean read = "GET".equalsIgnoreCase(method) || "HEAD".equalsIgnoreCase(method);
    if (OPEN_EXACT.contains(p) || p.startsWith("/q/health") || p.startsWith("/ui/")) {
      return Realm.OPEN;
    }
    if (isMetrics(p)) {
      return authenticateMetrics ? readonly(agent) : Realm.OPEN;
    }
    // A standalone node serves its local agent's routes beside the master's: the agent's own
    // prefix and the executor API are the agent's on any node, so executors are never asked for
    // an operator's credentials.
    if (agent || p.startsWith(AGENT_PREFIX + "/") || isExecutorApi(p)) {
      return agent(p, read);
    }
    return master(p, read);
  }

  /** True for Prometheus's {@code /q/metrics} (and anything below it). */
  public static boolean isMetrics(String path) {
    return path.equals("/q/metrics") || path.startsWith("/q/metrics/");
  }

  private static boolean isExecutorApi(String p) {
    return p.equals("/api/v1/executor") || p.equals(AGENT_PREFIX + "/api/v1/executor");
  }

  private static Realm readonly(boolean agent) {
    return agent ? Realm.AGENT_READONLY : Realm.MASTER_READONLY;
  }

  private static Realm agent(String p, boolean read) {
    String s = p.startsWith(AGENT_PREFIX) ? p.substring(AGENT_PREFIX.length()) : p;
    if (s.equals("/api/v1/executor")) {
      return Realm.AGENT_EXECUTOR;
    }
    if (s.equals("/api/v1") || s.startsWith("/api/v1/") || s.equals("/logging/toggle")) {
      return Realm.AGENT_READWRITE;
    }
    return read ? Realm.AGENT_READONLY : Realm.AGENT_READWRITE;
  }

  private static Realm master(String p, boolean read) {
    String s = p.startsWith("/master/") && !p.equals("/master/redirect") ? p.substring(7) : p;
    if (s.equals("/api/v1/scheduler")) {
      return Realm.MASTER_SCHEDULER;
    }
    if (s.startsWith("/internal/v1/agent")) {
      return Realm.MASTER_AGENT;
    }
    if (s.equals("/api/v1") || s.startsWith("/api/v1/")) {
      return Realm.MASTER_READWRITE;
    }
    if (MASTER_WRITES.contains(p) || MASTER_WRITES.contains(s) || s.startsWith("/machine/")) {
      return Realm.MASTER_READWRITE;
    }
    // Everything else (maintenance, quota, weights, Marathon /v2, Chronos): reads are read-only,
    // writes are read-write; unknown GETs stay read-only.
    return read ? Realm.MASTER_READONLY : Realm.MASTER_READWRITE;
  }
}
