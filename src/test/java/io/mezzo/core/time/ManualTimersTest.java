package io.mezzo.core.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ManualTimersTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void dueTasksRunInOrderAtTheirTime() {
    ManualTimers timers = new ManualTimers(T0);
    List<Instant> ran = new CopyOnWriteArrayList<>();
    timers.schedule(Duration.ofSeconds(2), () -> ran.add(timers.clock().instant()));
    timers.schedule(Duration.ofSeconds(1), () -> ran.add(timers.clock().instant()));
    timers.advance(Duration.ofSeconds(5));
    assertThat(ran).containsExactly(T0.plusSeconds(1), T0.plusSeconds(2));
    assertThat(timers.clock().instant()).isEqualTo(T0.plusSeconds(5));
  }

  @Test
  void settlingLetsATickReArmedOnAnotherThreadRunEveryTime() throws Exception {
    ManualTimers timers = new ManualTimers(T0);
    ExecutorService owner = Executors.newSingleThreadExecutor();
    try {
      List<Instant> ticks = new CopyOnWriteArrayList<>();
      Runnable[] tick = new Runnable[1];
      // The tick hands itself to the owner thread, which records the time and re-arms it.
      tick[0] =
          () ->
              owner.execute(
                  () -> {
                    ticks.add(timers.clock().instant());
                    timers.schedule(Duration.ofSeconds(1), tick[0]);
                  });
      timers.schedule(Duration.ofSeconds(1), tick[0]);
      Runnable settle =
          () -> CompletableFuture.runAsync(() -> {}, owner).orTimeout(10, TimeUnit.SECONDS).join();
      timers.advance(Duration.ofSeconds(10), settle);
      assertThat(ticks).hasSize(10);
      assertThat(ticks.get(0)).isEqualTo(T0.plusSeconds(1));
      assertThat(ticks.get(9)).isEqualTo(T0.plusSeconds(10));
    } finally {
      owner.shutdownNow();
    }
  }
}
