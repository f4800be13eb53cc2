package io.mezzo.agent.status;

import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.core.time.Timers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;
import org.jboss.logging.Logger;

/**
 * Delivers task status updates to the master at least once and in order per task (MESOS-API.md
 * §3.5), like Mesos's {@code StatusUpdateManager}.
 *
 * <p>Each task has one FIFO stream. An update is stamped with a fresh uuid (16 random bytes,
 * Base64) and appended to the stream's checkpoint file <em>before</em> it is sent. Only the head of
 * a stream is in flight: it is resent after {@code retryMin}, then after twice that, up to {@code
 * retryMax}, until an acknowledgement with its uuid arrives; then the next update is sent. When the
 * terminal update is acknowledged the stream closes.
 *
 * <pre>
 *   update ──▶ [checkpoint] ──▶ pending ──(head)──▶ forward ──(no ack: retry with backoff)──┐
 *                                  ▲                   ▲                                      │
 *                                  │                   └──────────────────────────────────────┘
 *                                  └── ack(head uuid): checkpoint ACK, pop, forward next head
 *                                      (terminal head acked: stream closed)
 * </pre>
 *
 * <p>While {@link #pause() paused} (no master) nothing is sent and no retry timer runs; {@link
 * #resume()} sends every head at once (re-registration) and restarts the backoff.
 *
 * <p>Threading: not thread-safe. Every method must be called on the owner's context, the {@code
 * owner} executor given to the constructor, which is also where retry timers run.
 */
public final class StatusUpdateManager {
  private static final Logger LOG = Logger.getLogger(StatusUpdateManager.class);

  /** Sends one update to the master. The returned stage only reports transport failures. */
  @FunctionalInterface
  public interface Forwarder {
    CompletionStage<Void> forward(FrameworkId framework, TaskStatus status);
  }

  /** What an acknowledgement did. */
  public enum AckResult {
    /** Unknown task or not the uuid of the update in flight; nothing changed. */
    IGNORED,
    /** The head was acknowledged; the next pending update (if any) is in flight. */
    ACKNOWLEDGED,
    /** The terminal update was acknowledged; the stream is closed and forgotten. */
    STREAM_CLOSED
  }

  /**
   * A stream as recovered from its checkpoint.
   *
   * @param latest the last update ever written to the stream, acknowledged or not
   * @param pending updates still to be delivered, oldest first
   * @param closed whether the terminal update was acknowledged (nothing left to do)
   */
  public record Recovered(
      FrameworkId frameworkId, TaskStatus latest, List<TaskStatus> pending, boolean closed) {}

  private final Timers timers;
  private final Executor owner;
  private final RandomGenerator random;
  private final Duration retryMin;
  private final Duration retryMax;
  private final Forwarder forwarder;
  private final Map<TaskId, Stream> streams = new LinkedHashMap<>();
  private boolean paused;

  /**
   * @param owner the context that owns this manager; timer callbacks are run through it
   * @param random source of update uuids (seeded in tests; a {@code SecureRandom} in production)
   * @param retryMin delay before the first resend of an unacknowledged update (Mesos: 10 s)
   * @param retryMax cap of the doubling resend delay (Mesos: 10 min)
   */
  public StatusUpdateManager(
      Timers timers,
      Executor owner,
      RandomGenerator random,
      Duration retryMin,
      Duration retryMax,
      Forwarder forwarder) {
    if (retryMin.isNegative() || retryMin.isZero() || retryMax.compareTo(retryMin) < 0) {
      throw new IllegalArgumentException(
          "need 0 < retryMin <= retryMax, got " + retryMin + ", " + retryMax);
    }
    this.timers = timers;
    this.owner = owner;
    this.random = random;
    this.retryMin = retryMin;
    this.retryMax = retryMax;
    this.forwarder = forwarder;
  }

  /**
   * Adds an update to its task's stream: stamps a new uuid, checkpoints it to {@code streamFile}
   * (created on the first update of a task), and forwards it now if it is the stream's head.
   *
   * @return the update as stamped and sent
   * @throws IllegalStateException if the stream already holds a terminal update
   * @throws java.io.UncheckedIOException if the checkpoint fails; then nothing is sent or queued
   */
  public TaskStatus update(FrameworkId framework, TaskStatus status, Path streamFile) {
    return update(framework, status, streamFile, false);
  }

