package io.mezzo.agent.registration;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void drawsUnderABoundThatDoublesToTheCapAndResets() {
    Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(5), new SplittableRandom(1));
    Duration[] bounds = {
      Duration.ofSeconds(1),
      Duration.ofSeconds(2),
      Duration.ofSeconds(4),
      Duration.ofSeconds(5),
      Duration.ofSeconds(5)
    };
    for (Duration bound : bounds) {
      assertThat(b.bound()).isEqualTo(bound);
      assertThat(b.next()).isBetween(Duration.ZERO, bound);
    }
    b.reset();
    assertThat(b.bound()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void jitterSpreadsOverTheWholeFirstInterval() {
    SplittableRandom r = new SplittableRandom(3);
    long max = 0;
    long min = Long.MAX_VALUE;
    for (int i = 0; i < 200; i++) {
      long d = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1), r).next().toMillis();
      max = Math.max(max, d);
      min = Math.min(min, d);
    }
    assertThat(min).isLessThan(100);
    assertThat(max).isGreaterThan(900).isLessThanOrEqualTo(1000);
  }
}
