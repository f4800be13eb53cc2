package io.mezzo.loadgen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The master a scenario drives: the packaged jar started here as a separate JVM in the {@code
 * master} profile on loopback (a fresh work dir under /tmp), or one already running at a given URL.
 * Measures the master's CPU seconds ({@code /proc/<pid>/stat}) and its heap after a full GC ({@code
 * jcmd <pid> GC.run}, then {@code GC.heap_info}); both need the pid, which a master found by URL
 * only has if it was given.
 */
public final class MasterUnderTest implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");

  private final URI url;
  private final Process process;
  private final OptionalLong pid;
  private final Path log;

  private MasterUnderTest(URI url, Process process, OptionalLong pid, Path log) {
    this.url = url;
    this.process = process;
    this.pid = pid;
    this.log = log;
  }

  /** A master someone else runs; {@code pid} (if known) lets CPU and heap be measured. */
  public static MasterUnderTest attach(URI url, OptionalLong pid) {
    MasterUnderTest m = new MasterUnderTest(url, null, pid, null);
    m.awaitReady();
    return m;
  }

  /**
   * Starts {@code jar} as a master and waits until it leads.
   *
   * @param jvmOptions e.g. {@code -Xmx4g}, {@code -XX:StartFlightRecording=...}
   * @param workRoot where the master's fresh work directory is made (its registry files are written
   *     and fsynced there, so a tmpfs such as /dev/shm takes the disk out of the figures)
   * @param properties extra {@code -D} settings (e.g. {@code mezzo.master.agent-ping-timeout})
   */
  public static MasterUnderTest start(
      Path jar, Path workRoot, List<String> jvmOptions, Map<String, String> properties) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "no packaged jar at "
              + jar.toAbsolutePath()
              + "; run 'mvn -B -o package -DskipTests' first");
    }
    try {
      int port = freePort();
      Files.createDirectories(workRoot);
      Path work = Files.createTempDirectory(workRoot, "mezzo-loadgen-master-");
      Path log = work.resolve("master.log");
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(jvmOptions);
      command.add("-Dquarkus.profile=master");
      command.add("-Dmezzo.role=master");
      command.add("-Dquarkus.http.host=127.0.0.1");
      command.add("-Dquarkus.http.port=" + port);
      command.add("-Dmezzo.work-dir=" + work.resolve("data"));
      properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
      command.add("-jar");
      command.add(jar.toAbsolutePath().toString());
      Files.writeString(log, String.join(" ", command) + "\n", StandardCharsets.UTF_8);
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      // A load generator stopped by a signal must not leave a master behind.
      Runtime.getRuntime().addShutdownHook(new Thread(p::destroy, "stop-master-" + p.pid()));
      MasterUnderTest m =
          new MasterUnderTest(
              URI.create("http://127.0.0.1:" + port), p, OptionalLong.of(p.pid()), log);
      try {
        m.awaitReady();
      } catch (RuntimeException e) {
        m.close();
        throw e;
      }
      return m;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the master", e);
    }
  }

  public URI url() {
    return url;
  }

  /** The master's log when started here, else null. */
  public Path log() {
    return log;
  }

  /** CPU seconds (user + system) the master used so far; NaN when its pid is unknown. */
  public double cpuSeconds() {
    return pid.isPresent() ? ProcStat.cpuSeconds(pid.getAsLong()) : Double.NaN;
  }

  /** Heap in use right after a full GC, in bytes; -1 when the pid is unknown. */
  public long heapAfterFullGc() {
    if (pid.isEmpty()) {
      return -1;
    }
    jcmd("GC.run");
    return heapUsedKib(jcmd("GC.heap_info")) * 1024;
  }

  /**
   * The master's live objects by class ({@code jcmd GC.class_histogram}), for "where the heap
   * goes".
   */
  public String classHistogram() {
    if (pid.isEmpty()) {
      throw new IllegalStateException("the master's pid is unknown: pass pid=");
    }
    return jcmd("GC.class_histogram");
  }

  /** The {@code used} figure of a {@code GC.heap_info} answer, in KiB. */
  static long heapUsedKib(String heapInfo) {
    Matcher m = HEAP_USED.matcher(heapInfo);
    if (!m.find()) {
      throw new IllegalStateException("no heap figure in jcmd's answer: " + heapInfo);
    }
    return Long.parseLong(m.group(1));
  }

  private String jcmd(String what) {
    try {
      Process p =
          new ProcessBuilder("jcmd", Long.toString(pid.getAsLong()), what)
              .redirectErrorStream(true)
              .start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException(
            "jcmd " + what + " failed: " + new String(out, StandardCharsets.UTF_8));
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run jcmd", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running jcmd", e);
    }
  }

  private void awaitReady() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    String last = "no answer yet";
    while (System.nanoTime() < deadline) {
      if (process != null && !process.isAlive()) {
        throw new IllegalStateException(
            "the master exited with " + process.exitValue() + "; see " + log);
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(url.resolve("/q/health/ready"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
        last = "HTTP " + r.statusCode();
      } catch (IOException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the master", e);
      }
      sleep(Duration.ofMillis(200));
    }
    throw new IllegalStateException(
        "the master at "
            + url
            + " was not ready within "
            + READY_TIMEOUT
            + ": "
            + last
            + (log == null ? "" : "; see " + log));
  }

  /** Stops a master started here (SIGTERM, then SIGKILL after a bound); an attached one stays. */
  @Override
  public void close() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
