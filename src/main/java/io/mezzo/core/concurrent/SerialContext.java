package io.mezzo.core.concurrent;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The single thread that owns a component's mutable state (house rule 3). Work is queued and run in
 * submission order; a task that throws is logged and does not stop the context.
 *
 * <p>A context made by {@link #pumped} has no thread: its work joins a {@link PumpedQueue} that a
 * test drains on its own thread, so several components run interleaved in one deterministic order.
 * Closing it drops its queued and future work at once, as a crashed process loses it.
 */
public final class SerialContext implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(SerialContext.class);
  private final String name;
  private final ExecutorService executor;
  private final PumpedQueue pump;
  private volatile Thread thread;
  private volatile boolean closed;

  public SerialContext(String name) {
    this.name = name;
    this.pump = null;
    this.executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              thread = t;
              return t;
            });
  }

  private SerialContext(String name, PumpedQueue pump) {
    this.name = name;
    this.pump = pump;
    this.executor = null;
  }

  /** A context without a thread whose work runs when the test pumps {@code queue}. */
  public static SerialContext pumped(String name, PumpedQueue queue) {
    return new SerialContext(name, queue);
  }

  public String name() {
    return name;
  }

  /** Runs the task on this context; silently drops it once the context is closed. */
  public void execute(Runnable task) {
    Runnable guarded =
        () -> {
          try {
            task.run();
          } catch (RuntimeException | Error e) {
            LOG.errorf(e, "%s: task failed", name);
          }
        };
    if (!submit(guarded)) {
      LOG.debugf("%s: closed, dropping task", name);
    }
  }

  /** Runs the supplier on this context and completes with its result or exception. */
  public <T> CompletableFuture<T> call(Supplier<T> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    boolean queued =
        submit(
            () -> {
              try {
                result.complete(work.get());
              } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
              }
            });
    if (!queued) {
      result.completeExceptionally(new IllegalStateException(name + " is stopped"));
    }
    return result;
  }

  private boolean submit(Runnable task) {
    if (pump != null) {
      if (closed) {
        return false;
      }
      // Checked again when it runs: closing drops work queued before the close too.
      pump.add(
          this,
          () -> {
            if (!closed) {
              task.run();
            }
          });
      return true;
    }
    try {
      executor.execute(task);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  public boolean inContext() {
    return pump != null ? pump.isRunning(this) : Thread.currentThread() == thread;
  }

  /**
   * Stops taking work and waits (bounded) for queued work to finish. A pumped context cannot wait
   * for its pump, so it drops its queued work instead.
   */
  public void close(Duration wait) {
    closed = true;
    if (pump != null) {
      return;
    }
    executor.shutdown();
    try {
      if (!executor.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      executor.shutdownNow();
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }
}
