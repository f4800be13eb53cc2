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
 */
public final class SerialContext implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(SerialContext.class);
  private final String name;
  private final ExecutorService executor;
  private volatile Thread thread;

  public SerialContext(String name) {
    this.name = name;
    this.executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              thread = t;
              return t;
            });
  }

  /** Runs the task on this context; silently drops it once the context is closed. */
  public void execute(Runnable task) {
    try {
      executor.execute(
          () -> {
            try {
              task.run();
            } catch (RuntimeException | Error e) {
              LOG.errorf(e, "%s: task failed", name);
            }
          });
    } catch (RejectedExecutionException closed) {
      LOG.debugf("%s: closed, dropping task", name);
    }
  }

  /** Runs the supplier on this context and completes with its result or exception. */
  public <T> CompletableFuture<T> call(Supplier<T> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    try {
      executor.execute(
          () -> {
            try {
              result.complete(work.get());
            } catch (RuntimeException | Error e) {
              result.completeExceptionally(e);
            }
          });
    } catch (RejectedExecutionException closed) {
      result.completeExceptionally(new IllegalStateException(name + " is stopped"));
    }
    return result;
  }

  public boolean inContext() {
    return Thread.currentThread() == thread;
  }

  /** Stops taking work and waits (bounded) for queued work to finish. */
  public void close(Duration wait) {
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
