package io.mezzo.framework.services.instance;

import static io.mezzo.framework.services.deploy.PlannerFixtures.V1;
import static io.mezzo.framework.services.deploy.PlannerFixtures.V2;
import static io.mezzo.framework.services.deploy.PlannerFixtures.app;
import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.framework.services.app.AppDefinition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LaunchBackoffTest {
  /** A clock the test moves by hand. */
  private static final class ManualClock extends Clock {
    Instant now = V2;

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }
  }

  private final ManualClock clock = new ManualClock();
  private final LaunchBackoff backoff = new LaunchBackoff(clock);
  private final AppDefinition web = app("/web").backoff(1, 2, 10).build();

  @ParameterizedTest(name = "after {0} failures: {1} s")
  @CsvSource({"0, 0", "1, 1", "2, 2", "3, 4", "4, 8", "5, 10", "30, 10"})
  void delayGrowsByTheFactorUpToTheMaximum(int failures, long seconds) {
    assertThat(LaunchBackoff.delayAfter(web, failures)).isEqualTo(Duration.ofSeconds(seconds));
  }

  @Test
  void aFailureHoldsTheNextLaunchBack() {
    assertThat(backoff.delayedUntil(web)).isEmpty();
    assertThat(backoff.failed(web)).isEqualTo(V2.plusSeconds(1));
    assertThat(backoff.failed(web)).isEqualTo(V2.plusSeconds(2));
    assertThat(backoff.delayedUntil(web)).contains(V2.plusSeconds(2));
    clock.advance(Duration.ofSeconds(2));
    assertThat(backoff.delayedUntil(web)).isEmpty();
    assertThat(backoff.failures(web)).isEqualTo(2);
  }

  @Test
  void aNewConfigurationStartsOver() {
    backoff.failed(web);
    backoff.failed(web);
    AppDefinition changed = app("/web").backoff(1, 2, 10).cmd("v2").config(V2).build();
    assertThat(backoff.failures(changed)).isZero();
    assertThat(backoff.delayedUntil(changed)).isEmpty();
    assertThat(backoff.failed(changed)).isEqualTo(V2.plusSeconds(1));
  }

  @Test
  void aScaleKeepsTheCount() {
    backoff.failed(web);
    AppDefinition scaled = app("/web").backoff(1, 2, 10).instances(3).version(V2).build();
    assertThat(backoff.failures(scaled)).isEqualTo(1);
  }

  @Test
  void resetClearsTheDelay() {
    backoff.failed(web);
    backoff.reset(web.id());
    assertThat(backoff.delayedUntil(web)).isEmpty();
    assertThat(backoff.failed(web)).isEqualTo(V2.plusSeconds(1));
  }

  @Test
  void aQuietPeriodOfDelayPlusMaximumStartsOver() {
    backoff.failed(web);
    backoff.failed(web);
    clock.advance(Duration.ofSeconds(12));
    assertThat(backoff.failures(web)).isEqualTo(2);
    clock.advance(Duration.ofMillis(1));
    assertThat(backoff.failures(web)).isZero();
  }

  @Test
  void unknownAppsAreNotDelayed() {
    backoff.reset(app("/nope").build().id());
    assertThat(backoff.delayedUntil(app("/other").config(V1).build())).isEmpty();
  }
}
