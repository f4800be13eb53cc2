package io.mezzo.agent;

import io.mezzo.security.ExecutorTokens;
import java.time.Duration;

/**
 * How the agent treats custom executors; defaults are Mesos's. Kept apart from {@link AgentConfig}
 * so executor tuning does not widen that record for every caller.
 *
 * @param registrationTimeout an executor must SUBSCRIBE this long after its container started, or
 *     it is destroyed and its tasks fail ({@code --executor_registration_timeout}, 1 min)
 * @param reregistrationTimeout after an agent restart, a live executor must re-subscribe this soon
 *     ({@code --executor_reregistration_timeout}, 2 s)
 * @param shutdownGracePeriod from SHUTDOWN to the container's destruction, unless the executor
 *     names its own ({@code --executor_shutdown_grace_period}, 5 s)
 * @param recoveryTimeout how long a checkpointing executor waits for a lost agent to come back
 *     ({@code --recovery_timeout}, 15 min); also how long the agent keeps a disconnected one
 * @param subscriptionBackoffMax cap of an executor's re-subscription backoff, passed to it as
 *     {@code MESOS_SUBSCRIPTION_BACKOFF_MAX} (2 s)
 * @param tokens mints each executor's {@code MESOS_EXECUTOR_AUTHENTICATION_TOKEN}; null when the
 *     executor API does not ask for tokens ({@code --authenticate_http_executors} off), so none is
 *     given
 */
public record ExecutorSettings(
    Duration registrationTimeout,
    Duration reregistrationTimeout,
    Duration shutdownGracePeriod,
    Duration recoveryTimeout,
    Duration subscriptionBackoffMax,
    ExecutorTokens tokens) {

  public ExecutorSettings {
    positive("registrationTimeout", registrationTimeout);
    positive("reregistrationTimeout", reregistrationTimeout);
    positive("recoveryTimeout", recoveryTimeout);
    positive("subscriptionBackoffMax", subscriptionBackoffMax);
    if (shutdownGracePeriod == null || shutdownGracePeriod.isNegative()) {
      throw new IllegalArgumentException(
          "executor shutdownGracePeriod must not be negative, got " + shutdownGracePeriod);
    }
  }

  public static ExecutorSettings defaults() {
    return new ExecutorSettings(
        Duration.ofMinutes(1),
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        Duration.ofMinutes(15),
        Duration.ofSeconds(2),
        null);
  }

  public ExecutorSettings withRegistrationTimeout(Duration d) {
    return new ExecutorSettings(
        d,
        reregistrationTimeout,
        shutdownGracePeriod,
        recoveryTimeout,
        subscriptionBackoffMax,
        tokens);
  }

  public ExecutorSettings withReregistrationTimeout(Duration d) {
    return new ExecutorSettings(
        registrationTimeout,
        d,
        shutdownGracePeriod,
        recoveryTimeout,
        subscriptionBackoffMax,
        tokens);
  }

  public ExecutorSettings withShutdownGracePeriod(Duration d) {
    return new ExecutorSettings(
        registrationTimeout,
        reregistrationTimeout,
        d,
        recoveryTimeout,
        subscriptionBackoffMax,
        tokens);
  }

  /** Executors get tokens minted by {@code t} (null: none). */
  public ExecutorSettings withTokens(ExecutorTokens t) {
    return new ExecutorSettings(
        registrationTimeout,
        reregistrationTimeout,
        shutdownGracePeriod,
        recoveryTimeout,
        subscriptionBackoffMax,
        t);
  }

  /** A duration as Mesos's executor libraries parse it ({@code 5secs}, {@code 250ms}). */
  static String mesosDuration(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + "secs" : ms + "ms";
  }

  private static void positive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("executor " + name + " must be positive, got " + d);
    }
  }
}
