package io.mezzo.master.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.v1.Filters;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Mesos's refuse_seconds rules (MESOS-API.md §2.10). */
class RefuseFilterTest {
  @Test
  void defaultIsFiveSeconds() {
    assertThat(AcceptHandler.refuseDuration(null)).isEqualTo(Duration.ofSeconds(5));
    assertThat(AcceptHandler.refuseDuration(Filters.defaults())).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void negativeAndNanFallBackToDefaultZeroInstallsNone() {
    assertThat(AcceptHandler.refuseDuration(new Filters(-3.0))).isEqualTo(Duration.ofSeconds(5));
    assertThat(AcceptHandler.refuseDuration(new Filters(Double.NaN)))
        .isEqualTo(Duration.ofSeconds(5));
    assertThat(AcceptHandler.refuseDuration(new Filters(0.0))).isNull();
  }

  @Test
  void longFiltersAreCappedAtAYear() {
    assertThat(AcceptHandler.refuseDuration(new Filters(1e12))).isEqualTo(Duration.ofDays(365));
    assertThat(AcceptHandler.refuseDuration(new Filters(2.5))).isEqualTo(Duration.ofMillis(2500));
  }
}
