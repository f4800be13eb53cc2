package io.mezzo.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class LaunchQueueTest {
  private final List<String> started = new ArrayList<>();

  private LaunchQueue<String> queue(int limit) {
    return new LaunchQueue<>(limit, started::add);
  }

  @Test
  void startsAtOnceWhileSlotsAreFreeThenHoldsTheRestInArrivalOrder() {
    LaunchQueue<String> q = queue(2);
    for (String k : List.of("a", "b", "c", "d", "e")) {
      q.submit(k);
    }
    assertThat(started).containsExactly("a", "b");
    assertThat(q.queued()).isEqualTo(3);
    assertThat(q.isQueued("c")).isTrue();

    q.done("b");
    assertThat(started).containsExactly("a", "b", "c");
    q.done("a");
    q.done("c");
    assertThat(started).containsExactly("a", "b", "c", "d", "e");
    assertThat(q.queued()).isZero();
  }

  @Test
  void neverHasMoreStartedThanTheLimitWhateverTheOrderOfEnds() {
    int limit = 3;
    List<String> running = new ArrayList<>();
    LaunchQueue<String> q = new LaunchQueue<>(limit, running::add);
    SplittableRandom random = new SplittableRandom(11);
    int submitted = 0;
    int finished = 0;
    while (finished < 200) {
      if (submitted < 200 && random.nextInt(3) > 0) {
        q.submit("t" + submitted++);
      } else if (!running.isEmpty()) {
        q.done(running.remove(random.nextInt(running.size())));
        finished++;
      }
      assertThat(q.started()).isEqualTo(running.size()).isLessThanOrEqualTo(limit);
      assertThat(q.started() < limit && q.queued() > 0)
          .as("a free slot with work waiting")
          .isFalse();
    }
    assertThat(q.queued()).isZero();
  }

  @Test
  void aCancelledLaunchNeverStartsAndTheNextOneTakesItsTurn() {
    LaunchQueue<String> q = queue(1);
    q.submit("a");
    q.submit("b");
    q.submit("c");

    assertThat(q.cancel("b")).isTrue();
    assertThat(q.cancel("b")).as("already gone").isFalse();
    q.done("a");

    assertThat(started).containsExactly("a", "c");
    assertThat(q.isQueued("b")).isFalse();
  }

  @Test
  void aStartedLaunchCannotBeCancelledOnlyFinished() {
    LaunchQueue<String> q = queue(1);
    q.submit("a");

    assertThat(q.cancel("a")).isFalse();
    assertThat(q.cancel("unknown")).isFalse();
    assertThat(q.started()).isEqualTo(1);
  }

  @Test
  void launchesThatEndWhileStartingFreeTheirSlotWithoutRecursing() {
    List<String> order = new ArrayList<>();
    LaunchQueue<String>[] self = new LaunchQueue[1];
    Consumer<String> failAtOnce =
        k -> {
          order.add(k);
          self[0].done(k);
        };
    self[0] = new LaunchQueue<>(1, failAtOnce);
    for (int i = 0; i < 10_000; i++) {
      self[0].submit("t" + i);
    }
    assertThat(order).hasSize(10_000).startsWith("t0", "t1").endsWith("t9999");
    assertThat(self[0].started()).isZero();
  }

  @Test
  void aStartThatThrowsGivesItsSlotBack() {
    LaunchQueue<String> q =
        new LaunchQueue<>(
            1,
            k -> {
              if (k.equals("bad")) {
                throw new IllegalStateException("cannot start");
              }
              started.add(k);
            });

    assertThatThrownBy(() -> q.submit("bad")).hasMessage("cannot start");
    q.submit("good");

    assertThat(started).containsExactly("good");
  }

  @Test
  void refusesAZeroLimitDuplicatesAndUnknownEnds() {
    assertThatThrownBy(() -> queue(0)).isInstanceOf(IllegalArgumentException.class);
    LaunchQueue<String> q = queue(1);
    q.submit("a");
    q.submit("b");
    assertThatThrownBy(() -> q.submit("a")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> q.submit("b")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> q.done("b"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not a started launch");
  }
}
