package io.mezzo.framework.services.instance;

import io.mezzo.framework.services.app.AppDefinition;
import io.mezzo.framework.services.app.PathId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Holds back relaunches of apps whose instances keep failing, as Marathon's backoff does: after the
 * n-th failure the next launch waits {@code backoffSeconds × backoffFactor^(n−1)}, never more than
 * {@code maxLaunchDelaySeconds}, counted from that failure.
 *
 * <p>The count starts over when the app gets a new configuration (a scale does not reset it: the
 * same configuration keeps failing), on {@link #reset} ({@code DELETE /v2/queue/{id}/delay}), and
 * once no failure came for the current delay plus {@code maxLaunchDelaySeconds}. Failures that are
 * the framework's own doing (kills) should not be reported here.
 *
 * <p>Not thread-safe: owned by the services framework's single thread. Time comes from the injected
 * clock only.
 */
public final class LaunchBackoff {
  private final Clock clock;
  private final Map<PathId, State> states = new HashMap<>();

  public LaunchBackoff(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  private record State(Instant config, int failures, Instant lastFailure, Duration delay) {}

  /** Records a failed instance of {@code app} and returns when its next launch may happen. */
  public Instant failed(AppDefinition app) {
    Instant now = clock.instant();
    State s = current(app, now);
    int failures = s == null ? 1 : s.failures() + 1;
    Duration delay = delayAfter(app, failures);
    states.put(app.id(), new State(configOf(app), failures, now, delay));
    return now.plus(delay);
  }

  /**
   * When the next launch of {@code app} may happen, if it is held back now; empty when it may
   * launch at once.
   */
  public Optional<Instant> delayedUntil(AppDefinition app) {
    Instant now = clock.instant();
    State s = current(app, now);
    if (s == null) {
      return Optional.empty();
    }
    Instant until = s.lastFailure().plus(s.delay());
    return until.isAfter(now) ? Optional.of(until) : Optional.empty();
  }

  /** Failures counted for the app's current configuration (0 after a reset). */
  public int failures(AppDefinition app) {
    State s = current(app, clock.instant());
    return s == null ? 0 : s.failures();
  }

  /** Forgets the app's failures: its next launch is not delayed. Unknown ids are ignored. */
  public void reset(PathId app) {
    states.remove(app);
  }

  /**
   * {@code backoffSeconds × backoffFactor^(failures−1)}, capped at {@code maxLaunchDelaySeconds};
   * zero for no failures.
   */
  public static Duration delayAfter(AppDefinition app, int failures) {
    if (failures <= 0) {
      return Duration.ZERO;
    }
    double seconds = app.backoffSeconds() * Math.pow(app.backoffFactor(), failures - 1);
    return seconds(Math.min(seconds, app.maxLaunchDelaySeconds()));
  }

  private static Duration seconds(double s) {
    return Double.isNaN(s) || s <= 0 ? Duration.ZERO : Duration.ofNanos(Math.round(s * 1e9));
  }

  /** The app's state if it still applies: same configuration and not overdue. */
  private State current(AppDefinition app, Instant now) {
    State s = states.get(app.id());
    if (s == null) {
      return null;
    }
    Duration quiet = s.delay().plus(seconds(app.maxLaunchDelaySeconds()));
    boolean overdue = now.isAfter(s.lastFailure().plus(quiet));
    if (!Objects.equals(s.config(), configOf(app)) || overdue) {
      states.remove(app.id());
      return null;
    }
    return s;
  }

  private static Instant configOf(AppDefinition app) {
    if (app.versionInfo() != null && app.versionInfo().lastConfigChangeAt() != null) {
      return app.versionInfo().lastConfigChangeAt();
    }
    return app.version();
  }
}
