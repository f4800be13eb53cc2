package io.mezzo.agent.health;

import static io.mezzo.agent.health.ScriptedProbe.fail;
import static io.mezzo.agent.health.ScriptedProbe.pass;
import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.v1.HealthCheck;
import io.mezzo.core.time.ManualTimers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthCheckerTest {
  private final ManualTimers timers = new ManualTimers();
  private final ScriptedProbe probe = new ScriptedProbe();
  private final List<String> events = new ArrayList<>();

  /** delay 1 s, interval 1 s, timeout 0.5 s, 3 failures, grace {@code grace} s. */
  private HealthChecker checker(double grace) {
    HealthCheck check = HealthCheck.command("x").withTimings(1, 1, 0.5, 3, grace);
    return new HealthChecker(
        "t",
        check,
        probe,
        timers,
        Runnable::run,
        new HealthChecker.Listener() {
          @Override
          public void healthChanged(boolean healthy, String detail) {
            events.add((healthy ? "healthy" : "unhealthy") + "@" + now());
          }

          @Override
          public void unhealthy(String detail) {
            events.add("kill@" + now() + ": " + detail);
          }
        });
  }

  private long now() {
    return Duration.between(start, timers.clock().instant()).toMillis();
  }

  private final java.time.Instant start = timers.clock().instant();

  @Test
  void firstProbeWaitsForTheDelay() {
    checker(0).start();
    timers.advance(Duration.ofMillis(999));
    assertThat(probe.runs).isZero();
    timers.advance(Duration.ofMillis(1));
    assertThat(probe.runs).isEqualTo(1);
  }

  @Test
  void healthIsReportedOnlyWhenItChanges() {
    probe.then(pass(), pass(), fail(), fail(), pass(), pass());
    checker(0).start();
    timers.advance(Duration.ofSeconds(6));
    assertThat(events).containsExactly("healthy@1000", "unhealthy@3000", "healthy@5000");
    assertThat(probe.runs).isEqualTo(6);
  }

  @Test
  void consecutiveFailuresKillAndStopTheChecker() {
    probe.then(pass(), fail(), fail(), fail());
    HealthChecker c = checker(0);
    c.start();
    timers.advance(Duration.ofSeconds(10));
    assertThat(events)
        .containsExactly(
            "healthy@1000",
            "unhealthy@2000",
            "kill@4000: 3 consecutive health check failure(s), the last: failed");
    assertThat(c.stopped()).isTrue();
    assertThat(probe.runs).isEqualTo(4);
    assertThat(timers.pending()).isZero();
  }

  @Test
  void aSuccessResetsTheFailureCount() {
    probe.then(fail(), fail(), pass(), fail(), fail(), pass());
    checker(0).start();
    timers.advance(Duration.ofSeconds(6));
    assertThat(events).noneMatch(e -> e.startsWith("kill"));
  }

  @Test
  void failuresInTheGracePeriodDoNotCountUntilTheFirstSuccess() {
    // Grace 3.5 s from start: the failures at 1, 2 and 3 s are ignored; 4, 5, 6 s kill.
    probe.then(fail());
    checker(3.5).start();
    timers.advance(Duration.ofSeconds(5));
    assertThat(events).containsExactly("unhealthy@4000");
    timers.advance(Duration.ofSeconds(1));
    assertThat(events).hasSize(2).last().asString().startsWith("kill@6000");
  }

  @Test
  void afterAFirstSuccessTheGracePeriodNoLongerApplies() {
    probe.then(pass(), fail(), fail(), fail());
    checker(100).start();
    timers.advance(Duration.ofSeconds(4));
    assertThat(events).last().asString().startsWith("kill@4000");
  }

  @Test
  void aProbeThatHangsTimesOutAsAFailureAndItsLateResultIsIgnored() {
    probe.then(ScriptedProbe.HANG);
    checker(0).start();
    timers.advance(Duration.ofMillis(1500));
    assertThat(events).containsExactly("unhealthy@1500");
    // Next probe 1 s after the timeout: 2.5 s, times out at 3 s; the third kills at 4.5 s.
    timers.advance(Duration.ofSeconds(3));
    assertThat(events).hasSize(2).last().asString().startsWith("kill@4500").contains("timed out");
  }

  @Test
  void hugeOrInfiniteDurationsDoNotOverflowTheTimers() {
    HealthChecker.seconds(Double.POSITIVE_INFINITY).toNanos();
    assertThat(HealthChecker.seconds(1e300))
        .isEqualTo(HealthChecker.seconds(Double.POSITIVE_INFINITY));
    assertThat(HealthChecker.seconds(0.25)).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void stopCancelsEverything() {
    probe.then(pass());
    HealthChecker c = checker(0);
    c.start();
    timers.advance(Duration.ofSeconds(1));
    c.stop();
    timers.advance(Duration.ofSeconds(10));
    assertThat(probe.runs).isEqualTo(1);
    assertThat(timers.pending()).isZero();
  }
}
