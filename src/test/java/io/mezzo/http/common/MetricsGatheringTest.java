package io.mezzo.http.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.core.time.ManualTimers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** {@code /metrics/snapshot}'s parts under a {@code timeout}, on a clock moved by hand. */
class MetricsGatheringTest {
  private final ManualTimers timers = new ManualTimers();

  @Test
  void withoutATimeoutItWaitsForEveryPart() {
    CompletableFuture<Map<String, Double>> slow = new CompletableFuture<>();
    CompletionStage<Map<String, Double>> all =
        MetricsGathering.gather(
            List.of(done(Map.of("master/elected", 1.0)), slow), Optional.empty(), timers);
    timers.advance(Duration.ofDays(1));
    assertThat(all.toCompletableFuture()).isNotDone();
    slow.complete(Map.of("slave/registered", 1.0));
    assertThat(all.toCompletableFuture().join())
        .containsExactly(Map.entry("master/elected", 1.0), Map.entry("slave/registered", 1.0));
  }

  @Test
  void aPartLateForTheTimeoutIsLeftOut() {
    CompletableFuture<Map<String, Double>> slow = new CompletableFuture<>();
    CompletionStage<Map<String, Double>> all =
        MetricsGathering.gather(
            List.of(done(Map.of("master/elected", 1.0)), slow),
            Optional.of(Duration.ofSeconds(5)),
            timers);
    timers.advance(Duration.ofMillis(4999));
    assertThat(all.toCompletableFuture()).isNotDone();
    timers.advance(Duration.ofMillis(1));
    assertThat(all.toCompletableFuture().join()).containsExactly(Map.entry("master/elected", 1.0));
    slow.complete(Map.of("slave/registered", 1.0));
    assertThat(all.toCompletableFuture().join()).doesNotContainKey("slave/registered");
  }

  @Test
  void partsInTimeAnswerAtOnceWithoutWaitingForTheTimeout() {
    CompletionStage<Map<String, Double>> all =
        MetricsGathering.gather(
            List.of(done(Map.of("b", 2.0)), done(Map.of("a", 1.0))),
            Optional.of(Duration.ofMinutes(1)),
            timers);
    assertThat(all.toCompletableFuture().join())
        .containsExactly(Map.entry("a", 1.0), Map.entry("b", 2.0));
  }

  @Test
  void aFailedPartIsLeftOutAndTheRestAnswered() {
    CompletionStage<Map<String, Double>> all =
        MetricsGathering.gather(
            List.of(
                CompletableFuture.failedFuture(new IllegalStateException("gone")),
                done(Map.of("a", 1.0))),
            Optional.empty(),
            timers);
    assertThat(all.toCompletableFuture().join()).containsExactly(Map.entry("a", 1.0));
  }

  @Test
  void noPartsIsAnEmptySnapshot() {
    assertThat(
            MetricsGathering.gather(List.of(), Optional.of(Duration.ofSeconds(1)), timers)
                .toCompletableFuture()
                .join())
        .isEmpty();
  }

  private static CompletionStage<Map<String, Double>> done(Map<String, Double> m) {
    return CompletableFuture.completedFuture(m);
  }
}
