package io.mezzo.agent.health;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Runs one short-lived probe process, bounded in time: on timeout it and every descendant are
 * killed (SIGKILL), as Mesos kills a check that overruns. Stdout is kept (up to 4 KiB, enough for
 * an HTTP status code); stderr is discarded, so a chatty check cannot fill a pipe and hang.
 */
final class CommandRunner {
  private static final int KEEP = 4096;

  /**
   * Threads for the blocking parts of probes (reading a probe's stdout, a TCP connect): daemon
   * threads that end when idle, so the common pool (one thread on a two-core host) is never blocked
   * by a slow task. Each use is bounded by the probe's timeout.
   */
  static final java.util.concurrent.ExecutorService BLOCKING =
      java.util.concurrent.Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "health-probe");
            t.setDaemon(true);
            return t;
          });

  /** How the process ended: its exit code, or null with the reason it has none. */
  record Outcome(Integer exitCode, String stdout, String error) {}

  private CommandRunner() {}

  static CompletionStage<Outcome> run(
      List<String> argv, Map<String, String> env, Path cwd, Duration timeout) {
    ProcessBuilder pb =
        new ProcessBuilder(argv)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    if (cwd != null) {
      pb.directory(cwd.toFile());
    }
    pb.environment().putAll(env);
    Process p;
    try {
      p = pb.start();
    } catch (IOException | RuntimeException e) {
      return CompletableFuture.completedFuture(
          new Outcome(null, "", "could not start " + argv.get(0) + ": " + e.getMessage()));
    }
    CompletableFuture<String> out =
        CompletableFuture.supplyAsync(() -> drain(p.getInputStream()), BLOCKING);
    return p.onExit()
        .orTimeout(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)
        .handle((done, e) -> e)
        .thenCompose(
            e -> {
              if (e != null) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return CompletableFuture.completedFuture(
                    new Outcome(null, "", "timed out after " + timeout.toMillis() + " ms"));
              }
              // A descendant that outlives the probe could hold stdout open: wait a little only.
              return out.completeOnTimeout("", 1, TimeUnit.SECONDS)
                  .thenApply(text -> new Outcome(p.exitValue(), text, null));
            });
  }

  private static String drain(InputStream in) {
    try (in) {
      byte[] kept = in.readNBytes(KEEP);
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return new String(kept, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
