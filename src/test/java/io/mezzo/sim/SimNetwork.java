package io.mezzo.sim;

import io.mezzo.core.time.ManualTimers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The simulated network between masters, agents and frameworks (nodes named {@code m0}, {@code a1},
 * {@code f2}). Messages on a {@link Connection} arrive in order after a seeded latency or not at
 * all; a request crosses twice and may be lost either way. A partition isolates a node for a while:
 * connections crossing it break silently (each end hears of it only after a seeded detection delay,
 * as a TCP timeout would tell it) and requests fail after a timeout. Everything runs on the
 * simulation's pumping thread through {@link ManualTimers}.
 */
final class SimNetwork {
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

  private final ManualTimers timers;
  private final SplittableRandom random;
  private final Trace trace;
  private final Map<String, Instant> isolatedUntil = new HashMap<>();
  private final List<Connection> open = new ArrayList<>();

  /** Chance that a request or its answer is lost although no partition is in the way. */
  double lossRate;

  SimNetwork(ManualTimers timers, SplittableRandom random, Trace trace) {
    this.timers = timers;
    this.random = random;
    this.trace = trace;
  }

  Instant now() {
    return timers.clock().instant();
  }

  boolean cut(String a, String b) {
    return isolated(a) || isolated(b);
  }

  boolean isolated(String node) {
    Instant until = isolatedUntil.get(node);
    return until != null && now().isBefore(until);
  }

  /** Cuts {@code node} off from every other node for {@code duration}. */
  void isolate(String node, Duration duration) {
    isolatedUntil.put(node, now().plus(duration));
    trace.add("partition " + node + " for " + duration.toMillis() + "ms");
    for (Connection c : List.copyOf(open)) {
      if (c.a.equals(node) || c.b.equals(node)) {
        c.fail(Duration.ofMillis(500 + random.nextLong(8_000)));
      }
    }
  }

  void healAll() {
    isolatedUntil.clear();
  }

  /** The node died: every connection of it breaks, and the far ends hear of it soon (a reset). */
  void crash(String node) {
    for (Connection c : List.copyOf(open)) {
      if (c.a.equals(node) || c.b.equals(node)) {
        c.fail(Duration.ofMillis(1 + random.nextLong(200)));
      }
    }
  }

  Duration latency() {
    return Duration.ofMillis(1 + random.nextLong(30));
  }

  /**
   * Sends a request from {@code from} to {@code to}: after a latency {@code call} runs (unless the
   * request is lost), and its answer comes back after another one (unless that is lost). A lost
   * message fails the answer after {@link #REQUEST_TIMEOUT}, as an HTTP client's timeout would.
   */
  <T> CompletionStage<T> request(String from, String to, Supplier<CompletionStage<T>> call) {
    CompletableFuture<T> answer = new CompletableFuture<>();
    Runnable timeout =
        () ->
            timers.schedule(
                REQUEST_TIMEOUT,
                () ->
                    answer.completeExceptionally(
                        new IllegalStateException("request " + from + "→" + to + " timed out")));
    if (cut(from, to) || lost()) {
      timeout.run();
      return answer;
    }
    timers.schedule(
        latency(),
        () -> {
          if (cut(from, to)) {
            timeout.run();
            return;
          }
          call.get()
              .whenComplete(
                  (value, error) -> {
                    if (cut(from, to) || lost()) {
                      timeout.run();
                      return;
                    }
                    timers.schedule(
                        latency(),
                        () -> {
                          if (error != null) {
                            answer.completeExceptionally(error);
                          } else {
                            answer.complete(value);
                          }
                        });
                  });
        });
    return answer;
  }

  private boolean lost() {
    return lossRate > 0 && random.nextDouble() < lossRate;
  }

  /** Opens a stream from {@code a} (the client) to {@code b}; see {@link Connection}. */
  Connection connect(String a, String b) {
    Connection c = new Connection(a, b);
    open.add(c);
    return c;
  }

  /**
   * A long-lived stream between two nodes: messages either way arrive in order, or the connection
   * breaks. Once broken nothing more is delivered, and each end's break handler runs once, after a
   * detection delay; an end that closes the connection itself is not told.
   */
  final class Connection {
    final String a;
    final String b;
    private Instant lastDelivery = Instant.EPOCH;
    private boolean broken;
    private Runnable onBreakA = () -> {};
    private Runnable onBreakB = () -> {};

    private Connection(String a, String b) {
      this.a = a;
      this.b = b;
    }

    void onBreak(Runnable atA, Runnable atB) {
      this.onBreakA = atA;
      this.onBreakB = atB;
    }

    boolean broken() {
      return broken;
    }

    /** Delivers {@code message} in order after a latency, unless the connection breaks first. */
    void deliver(Runnable message) {
      if (broken) {
        return;
      }
      if (cut(a, b)) {
        fail(Duration.ofMillis(500 + random.nextLong(8_000)));
        return;
      }
      Instant due = now().plus(latency());
      if (due.isBefore(lastDelivery)) {
        due = lastDelivery;
      }
      lastDelivery = due;
      timers.schedule(
          Duration.between(now(), due),
          () -> {
            if (!broken) {
              message.run();
            }
          });
    }

    /** One end closed it: the other end hears of it after the messages already on the way. */
    void close(boolean byA) {
      if (broken) {
        return;
      }
      Runnable tell = byA ? onBreakB : onBreakA;
      deliver(
          () -> {
            broken = true;
            open.remove(this);
            tell.run();
          });
    }

    /** Breaks it now; each end is told after {@code detection}. */
    void fail(Duration detection) {
      if (broken) {
        return;
      }
      broken = true;
      open.remove(this);
      timers.schedule(detection, onBreakA);
      timers.schedule(detection.plusMillis(random.nextLong(100)), onBreakB);
    }
  }
}
