package io.mezzo.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A Docker Engine of the test's own, for {@code *IT} tests: Debian's {@code dockerd} (package
 * {@code docker.io}, installed by {@code .ci/run}) with its own data root, exec root and unix
 * socket in a fresh temp dir, {@code --bridge=none --iptables=false}, so it touches neither the
 * host's network nor any other engine on the machine. No registry is reachable: images come from
 * {@code docker import} or {@code docker build} on local images.
 *
 * <p>{@link #close()} removes every container, stops the daemon by its pid (its containerd goes
 * with it), unmounts what it left mounted under its dir and deletes the dir; nothing stays running.
 *
 * <p>Commands go through the {@code docker} CLI that came with the daemon ({@code /usr/bin/docker}
 * when present, so a newer CLI elsewhere on PATH does not ask for BuildKit) with the classic
 * builder and a config dir of its own. Not thread-safe: one test class drives one engine.
 */
public final class DockerdProcess implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final List<Path> DOCKERD =
      List.of(Path.of("/usr/sbin/dockerd"), Path.of("/usr/bin/dockerd"));
  private static final List<Path> CLI =
      List.of(Path.of("/usr/bin/docker"), Path.of("/usr/local/bin/docker"));

  private final Path dir;
  private final Path log;
  private final Process daemon;
  private final String cli;
  private final String host;

  /** What a {@code docker} command printed and how it ended. */
  public record Result(int exitCode, String stdout, String stderr) {
    public boolean ok() {
      return exitCode == 0;
    }
  }

  /** The daemon could not start on this machine; the message carries its own fatal log lines. */
  public static final class Unavailable extends Exception {
    Unavailable(String message) {
      super(message);
    }
  }

  private DockerdProcess(Path dir, Path log, Process daemon, String cli) {
    this.dir = dir;
    this.log = log;
    this.daemon = daemon;
    this.cli = cli;
    this.host = "unix://" + dir.resolve("docker.sock");
  }

  /**
   * Why this machine cannot run an engine at all (not root, no {@code dockerd}), or empty if it can
   * try.
   */
  public static Optional<String> missingPrerequisite() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return Optional.of("dockerd needs root; this JVM runs as " + System.getProperty("user.name"));
    }
    if (dockerd().isEmpty()) {
      return Optional.of(
          "no dockerd binary at " + DOCKERD + " (.ci/run installs Debian's docker.io)");
    }
    return Optional.empty();
  }

  /**
   * Starts a daemon and waits until it answers.
   *
   * @param logFile where the daemon's own log goes (kept after {@link #close()})
   * @throws Unavailable if the daemon exited with a fatal error (the kernel or the machine refused
   *     it); the message holds those log lines
   * @throws IllegalStateException if it is still silent after 30 s without a fatal error
   */
  public static DockerdProcess start(Path logFile) throws IOException, Unavailable {
    Path dockerd =
        dockerd().orElseThrow(() -> new IllegalStateException(missingPrerequisite().orElse("")));
    // Short, under /tmp: a unix socket path must stay under 108 bytes.
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "mezzo-docker-");
    Files.createDirectories(logFile.getParent());
    List<String> command =
        List.of(
            dockerd.toString(),
            "--data-root",
            dir.resolve("data").toString(),
            "--exec-root",
            dir.resolve("exec").toString(),
            "-H",
            "unix://" + dir.resolve("docker.sock"),
            "--pidfile",
            dir.resolve("docker.pid").toString(),
            "--bridge=none",
            "--iptables=false",
            "--ip6tables=false");
    Files.writeString(logFile, String.join(" ", command) + "\n", StandardCharsets.UTF_8);
    Process daemon =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .start();
    DockerdProcess engine = new DockerdProcess(dir, logFile, daemon, cli());
    try {
      await("dockerd answering on " + engine.host)
          .atMost(START_TIMEOUT)
          .pollInterval(Duration.ofMillis(100))
          .until(
              () ->
                  !daemon.isAlive()
                      || (Files.exists(dir.resolve("docker.sock"))
                          && engine.docker("version").ok()));
    } catch (ConditionTimeoutException e) {
      String tail = engine.logTail(30);
      engine.close();
      throw new IllegalStateException(
          "dockerd did not answer in " + START_TIMEOUT + "; log:\n" + tail, e);
    }
    if (!daemon.isAlive()) {
      String fatal = engine.fatalLogLines();
      engine.close();
      throw new Unavailable("dockerd exited with " + daemon.exitValue() + " on start: " + fatal);
    }
    return engine;
  }

  /** {@code unix://…/docker.sock} of this engine, for a {@code DOCKER_HOST}. */
  public String host() {
    return host;
  }

  /** Runs {@code docker args…} against this engine, waiting up to 5 minutes. */
  public Result docker(String... args) {
    return docker(Duration.ofMinutes(5), List.of(args));
  }

  /**
   * Runs {@code docker args…} against this engine from the current directory.
   *
   * @throws IllegalStateException if it does not finish in time (the command is killed)
   */
  public Result docker(Duration timeout, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(cli);
    command.addAll(args);
    try {
      Path out = Files.createTempFile(dir, "cmd-", ".out");
      Path err = Files.createTempFile(dir, "cmd-", ".err");
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      Map<String, String> env = pb.environment();
      env.put("DOCKER_HOST", host);
      env.put("DOCKER_CONFIG", dir.resolve("cli-config").toString());
      // The classic builder: FROM a local image, no BuildKit front end to fetch.
      env.put("DOCKER_BUILDKIT", "0");
      env.put("DOCKER_CLI_HINTS", "false");
      Process p = pb.start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly().waitFor();
        throw new IllegalStateException("docker " + args + " did not finish in " + timeout);
      }
      Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
      Files.delete(out);
      Files.delete(err);
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException("docker " + args, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** As {@link #docker(String...)}, and fails unless it exits 0; returns its stdout, trimmed. */
  public String dockerOk(String... args) {
    Result r = docker(args);
    if (!r.ok()) {
      throw new IllegalStateException(
          "docker "
              + String.join(" ", args)
              + " exited "
              + r.exitCode()
              + ": "
              + r.stderr()
              + r.stdout());
    }
    return r.stdout().strip();
  }

  /** The last lines of the daemon's log. */
  public String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  private String fatalLogLines() {
    try {
      List<String> fatal =
          Files.readAllLines(log, StandardCharsets.UTF_8).stream()
              .filter(
                  l ->
                      l.contains("level=fatal")
                          || l.contains("level=error")
                          || l.contains("failed to start"))
              .toList();
      return fatal.isEmpty() ? logTail(10) : String.join("\n", fatal);
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  /**
   * Removes all containers, stops the daemon (SIGTERM, then SIGKILL after 30 s, and whatever it
   * started), unmounts what is left under the engine's dir and deletes it. Safe to call twice.
   */
  @Override
  public void close() {
    if (daemon.isAlive()) {
      Result ids = docker(Duration.ofSeconds(30), List.of("ps", "-aq"));
      if (ids.ok() && !ids.stdout().isBlank()) {
        List<String> rm = new ArrayList<>(List.of("rm", "-f"));
        rm.addAll(List.of(ids.stdout().strip().split("\\s+")));
        docker(Duration.ofSeconds(60), rm);
      }
    }
    List<ProcessHandle> tree = daemon.descendants().toList();
    daemon.destroy();
    try {
      if (!daemon.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        daemon.destroyForcibly().waitFor();
      }
      for (ProcessHandle p : tree) {
        if (p.isAlive()) {
          p.destroyForcibly();
          p.onExit().get(10, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("a process of dockerd did not exit", e);
    }
    unmountUnder(dir);
    deleteTree(dir);
  }

  /** dockerd leaves its default network namespace (and, when killed, overlays) mounted. */
  private static void unmountUnder(Path dir) {
    List<String> points;
    try {
      points =
          Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
              .map(l -> l.split(" ")[4].replace("\\040", " "))
              .filter(p -> p.startsWith(dir.toString() + "/"))
              .sorted(Comparator.reverseOrder())
              .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String point : points) {
      try {
        new ProcessBuilder("umount", "-l", point).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
      } catch (IOException e) {
        throw new UncheckedIOException("umount " + point, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }

  private static Optional<Path> dockerd() {
    return DOCKERD.stream().filter(Files::isExecutable).findFirst();
  }

  private static String cli() {
    return CLI.stream()
        .filter(Files::isExecutable)
        .map(Path::toString)
        .findFirst()
        .orElse("docker");
  }
}