  /**
   * Like {@link #update(FrameworkId, TaskStatus, Path)}, but keeps the update's own uuid: a custom
   * executor stamps its updates, and its scheduler's acknowledgement must name that uuid so the
   * executor can match the ACKNOWLEDGED event (Mesos keeps the executor's uuid too).
   *
   * @throws IllegalArgumentException if {@code status} has no uuid
   */
  public TaskStatus updateAsStamped(FrameworkId framework, TaskStatus status, Path streamFile) {
    if (status.uuid() == null) {
      throw new IllegalArgumentException("update of task " + status.taskId() + " has no uuid");
    }
    return update(framework, status, streamFile, true);
  }

  private TaskStatus update(
      FrameworkId framework, TaskStatus status, Path streamFile, boolean keepUuid) {
    Stream stream = streams.get(status.taskId());
    if (stream != null && stream.terminated) {
      throw new IllegalStateException(
          "cannot add "
              + status.state()
              + " to the stream of task "
              + status.taskId()
              + ": it already ended with a terminal update");
    }
    TaskStatus stamped = status.uuid() != null && keepUuid ? status : withUuid(status, newUuid());
    UpdateStreamFile.append(streamFile, StreamRecord.update(framework, stamped));
    if (stream == null) {
      stream = new Stream(status.taskId(), framework, streamFile);
      streams.put(status.taskId(), stream);
    }
    stream.pending.addLast(stamped);
    stream.terminated = stamped.state().isTerminal();
    if (stream.pending.size() == 1 && !paused) {
      stream.backoff = retryMin;
      send(stream);
    }
    return stamped;
  }

  /**
   * Handles an acknowledgement. Only the uuid of the head update counts; anything else (unknown
   * task, old or future uuid) is logged and ignored, which makes duplicate acks harmless.
   */
  public AckResult acknowledge(TaskId task, String uuid) {
    Stream stream = streams.get(task);
    if (stream == null) {
      LOG.infof("Ignoring acknowledgement %s for task %s: no update stream", uuid, task);
      return AckResult.IGNORED;
    }
    TaskStatus head = stream.pending.peekFirst();
    if (head == null || !head.uuid().equals(uuid)) {
      LOG.infof(
          "Ignoring acknowledgement %s for task %s: the update in flight is %s",
          uuid, task, head == null ? "none" : head.uuid());
      return AckResult.IGNORED;
    }
    UpdateStreamFile.append(stream.file, StreamRecord.ack(uuid));
    stream.pending.removeFirst();
    stream.cancelRetry();
    if (stream.pending.isEmpty() && head.state().isTerminal()) {
      streams.remove(task);
      LOG.debugf(
          "Closed the update stream of task %s after %s was acknowledged", task, head.state());
      return AckResult.STREAM_CLOSED;
    }
    if (!stream.pending.isEmpty() && !paused) {
      stream.backoff = retryMin;
      send(stream);
    }
    return AckResult.ACKNOWLEDGED;
  }

  /**
   * Recovers one stream from its checkpoint after an agent restart. Unacknowledged updates are
   * queued again (and sent now unless paused); a stream whose terminal update was acknowledged is
   * reported closed and not kept. A missing or empty file yields empty.
   */
  public Optional<Recovered> recover(TaskId task, Path streamFile) {
    List<StreamRecord> records = UpdateStreamFile.read(streamFile);
    Deque<TaskStatus> pending = new ArrayDeque<>();
    FrameworkId framework = null;
    TaskStatus latest = null;
    boolean closed = false;
    for (StreamRecord r : records) {
      switch (r.type()) {
        case UPDATE -> {
          framework = r.frameworkId();
          latest = r.status();
          pending.addLast(r.status());
        }
        case ACK -> {
          TaskStatus acked = pending.peekFirst();
          if (acked != null && acked.uuid().equals(r.uuid())) {
            pending.removeFirst();
            closed = pending.isEmpty() && acked.state().isTerminal();
          } else {
            LOG.warnf(
                "Skipping checkpointed acknowledgement %s of task %s: it matches no pending update",
                r.uuid(), task);
          }
        }
      }
    }
    if (latest == null) {
      return Optional.empty();
    }
    Recovered recovered = new Recovered(framework, latest, List.copyOf(pending), closed);
    if (!closed) {
      Stream stream = new Stream(task, framework, streamFile);
      stream.pending.addAll(pending);
      stream.terminated = latest.state().isTerminal();
      streams.put(task, stream);
      if (!stream.pending.isEmpty() && !paused) {
        stream.backoff = retryMin;
        send(stream);
      }
    }
    return Optional.of(recovered);
  }

