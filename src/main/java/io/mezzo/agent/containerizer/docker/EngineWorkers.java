package io.mezzo.agent.containerizer.docker;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.jboss.logging.Logger;

/**
 * The engine of a {@link DockerContainerizer} and the I/O threads its blocking calls run on, so the
 * containerizer's context never blocks on the engine. Once closed, work still queued is dropped:
 * containers outlive the agent, and a restarted one recovers them.
 */
final class EngineWorkers implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(DockerContainerizer.class);

  final DockerEngine engine;
  private final ExecutorService io =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "docker-io");
            t.setDaemon(true);
            return t;
          });
  private volatile boolean closed;

  EngineWorkers(DockerEngine engine) {
    this.engine = engine;
  }

  /** The pool for {@code supplyAsync}; prefer {@link #submit} for fire-and-forget work. */
  ExecutorService io() {
    return io;
  }

  boolean closed() {
    return closed;
  }

  /** A call to the engine that may fail with an I/O error. */
  interface EngineCall {
    void run() throws IOException;
  }

  /** Runs {@code call}, logging (not throwing) a failure, named by {@code what}. */
  void call(String what, EngineCall call) {
    try {
      call.run();
    } catch (IOException e) {
      LOG.warnf("Docker engine call '%s' failed: %s", what, e.getMessage());
    }
  }

  /** Runs {@code work} on an I/O thread, or drops it once closed. */
  void submit(Runnable work) {
    try {
      io.execute(work);
    } catch (RejectedExecutionException closedPool) {
      LOG.debugf("Docker containerizer closed; dropping work");
    }
  }

  /** Waits between engine retries on an I/O thread; an interrupt (close) ends it early. */
  static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
    engine.close();
    io.shutdownNow();
  }

  static Throwable unwrap(Throwable e) {
    while ((e instanceof CompletionException
            || e instanceof IllegalStateException && e.getCause() instanceof IOException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  static String describe(Throwable e) {
    Throwable t = unwrap(e);
    return t.getMessage() != null ? t.getMessage() : t.toString();
  }
}
