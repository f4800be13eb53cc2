package io.mezzo.security;

/**
 * Which realms need an authenticated caller, from Mesos's {@code --authenticate_*} switches. Pure
 * and immutable; the HTTP gate asks {@link #requires} for every request.
 *
 * <p>{@link Realm#AGENT_EXECUTOR} never requires an operator's credentials: Mesos authenticates
 * HTTP executors with a token the agent gives each executor it launches ({@code
 * --authenticate_http_executors}), and so does Mezzo, but the executor API checks that token itself
 * ({@link ExecutorTokens}), so the gate lets the realm through.
 *
 * @param frameworks the scheduler API ({@code --authenticate_frameworks})
 * @param agents the agent link ({@code --authenticate_agents})
 * @param httpReadonly read-only endpoints ({@code --authenticate_http_readonly})
 * @param httpReadwrite mutating endpoints and the operator API ({@code
 *     --authenticate_http_readwrite})
 * @param metrics whether {@code /q/metrics} is in the read-only realm rather than open
 */
public record AuthenticationFlags(
    boolean frameworks,
    boolean agents,
    boolean httpReadonly,
    boolean httpReadwrite,
    boolean metrics) {

  /** Every switch off: today's behaviour, anybody may call any route. */
  public static final AuthenticationFlags OFF =
      new AuthenticationFlags(false, false, false, false, false);

  /** True when a request in {@code realm} must carry valid credentials. */
  public boolean requires(Realm realm) {
    return switch (realm) {
      case OPEN, AGENT_EXECUTOR -> false;
      case MASTER_READONLY, AGENT_READONLY -> httpReadonly;
      case MASTER_READWRITE, AGENT_READWRITE -> httpReadwrite;
      case MASTER_SCHEDULER -> frameworks;
      case MASTER_AGENT -> agents;
    };
  }

  /**
   * The realm of a request and whether it must carry valid credentials: {@link RouteRealms} picks
   * the realm, {@link #requires(Realm)} the switch; {@code /q/metrics} is governed by {@link
   * #metrics} alone, so a scraper can be asked for credentials while the other read-only endpoints
   * stay open.
   *
   * @param agent true on a node whose routes are the agent's only (agent role)
   */
  public Requirement decide(boolean agent, String method, String path) {
    Realm realm = RouteRealms.of(agent, method, path, metrics);
    boolean required =
        RouteRealms.isMetrics(path) ? realm != Realm.OPEN && metrics : requires(realm);
    return new Requirement(realm, required);
  }

  /**
   * What the gate must check for one request.
   *
   * @param realm named in the {@code WWW-Authenticate} challenge
   * @param required true when an anonymous caller is refused
   */
  public record Requirement(Realm realm, boolean required) {}

  /** True when any realm needs credentials, so a credentials file must be configured. */
  public boolean anyRequired() {
    return frameworks || agents || httpReadonly || httpReadwrite;
  }

  /** The Mesos names of the switches that are on, for messages ("authenticate_agents, …"). */
  public String describeOn() {
    StringBuilder out = new StringBuilder();
    append(out, frameworks, "authenticate-frameworks");
    append(out, agents, "authenticate-agents");
    append(out, httpReadonly, "authenticate-http-readonly");
    append(out, httpReadwrite, "authenticate-http-readwrite");
    return out.toString();
  }

  private static void append(StringBuilder out, boolean on, String name) {
    if (on) {
      out.append(out.isEmpty() ? "" : ", ").append("mezzo.security.").append(name);
    }
  }
}