  /** Stops sending: cancels every retry timer. Updates are still accepted and checkpointed. */
  public void pause() {
    paused = true;
    streams.values().forEach(Stream::cancelRetry);
  }

  /** Sends the head of every stream now and restarts their backoff (re-registration). */
  public void resume() {
    paused = false;
    for (Stream stream : streams.values()) {
      if (!stream.pending.isEmpty()) {
        stream.cancelRetry();
        stream.backoff = retryMin;
        send(stream);
      }
    }
  }

  public boolean isPaused() {
    return paused;
  }

  /** The unacknowledged updates of a task, oldest (in flight) first; empty for no stream. */
  public List<TaskStatus> pending(TaskId task) {
    Stream stream = streams.get(task);
    return stream == null ? List.of() : List.copyOf(stream.pending);
  }

  /** Tasks with an open stream, in creation order. */
  public List<TaskId> openStreams() {
    return new ArrayList<>(streams.keySet());
  }

  /** Cancels every timer; the manager must not be used afterwards. */
  public void close() {
    pause();
    streams.clear();
  }

  private void send(Stream stream) {
    TaskStatus head = stream.pending.peekFirst();
    LOG.debugf("Forwarding %s (uuid %s) of task %s", head.state(), head.uuid(), stream.task);
    try {
      forwarder
          .forward(stream.framework, head)
          .whenComplete(
              (ok, err) -> {
                if (err != null) {
                  LOG.debugf(
                      "Forwarding update %s of task %s failed, will retry: %s",
                      head.uuid(), stream.task, err.toString());
                }
              });
    } catch (RuntimeException e) {
      LOG.warnf(e, "Forwarding update %s of task %s failed, will retry", head.uuid(), stream.task);
    }
    scheduleRetry(stream, head.uuid());
  }

  private void scheduleRetry(Stream stream, String uuid) {
    Duration delay = stream.backoff;
    stream.cancelRetry();
    stream.retry = timers.schedule(delay, () -> owner.execute(() -> retry(stream, uuid)));
    Duration doubled = delay.multipliedBy(2);
    stream.backoff = doubled.compareTo(retryMax) > 0 ? retryMax : doubled;
  }

  private void retry(Stream stream, String uuid) {
    TaskStatus head = stream.pending.peekFirst();
    // A timer that fires after its update was acknowledged, or after a pause, is stale.
    if (paused || streams.get(stream.task) != stream || head == null || !head.uuid().equals(uuid)) {
      return;
    }
    LOG.infof(
        "Resending %s (uuid %s) of task %s: no acknowledgement yet",
        head.state(), uuid, stream.task);
    send(stream);
  }

  private String newUuid() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static TaskStatus withUuid(TaskStatus s, String uuid) {
    return new TaskStatus(
        s.taskId(),
        s.state(),
        s.message(),
        s.source(),
        s.reason(),
        s.data(),
        s.agentId(),
        s.executorId(),
        s.timestamp(),
        uuid,
        s.healthy(),
        s.labels(),
        s.containerStatus(),
        s.unreachableTime(),
        s.limitation(),
        s.checkStatus());
  }

  /** One task's stream; owned by the manager's context. */
  private static final class Stream {
    final TaskId task;
    final FrameworkId framework;
    final Path file;
    final Deque<TaskStatus> pending = new ArrayDeque<>();
    boolean terminated;
    Duration backoff;
    Timers.Cancellable retry;

    Stream(TaskId task, FrameworkId framework, Path file) {
      this.task = task;
      this.framework = framework;
      this.file = file;
    }

    void cancelRetry() {
      if (retry != null) {
        retry.cancel();
        retry = null;
      }
    }
  }
}
