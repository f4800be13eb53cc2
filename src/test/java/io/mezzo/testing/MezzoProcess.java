package io.mezzo.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The packaged Mezzo jar running as a separate JVM, for {@code *IT} tests.
 *
 * <h2>Configuration the ITs assume (align the application with these)</h2>
 *
 * <pre>
 *   quarkus.profile        standalone | master | agent   picks the role (also passed as mezzo.role)
 *   mezzo.role             standalone | master | agent   same value, for a StartupEvent observer
 *   quarkus.http.host      127.0.0.1                     tests bind to loopback only
 *   quarkus.http.port      a free port                   per process
 *   mezzo.work-dir         a fresh directory             all state of the process lives under it;
 *                                                        the agent's (also standalone's) sandboxes
 *                                                        are at {@value #SANDBOX_STDOUT} below it
 *   mezzo.master           http://127.0.0.1:PORT         agent role: where the master is
 *   mezzo.agent.resources  cpus:2;mem:1024;disk:1024;ports:[31000-31100]
 *                                                        agent/standalone: fixed resources (Mesos
 *                                                        --resources syntax) instead of detection
 *   GET /q/health/ready    200 when ready                master: leading; agent: registered;
 *                                                        standalone: both
 * </pre>
 *
 * <p>The jar is {@code -Dmezzo.jar} (failsafe sets it to {@code
 * target/quarkus-app/quarkus-run.jar}). Output goes to a log file under {@code target/it-logs/}; a
 * process that does not become ready in 120 s fails the test with the tail of that log. {@link
 * #close()} ends the whole process tree, including tasks the agent launched, and waits for it.
 */
public final class MezzoProcess implements AutoCloseable {
  /**
   * Where a command task's stdout is, relative to the process's {@code mezzo.work-dir}: {@code *}
   * matches one path element, {@code %s} is the task id (= executor id for command tasks). This is
   * Mesos's layout (MESOS-API.md §6.6) under an {@code agent/} directory of the work dir.
   */
  public static final String SANDBOX_STDOUT =
      "agent/slaves/*/frameworks/*/executors/%s/runs/latest/stdout";

  public static final String AGENT_RESOURCES = "cpus:2;mem:1024;disk:1024;ports:[31000-31100]";
  public static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
  private static final long STOP_TIMEOUT_SECONDS = 20;

  private final String name;
  private final Process process;
  private final int port;
  private final Path workDir;
  private final Path log;
  private final URI baseUrl;

  private final javax.net.ssl.SSLContext tls;

  private MezzoProcess(
      String name,
      Process process,
      int port,
      Path workDir,
      Path log,
      URI baseUrl,
      javax.net.ssl.SSLContext tls) {
    this.name = name;
    this.process = process;
    this.port = port;
    this.workDir = workDir;
    this.log = log;
    this.baseUrl = baseUrl;
    this.tls = tls;
  }

  /** Master and one local agent in one JVM, with the test resources. */
  public static MezzoProcess standalone(String name) {
    return start(name, "standalone", Map.of("mezzo.agent.resources", AGENT_RESOURCES));
  }

  public static MezzoProcess master(String name) {
    return start(name, "master", Map.of());
  }

  /** An agent of the given master with the test resources. */
  public static MezzoProcess agent(String name, URI masterUrl) {
    return start(
        name,
        "agent",
        Map.of("mezzo.master", masterUrl.toString(), "mezzo.agent.resources", AGENT_RESOURCES));
  }

  /**
   * Starts the jar in {@code role} with {@code extraProperties} as {@code -D} flags and waits until
   * it is ready.
   *
   * @throws IllegalStateException if it exits or is not ready in time (with the log's tail)
   */
  public static MezzoProcess start(String name, String role, Map<String, String> extraProperties) {
    return start(name, role, extraProperties, true, null);
  }

  /**
   * Starts a node that serves HTTPS on {@code quarkus.http.ssl-port} (which {@code extraProperties}
   * must pin, or set to 0 for a port the OS picks, then read from Quarkus's "Listening on" line);
   * its {@link #baseUrl} is that https port, and readiness is asked with {@code tls} (trust in its
   * certificate, and a client certificate if it requires one).
   */
  public static MezzoProcess startTls(
      String name, String role, Map<String, String> extraProperties, javax.net.ssl.SSLContext tls) {
    if (!extraProperties.containsKey("quarkus.http.ssl-port")) {
      throw new IllegalArgumentException("startTls needs quarkus.http.ssl-port");
    }
    return start(name, role, extraProperties, true, tls);
  }

  /**
   * Starts the jar and waits only until it answers HTTP (a standby master is never "ready": it does
   * not lead).
   */
  public static MezzoProcess startUnready(
      String name, String role, Map<String, String> extraProperties) {
    return start(name, role, extraProperties, false, null);
  }

  private static MezzoProcess start(
      String name,
      String role,
      Map<String, String> extraProperties,
      boolean ready,
      javax.net.ssl.SSLContext tls) {
    Path jar = Path.of(System.getProperty("mezzo.jar", "target/quarkus-app/quarkus-run.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "no packaged jar at " + jar.toAbsolutePath() + "; run the ITs through 'mvn verify'");
    }
    // A caller may pin the port (a restarted master must come back where its agents look for it).
    String pinned = extraProperties.get("quarkus.http.port");
    int port = pinned != null ? Integer.parseInt(pinned) : freePort();
    try {
      Path logs = Path.of(System.getProperty("mezzo.it-logs", "target/it-logs"));
      Files.createDirectories(logs);
      Path work = Path.of("target", "it-work");
      Files.createDirectories(work);
      String pinnedWork = extraProperties.get("mezzo.work-dir");
      Path workDir =
          pinnedWork != null ? Path.of(pinnedWork) : Files.createTempDirectory(work, name + "-");
      Path log = logs.resolve(name + "-" + port + ".log");

      Map<String, String> props = new LinkedHashMap<>();
      props.put("quarkus.profile", role);
      props.put("mezzo.role", role);
      props.put("quarkus.http.host", "127.0.0.1");
      props.put("quarkus.http.port", Integer.toString(port));
      props.put("mezzo.work-dir", workDir.toAbsolutePath().toString());
      props.putAll(extraProperties);

      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-Xmx256m");
      props.forEach((k, v) -> command.add("-D" + k + "=" + v));
      command.add("-jar");
      command.add(jar.toAbsolutePath().toString());

      Files.writeString(log, String.join(" ", command) + "\n", StandardCharsets.UTF_8);
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      String sslPort = extraProperties.get("quarkus.http.ssl-port");
      URI base =
          tls == null
              ? URI.create("http://127.0.0.1:" + port)
              : URI.create(
                  "https://127.0.0.1:"
                      + ("0".equals(sslPort) ? boundHttpsPort(process, log) : sslPort));
      MezzoProcess mezzo = new MezzoProcess(name, process, port, workDir, log, base, tls);
      mezzo.awaitHttp(ready);
      return mezzo;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  /**
   * The HTTPS port Quarkus bound for {@code quarkus.http.ssl-port=0}, from its own "Listening on"
   * line (Quarkus's, not Mezzo's advertised port, which is what tests of that port check).
   */
  private static int boundHttpsPort(Process process, Path log) {
    java.util.regex.Pattern listening =
        java.util.regex.Pattern.compile("Listening on: .*https://[^\\s:]+:(\\d+)");
    AtomicInteger found = new AtomicInteger();
    await("the HTTPS port in " + log)
        .atMost(READY_TIMEOUT)
        .pollInterval(Duration.ofMillis(250))
        .failFast("the node exited", () -> !process.isAlive())
        .until(
            () -> {
              java.util.regex.Matcher m =
                  listening.matcher(Files.readString(log, StandardCharsets.UTF_8));
              if (m.find()) {
                found.set(Integer.parseInt(m.group(1)));
                return true;
              }
              return false;
            });
    return found.get();
  }

  private void awaitHttp(boolean ready) {
    HttpClient http =
        tls == null ? V1SchedulerClient.newHttpClient() : V1SchedulerClient.newHttpClient(tls);
    HttpRequest readyRequest =
        HttpRequest.newBuilder(baseUrl.resolve("/q/health/ready"))
            .timeout(Duration.ofSeconds(5))
            .build();
    try {
      await("%s ready at %s".formatted(name, baseUrl))
          .atMost(READY_TIMEOUT)
          .pollInterval(Duration.ofMillis(250))
          .failFast("%s exited".formatted(name), () -> !process.isAlive())
          .ignoreExceptions()
          .until(
              () -> {
                int status =
                    http.send(readyRequest, HttpResponse.BodyHandlers.discarding()).statusCode();
                return ready ? status == 200 : status == 200 || status == 503;
              });
    } catch (ConditionTimeoutException | org.awaitility.core.TerminalFailureException e) {
      String tail = logTail(80);
      close();
      throw new IllegalStateException(
          e.getMessage() + "\n---- last lines of " + log + " ----\n" + tail, e);
    }
  }

  /**
   * Kills only the JVM (SIGKILL), as a crash would: the tasks it started run on, in their own
   * sessions, for a restarted node to recover. {@link #close} of a later process reaps them.
   */
  public void crash() {
    process.destroyForcibly();
    try {
      process.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(name + " did not die", e);
    }
  }

  /**
   * Stops the JVM (SIGSTOP), as a long GC pause or a frozen VM would: it answers nothing and sends
   * nothing until {@link #resume}; requests sent meanwhile wait in its sockets.
   */
  public void pause() {
    signal("STOP");
  }

  /** Resumes a {@link #pause}d JVM (SIGCONT). */
  public void resume() {
    signal("CONT");
  }

  private void signal(String name) {
    try {
      Process kill =
          new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
              .redirectErrorStream(true)
              .start();
      if (!kill.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + name + " of " + this.name + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public String name() {
    return name;
  }

  public URI baseUrl() {
    return baseUrl;
  }

  public int port() {
    return port;
  }

  public Path workDir() {
    return workDir;
  }

  public Path log() {
    return log;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The stdout files of a command task's sandboxes under this process's work dir. */
  public List<Path> sandboxStdout(String taskId) {
    return SandboxPaths.expand(workDir, SANDBOX_STDOUT.formatted(taskId));
  }

  /** The last lines of the process's log, for failure messages. */
  public String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  /**
   * Ends the process and everything it started: SIGTERM first (Quarkus shuts down gracefully), then
   * SIGKILL for whatever is left after {@value #STOP_TIMEOUT_SECONDS} s; waits for all of it.
   */
  @Override
  public void close() {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    // Tasks orphaned by an earlier crash() of a node on this work dir: their launch wrapper names
    // it.
    String marker = workDir.toAbsolutePath().toString();
    ProcessHandle.allProcesses()
        .filter(p -> p.pid() != ProcessHandle.current().pid() && p.pid() != process.pid())
        .filter(
            p ->
                p.info()
                    .commandLine()
                    .map(c -> c.contains(marker) && !c.contains("quarkus-run.jar"))
                    .orElse(false))
        .forEach(tree::add);
    // Tasks that replaced their wrapper (`exec server …`) no longer name the work dir, but they
    // still run in a sandbox under it.
    tree.addAll(runningIn(workDir.toAbsolutePath()));
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      }
      for (ProcessHandle child : tree) {
        if (child.isAlive()) {
          child.destroyForcibly();
        }
      }
      for (ProcessHandle child : tree) {
        child.onExit().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(name + ": a child process did not exit", e);
    }
  }

  /** Processes (other than this JVM) whose working directory lies under {@code dir}. */
  private static List<ProcessHandle> runningIn(Path dir) {
    List<ProcessHandle> out = new ArrayList<>();
    ProcessHandle.allProcesses()
        .filter(p -> p.pid() != ProcessHandle.current().pid())
        .forEach(
            p -> {
              try {
                Path cwd = Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "cwd"));
                if (cwd.startsWith(dir)) {
                  out.add(p);
                }
              } catch (IOException | UnsupportedOperationException | SecurityException e) {
                // gone already, or not ours to read
              }
            });
    return out;
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return name + "@" + baseUrl + " (work " + workDir + ", log " + log + ")";
  }
}
