package io.mezzo.http.master;

import io.netty.channel.ConnectTimeoutException;
import io.smallrye.faulttolerance.api.Guard;
import java.net.ConnectException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Fault tolerance for the master's requests to its agents (the sandbox proxy), with SmallRye Fault
 * Tolerance. Each agent has a guard of its own, so one dead agent's open circuit never refuses
 * requests to the others; this is why the guards are built with the programmatic API, since a
 * {@code @CircuitBreaker} annotation keeps one breaker per method, shared by every agent.
 *
 * <pre>
 *   request ─▶ retry: a refused connection only (the agent restarting), {@code retries} more
 *                │     tries after {@code retryDelay}, doubling; nothing was sent, so any method
 *                ▼     is safe to retry; a timeout is not retried
 *              circuit breaker: opens when the last {@code breakerWindow} tries all failed, then
 *                │     refuses at once for {@code breakerDelay}, then lets one trial through
 *                ▼
 *              timeout: {@code timeout} for each try
 *                │
 *                ▼
 *              the HTTP request to the agent
 * </pre>
 *
 * An answer from the agent, whatever its status, is a success here: only an agent that cannot be
 * reached or does not answer in time counts against it. Guards are kept for the {@value
 * #MAX_AGENTS} agents used most recently, so agents that come and go do not grow the map. Guards
 * record no metrics (they are built without a description): per-agent series would grow with agent
 * churn. Thread-safe.
 *
 * <p>Public, and in {@code http.master}, where the master's proxy code lives once the HTTP edge is
 * split by role; {@code AgentHttpClient} is its only user.
 */
public final class AgentGuards {
  private static final Logger LOG = Logger.getLogger(AgentGuards.class);
  static final int MAX_AGENTS = 1024;

  /**
   * How hard the master tries one agent.
   *
   * @param timeout how long one try may take before it fails (504)
   * @param retries how many more tries a refused connection gets
   * @param retryDelay the pause before the first retry, doubled for each next one
   * @param breakerWindow how many tries in a row must fail to open the agent's circuit
   * @param breakerDelay how long an open circuit refuses requests before letting one through
   */
  public record Policy(
      Duration timeout,
      int retries,
      Duration retryDelay,
      int breakerWindow,
      Duration breakerDelay) {
    /** The master's policy for a proxy timeout: two quick retries, a 4-failure, 10 s breaker. */
    public static Policy of(Duration timeout) {
      return new Policy(timeout, 2, Duration.ofMillis(100), 4, Duration.ofSeconds(10));
    }
  }

  private final Policy policy;
  private final Map<String, Guard> guards =
      Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Guard> eldest) {
              return size() > MAX_AGENTS;
            }
          });

  public AgentGuards(Policy policy) {
    this.policy = policy;
  }

  public Policy policy() {
    return policy;
  }

  /**
   * Runs {@code request} (which starts one try and must not block) under the agent's guard. The
   * stage fails with the request's own failure, an {@link
   * org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException} or a {@link
   * org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException}; it may
   * complete on another thread than the caller's.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public <T> CompletionStage<T> call(String agentId, Supplier<CompletionStage<T>> request) {
    Guard guard = guards.computeIfAbsent(agentId, this::build);
    Supplier raw = request;
    return (CompletionStage<T>) guard.get(raw, CompletionStage.class);
  }

  private Guard build(String agentId) {
    return Guard.create()
        .withRetry()
        .maxRetries(policy.retries())
        .delay(policy.retryDelay().toMillis(), ChronoUnit.MILLIS)
        .jitter(0, ChronoUnit.MILLIS)
        .withExponentialBackoff()
        .factor(2)
        .done()
        .whenException(AgentGuards::refused)
        .done()
        .withCircuitBreaker()
        .requestVolumeThreshold(policy.breakerWindow())
        .failureRatio(1.0)
        .delay(policy.breakerDelay().toMillis(), ChronoUnit.MILLIS)
        .successThreshold(1)
        .onStateChange(s -> LOG.infof("sandbox proxy to agent %s: circuit %s", agentId, s))
        .done()
        .withTimeout()
        .duration(policy.timeout().toMillis(), ChronoUnit.MILLIS)
        .done()
        .build();
  }

  /** Nobody listens at the agent's address: the request was never sent. */
  public static boolean refused(Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t instanceof ConnectException && !(t instanceof ConnectTimeoutException);
  }
}
