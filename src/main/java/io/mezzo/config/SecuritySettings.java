package io.mezzo.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * HTTP authentication settings ({@code mezzo.security.*}), named after Mesos's flags. Every switch
 * defaults to off, as Mesos's do, so a node without these keys behaves as before; a switch that is
 * on needs {@link #credentials()} (start-up refuses it otherwise). Realms and switches are matched
 * in {@code io.mezzo.security.AuthenticationFlags}.
 */
@ConfigMapping(prefix = "mezzo.security")
public interface SecuritySettings {
  /**
   * The principals and secrets this node accepts, Mesos's {@code --credentials}: a JSON file {@code
   * {"credentials":[{"principal":"p","secret":"s"}]}} or a text file with one {@code principal
   * secret} pair per line. Default: none (nobody can authenticate with a password).
   */
  Optional<String> credentials();

  /**
   * This node's own credential as a client of another node, Mesos's {@code --credential}: a JSON
   * file {@code {"principal":"p","secret":"s"}} or a text file {@code principal secret}. An agent
   * sends it to its master on the agent link; a master sends it to agents when it proxies {@code
   * /files} to them. Default: none (requests go without an Authorization header).
   */
  Optional<String> agentCredential();

  /** The scheduler API needs authentication (Mesos {@code --authenticate_frameworks}). */
  @WithDefault("false")
  boolean authenticateFrameworks();

  /**
   * Agents must authenticate on the agent link before they are admitted (Mesos {@code
   * --authenticate_agents}).
   */
  @WithDefault("false")
  boolean authenticateAgents();

  /** Read-only endpoints need authentication (Mesos {@code --authenticate_http_readonly}). */
  @WithDefault("false")
  boolean authenticateHttpReadonly();

  /**
   * Mutating endpoints and the operator API need authentication (Mesos {@code
   * --authenticate_http_readwrite}).
   */
  @WithDefault("false")
  boolean authenticateHttpReadwrite();

  /**
   * {@code /q/metrics} (Prometheus) is in the read-only realm and needs authentication when {@link
   * #authenticateHttpReadonly()} is on (Mesos's {@code /metrics/snapshot} is always read-only).
   * Default: off, so scrapers stay simple.
   */
  @WithDefault("false")
  boolean authenticateMetrics();

  /**
   * The local authorizer's ACLs, Mesos's {@code --acls}: inline JSON (a value starting with {@code
   * '{'}) or the path of a JSON file ({@code file://} optional), in Mesos's ACL format. Default:
   * none, and every authenticated or anonymous caller may do everything (Mesos without {@code
   * --acls}).
   */
  Optional<String> acls();

  /**
   * Per-principal rates for the scheduler API, Mesos's {@code --rate_limits}: inline JSON (a value
   * starting with {@code '{'}) or the path of a JSON file ({@code file://} optional), in Mesos's
   * {@code RateLimits} format (docs/limits.md). A call over its principal's rate is answered 429
   * with Retry-After. Default: none, nobody is throttled.
   */
  Optional<String> rateLimits();

  /**
   * The most scheduler SUBSCRIBE streams, and separately the most operator SUBSCRIBE streams, one
   * principal may hold open at once; one more is answered 429. Callers without a principal count as
   * one principal. At least 1. Default: no cap.
   */
  OptionalInt maxSubscriptionsPerPrincipal();

  /**
   * The agent's executor API needs the token the agent gave the executor in {@code
   * MESOS_EXECUTOR_AUTHENTICATION_TOKEN}, sent as {@code Authorization: Bearer <token>} (Mesos
   * {@code --authenticate_http_executors}). Default: off.
   */
  @WithDefault("false")
  boolean authenticateHttpExecutors();
}
