package io.mezzo.master.allocator;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.v1.Filters;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Mesos's refuse_seconds rules (MESOS-API.md §2.10). */
class RefusePolicyTest {
  @Test
  void defaultIsFiveSeconds() {
    assertThat(RefusePolicy.requested(null)).isEqualTo(Duration.ofSeconds(5));
    assertThat(RefusePolicy.requested(Filters.defaults())).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void negativeAndNanFallBackToDefaultZeroInstallsNone() {
    assertThat(RefusePolicy.requested(new Filters(-3.0))).isEqualTo(Duration.ofSeconds(5));
    assertThat(RefusePolicy.requested(new Filters(Double.NaN))).isEqualTo(Duration.ofSeconds(5));
    assertThat(RefusePolicy.requested(new Filters(0.0))).isNull();
  }

  @Test
  void longFiltersAreCappedAtAYear() {
    assertThat(RefusePolicy.requested(new Filters(1e12))).isEqualTo(Duration.ofDays(365));
    assertThat(RefusePolicy.requested(new Filters(2.5))).isEqualTo(Duration.ofMillis(2500));
  }

  @Test
  void aFilterLivesAtLeastOneAllocationInterval() {
    Duration interval = Duration.ofSeconds(1);
    assertThat(RefusePolicy.lifetime(null, interval)).isNull();
    assertThat(RefusePolicy.lifetime(Duration.ZERO, interval)).isNull();
    assertThat(RefusePolicy.lifetime(Duration.ofMillis(10), interval)).isEqualTo(interval);
    assertThat(RefusePolicy.lifetime(Duration.ofSeconds(-1), interval))
        .isEqualTo(Duration.ofSeconds(5));
    assertThat(RefusePolicy.lifetime(Duration.ofDays(999), interval))
        .isEqualTo(Duration.ofDays(365));
  }
}
