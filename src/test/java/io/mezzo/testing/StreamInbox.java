package io.mezzo.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What a test client's subscription stream delivered: records in arrival order, which of them a
 * wait has handed out (so two waits for "the next UPDATE" get two updates), and how the stream
 * ended. Shared by the JSON and protobuf scheduler clients, which differ only in the record type.
 *
 * <p>Threads: the stream's reader calls {@link #add} and {@link #end}; everything else is for one
 * thread at a time (the clients call it from their synchronized methods). Waits are bounded by
 * their deadline and return early only when the stream has ended.
 */
public final class StreamInbox<T> {
  private static final Object END = new Object();

  private final BlockingQueue<Object> incoming = new LinkedBlockingQueue<>();
  private final List<T> received = new ArrayList<>();
  private final BitSet claimed = new BitSet();
  private volatile Throwable error;
  private boolean ended;

  /** A record read from the stream (reader thread). */
  public void add(T record) {
    incoming.add(record);
  }

  /** The stream is over, broken by {@code failure} or ended cleanly (null); reader thread, once. */
  public void end(Throwable failure) {
    if (failure != null) {
      error = failure;
    }
    incoming.add(END);
  }

  /** Every record so far, in order (a read-only view that grows as records are taken in). */
  public List<T> received() {
    drain();
    return Collections.unmodifiableList(received);
  }

  /** Whether the stream has ended (or broke). */
  public boolean ended() {
    drain();
    return ended;
  }

  public boolean claimed(int index) {
    return claimed.get(index);
  }

  public void claim(int index) {
    claimed.set(index);
  }

  /**
   * The first record not yet handed out that {@code match} accepts, handed out now; waits for more
   * until the deadline.
   *
   * @throws AssertionError when none came in time or the stream ended, with {@link #failure}
   */
  public T awaitUnclaimed(Predicate<T> match, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (int i = claimed.nextClearBit(0); i < received.size(); i++) {
        if (!claimed.get(i) && match.test(received.get(i))) {
          claimed.set(i);
          return received.get(i);
        }
      }
      if (!pollOnce(deadline)) {
        throw new AssertionError(failure(what, timeout, String::valueOf));
      }
    }
  }

  /**
   * Waits for one more record until {@code deadlineNanos} ({@link System#nanoTime}); false if none
   * came in time or none can come any more.
   */
  public boolean pollOnce(long deadlineNanos) {
    if (ended) {
      return false;
    }
    long left = deadlineNanos - System.nanoTime();
    if (left <= 0) {
      return false;
    }
    try {
      Object next = incoming.poll(left, TimeUnit.NANOSECONDS);
      if (next == null) {
        return false;
      }
      take(next);
      drain();
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Why a wait for {@code what} failed: ended or timed out, the stream's error, and the last 15
   * records (shown by {@code show}, cut at 400 characters) with those handed out marked.
   */
  public String failure(String what, Duration timeout, Function<T, String> show) {
    StringBuilder sb =
        new StringBuilder(ended ? "stream ended" : "timed out after " + timeout)
            .append(" waiting for ")
            .append(what);
    if (error != null) {
      sb.append(" (stream error: ").append(error).append(')');
    }
    sb.append("; ").append(received.size()).append(" events received");
    for (int i = Math.max(0, received.size() - 15); i < received.size(); i++) {
      String shown = show.apply(received.get(i)).replace('\n', ' ');
      sb.append("\n  #").append(i).append(claimed.get(i) ? " (handed out) " : " ");
      sb.append(shown.length() > 400 ? shown.substring(0, 400) + "…" : shown);
    }
    return sb.toString();
  }

  private void drain() {
    for (Object next = incoming.poll(); next != null; next = incoming.poll()) {
      take(next);
    }
  }

  @SuppressWarnings("unchecked")
  private void take(Object next) {
    if (next == END) {
      ended = true;
    } else {
      received.add((T) next);
    }
  }
}
