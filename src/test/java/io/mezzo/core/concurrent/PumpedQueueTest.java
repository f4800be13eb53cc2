package io.mezzo.core.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PumpedQueueTest {
  private final PumpedQueue queue = new PumpedQueue();

  @Test
  void workOfSeveralContextsRunsInSubmissionOrderOnlyWhenPumped() {
    SerialContext a = SerialContext.pumped("a", queue);
    SerialContext b = SerialContext.pumped("b", queue);
    List<String> ran = new ArrayList<>();
    a.execute(() -> ran.add("a1"));
    b.execute(() -> ran.add("b1"));
    a.execute(() -> b.execute(() -> ran.add("b2 queued by a")));
    assertTrue(ran.isEmpty(), "nothing runs before the test pumps");
    assertEquals(4, queue.runUntilIdle(100));
    assertEquals(List.of("a1", "b1", "b2 queued by a"), ran);
  }

  @Test
  void aContextKnowsWhenItsOwnWorkIsRunning() {
    SerialContext a = SerialContext.pumped("a", queue);
    SerialContext b = SerialContext.pumped("b", queue);
    List<Boolean> seen = new ArrayList<>();
    a.execute(() -> seen.add(a.inContext()));
    a.execute(() -> seen.add(b.inContext()));
    queue.runUntilIdle(10);
    assertEquals(List.of(true, false), seen);
    assertFalse(a.inContext());
  }

  @Test
  void closingDropsQueuedAndLaterWorkAndFailsCalls() {
    SerialContext a = SerialContext.pumped("a", queue);
    List<String> ran = new ArrayList<>();
    a.execute(() -> ran.add("queued before close"));
    a.close(Duration.ZERO);
    a.execute(() -> ran.add("after close"));
    CompletableFuture<String> call = a.call(() -> "answer");
    queue.runUntilIdle(10);
    assertTrue(ran.isEmpty());
    assertTrue(call.isCompletedExceptionally());
  }

  @Test
  void aCallCompletesWhenPumpedAndATaskThatThrowsDoesNotStopTheQueue() {
    SerialContext a = SerialContext.pumped("a", queue);
    a.execute(
        () -> {
          throw new IllegalStateException("boom");
        });
    CompletableFuture<String> call = a.call(() -> "answer");
    assertFalse(call.isDone());
    queue.runUntilIdle(10);
    assertEquals("answer", call.join());
  }

  @Test
  void workThatNeverStopsQueueingIsReportedNotHungOn() {
    SerialContext a = SerialContext.pumped("a", queue);
    Runnable[] forever = new Runnable[1];
    forever[0] = () -> a.execute(forever[0]);
    a.execute(forever[0]);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> queue.runUntilIdle(50));
    assertTrue(e.getMessage().contains("still busy after 50 tasks; next is for a"), e.getMessage());
  }
}
