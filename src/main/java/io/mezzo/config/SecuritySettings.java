package io.mezzo.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Security settings ({@code mezzo.security.*}), named after Mesos's flags. Turning security on is
 * one setting: once {@link #credentials()} names a file, every {@code authenticate-*} switch that
 * is not set explicitly is on (Mesos's switches default to off and must each be turned on).
 */
@ConfigMapping(prefix = "mezzo.security")
public interface SecuritySettings {
  /**
   * The principals and secrets this master (or agent) accepts, Mesos's {@code --credentials} /
   * {@code --http_credentials}: a JSON file {@code
   * {"credentials":[{"principal":"p","secret":"s"}]}} or a text file with one {@code principal
   * secret} pair per line. Default: none (nobody can authenticate with a password; bearer tokens
   * may still be configured).
   */
  Optional<String> credentials();

  /**
   * This node's own credential when it is a client (an agent registering with its master), Mesos's
   * {@code --credential}: a JSON file {@code {"principal":"p","secret":"s"}} or a text file {@code
   * principal secret}. Default: none.
   */
  Optional<String> credential();

  /**
   * Mesos's {@code --acls} for the local authorizer: the ACL JSON itself, or the path of a file
   * holding it ({@code file://} prefix allowed). Default: none, every action allowed.
   */
  Optional<String> acls();

  /** Scheduler API needs authentication (Mesos {@code --authenticate_frameworks}). */
  Optional<Boolean> authenticateFrameworks();

  /** Read-only operator endpoints need it (Mesos {@code --authenticate_http_readonly}). */
  Optional<Boolean> authenticateHttpReadonly();

  /**
   * Mutating operator endpoints and the operator API need it ({@code
   * --authenticate_http_readwrite}).
   */
  Optional<Boolean> authenticateHttpReadwrite();

  /**
   * Agents must authenticate on the agent link before they are admitted ({@code
   * --authenticate_agents}).
   */
  Optional<Boolean> authenticateAgents();

  /** HTTP executors must present their token (Mesos {@code --authenticate_http_executors}). */
  Optional<Boolean> authenticateHttpExecutors();

  /**
   * {@code /q/metrics} (Prometheus) needs read-only authentication. Default: off, scrapers stay
   * simple.
   */
  @WithDefault("false")
  boolean authenticateMetrics();

  /** Bearer tokens (JWT). */
  Jwt jwt();

  /** Mesos's {@code --rate_limits}: the JSON itself or a file path. Default: no limit. */
  Optional<String> rateLimits();

  /** Most scheduler subscriptions one principal may hold open at once (429 beyond). */
  @WithDefault("64")
  int maxSubscriptionsPerPrincipal();

  /** Most open HTTP connections from one client address (further ones are closed). */
  @WithDefault("512")
  int maxConnectionsPerAddress();

  /** A request whose headers have not all arrived after this long is closed (slowloris). */
  @WithDefault("10S")
  Duration headerTimeout();

  /** Bearer-token settings ({@code mezzo.security.jwt.*}). */
  interface Jwt {
    /**
     * Where the verification key is: a PEM public key, a JWK or a JWKS, as a path or URL. Unset:
     * bearer tokens are refused.
     */
    Optional<String> publicKey();

    /** The {@code iss} tokens must carry. Unset: any issuer. */
    Optional<String> issuer();

    /** The claim naming the principal. Default {@code sub}. */
    @WithDefault("sub")
    String principalClaim();
  }
}
