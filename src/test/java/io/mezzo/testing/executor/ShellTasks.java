package io.mezzo.testing.executor;

import java.io.File;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The tasks a test executor runs as {@code /bin/sh -c <command>} processes, keyed by the task id of
 * whichever model the executor speaks (Mezzo's records or the official protos). It reports each end
 * once, as finished, failed or killed (a kill this executor sent wins over the exit code).
 * Thread-safe: events arrive on the stream's thread, exits on the JDK's.
 */
public final class ShellTasks<K> {
  /** How a task ended. */
  public enum End {
    FINISHED,
    FAILED,
    KILLED
  }

  /** Told of each task's end; its failure is logged, not thrown. */
  public interface Ended<K> {
    void ended(K task, End end, int exitCode) throws Exception;
  }

  /** Runs between the start and the watch for the exit: where the executor reports RUNNING. */
  public interface Started {
    void run() throws Exception;
  }

  private final Map<K, Process> running = new ConcurrentHashMap<>();
  private final Map<K, Boolean> killed = new ConcurrentHashMap<>();
  private final Ended<K> onEnd;
  private final java.util.function.Consumer<String> log;

  public ShellTasks(Ended<K> onEnd, java.util.function.Consumer<String> log) {
    this.onEnd = onEnd;
    this.log = log;
  }

  /**
   * Starts {@code command} for {@code task}, runs {@code started}, then watches for the exit: so a
   * command that ends at once still reports its end after what {@code started} sent.
   */
  public void start(K task, String command, Started started) throws Exception {
    Process p =
        new ProcessBuilder("/bin/sh", "-c", command)
            .inheritIO()
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    running.put(task, p);
    started.run();
    p.onExit()
        .thenAccept(
            done -> {
              running.remove(task);
              int code = done.exitValue();
              End end =
                  killed.containsKey(task) ? End.KILLED : code == 0 ? End.FINISHED : End.FAILED;
              try {
                onEnd.ended(task, end, code);
              } catch (Exception e) {
                log.accept("could not report the end of " + task + ": " + e);
              }
            });
  }

  /** Kills the task's process, if it runs; its end is then reported as killed. */
  public void kill(K task) {
    Process p = running.get(task);
    if (p != null) {
      killed.put(task, true);
      p.destroy();
    }
  }

  /**
   * Kills every running task and waits, bounded, for their ends to be reported (the reports go out
   * from the exit watch, on another thread).
   */
  public void stopAll() throws InterruptedException {
    for (Map.Entry<K, Process> e : running.entrySet()) {
      killed.put(e.getKey(), true);
      e.getValue().destroy();
      e.getValue().waitFor(5, TimeUnit.SECONDS);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    while (!running.isEmpty() && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }
}
