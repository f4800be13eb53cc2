package io.mezzo.agent.containerizer.docker;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real container engine started for a test run, with all its state in one temp dir
 * (ENVIRONMENT.md): Debian's {@code dockerd} with its own data root, exec root and socket, no
 * bridge and no iptables; or podman's Docker-compatible service with runc, cgroupfs and raised
 * ulimits (crun fails on this host's hybrid cgroups). Tests skip, naming the missing capability,
 * only when the machine lacks it. Stopping it kills the daemon by its pid and unmounts what it left
 * mounted in its dir.
 */
final class EngineDaemon implements AutoCloseable {
  /**
   * The tiny image every test uses: busybox from Debian's busybox-static, imported, no registry.
   */
  static final String IMAGE = "local/busybox";

  private static final Path BUSYBOX = Path.of("/bin/busybox");

  final String kind;
  final Path dir;
  final Path socket;
  private final Process process;
  final EngineApi api;

  /** The network namespace the daemon runs in, or null for the host's. */
  final String netns;

  private final List<Process> forwarders = new ArrayList<>();

  private EngineDaemon(String kind, Path dir, Path socket, Process process, String netns) {
    this.kind = kind;
    this.dir = dir;
    this.socket = socket;
    this.process = process;
    this.netns = netns;
    this.api = new EngineApi(socket);
  }

  private static void requireCommon() {
    assumeTrue(
        "root".equals(System.getProperty("user.name")), "needs root to run a container engine");
    assumeTrue(
        Files.isExecutable(BUSYBOX),
        "needs /bin/busybox (apt-get install busybox-static) to build the test image");
  }

  private static boolean onPath(String command) {
    for (String d :
        System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
      if (Files.isExecutable(Path.of(d, command))) {
        return true;
      }
    }
    return Files.isExecutable(Path.of("/usr/sbin", command));
  }

  static EngineDaemon docker(Path dir) throws Exception {
    requireCommon();
    assumeTrue(
        Files.isExecutable(Path.of("/usr/sbin/dockerd")) || onPath("dockerd"),
        "needs dockerd (apt-get install docker.io)");
    Path socket = dir.resolve("docker.sock");
    ProcessBuilder pb =
        new ProcessBuilder(
            Files.isExecutable(Path.of("/usr/sbin/dockerd")) ? "/usr/sbin/dockerd" : "dockerd",
            "--data-root",
            dir.resolve("data").toString(),
            "--exec-root",
            dir.resolve("exec").toString(),
            "-H",
            "unix://" + socket,
            "--pidfile",
            dir.resolve("docker.pid").toString(),
            "--bridge=none",
            "--iptables=false",
            "--ip-masq=false");
    return start("docker", dir, socket, pb, null);
  }

  /**
   * dockerd with its default bridge network and iptables, inside a network namespace of its own
   * (ENVIRONMENT.md: {@code ip netns add}, then {@code nsenter --net}, which unlike {@code ip netns
   * exec} keeps {@code /sys/fs/cgroup} visible). The bridge, its 172.17/16 addresses and the NAT
   * rules exist only in that namespace; {@link #forwardLoopback} makes a mapped port reachable on
   * the host's loopback.
   */
  static EngineDaemon dockerInNetns(Path dir) throws Exception {
    requireCommon();
    assumeTrue(
        Files.isExecutable(Path.of("/usr/sbin/dockerd")),
        "needs dockerd (apt-get install docker.io)");
    assumeTrue(onPath("ip"), "needs ip (apt-get install iproute2) to make a network namespace");
    assumeTrue(
        onPath("nsenter"), "needs nsenter (util-linux) to run dockerd in a network namespace");
    assumeTrue(
        onPath("socat"),
        "needs socat (apt-get install socat) to reach the namespace from the host loopback");
    String ns = "mezzo-" + Long.toHexString(System.nanoTime() & 0xffffffL);
    run("ip", "netns", "add", ns);
    run("ip", "-n", ns, "link", "set", "lo", "up");
    Path socket = dir.resolve("docker.sock");
    ProcessBuilder pb =
        new ProcessBuilder(
            "nsenter",
            "--net=/run/netns/" + ns,
            "/usr/sbin/dockerd",
            "--data-root",
            dir.resolve("data").toString(),
            "--exec-root",
            dir.resolve("exec").toString(),
            "-H",
            "unix://" + socket,
            "--pidfile",
            dir.resolve("docker.pid").toString());
    return start("docker-bridge", dir, socket, pb, ns);
  }

  /**
   * Makes {@code 127.0.0.1:port} of the host reach {@code 127.0.0.1:port} inside the daemon's
   * namespace (where the engine publishes mapped ports): socat accepts on the host loopback and,
   * per connection, enters the namespace to connect. Stopped with the daemon.
   */
  void forwardLoopback(int port) throws IOException {
    if (netns == null) {
      throw new IllegalStateException(
          "the " + kind + " engine runs in the host's network namespace");
    }
    Process p =
        new ProcessBuilder(
                "socat",
                "TCP-LISTEN:" + port + ",bind=127.0.0.1,fork,reuseaddr",
                "EXEC:nsenter --net=/run/netns/" + netns + " socat STDIO TCP\\:127.0.0.1\\:" + port)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("socat-" + port + ".log").toFile())
            .start();
    forwarders.add(p);
  }

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError(String.join(" ", command) + " failed: " + out);
    }
  }

  static EngineDaemon podman(Path dir) throws Exception {
    requireCommon();
    assumeTrue(onPath("podman"), "needs podman (apt-get install podman runc)");
    assumeTrue(onPath("runc"), "needs runc for podman (crun fails on this host's hybrid cgroups)");
    Path conf = dir.resolve("containers.conf");
    // nproc and nofile must not exceed this VM's hard limits (no CAP_SYS_RESOURCE here).
    Files.writeString(
        conf,
        """
        [containers]
        default_ulimits = ["nofile=10000:10000", "nproc=10000:10000"]
        [engine]
        runtime = "runc"
        cgroup_manager = "cgroupfs"
        events_logger = "file"
        """);
    Path socket = dir.resolve("podman.sock");
    ProcessBuilder pb =
        new ProcessBuilder(
            "podman",
            "--root",
            dir.resolve("root").toString(),
            "--runroot",
            dir.resolve("run").toString(),
            "--tmpdir",
            dir.resolve("tmp").toString(),
            "--storage-driver",
            "vfs",
            "system",
            "service",
            "--time=0",
            "unix://" + socket);
    pb.environment().put("CONTAINERS_CONF", conf.toString());
    return start("podman", dir, socket, pb, null);
  }

  private static EngineDaemon start(
      String kind, Path dir, Path socket, ProcessBuilder pb, String netns) throws Exception {
    Path log = dir.resolve(kind + ".log");
    // The engine and what it starts work in its own dir, not the build's: podman's conmon writes
    // an empty file "oom" into its working directory when a container is OOM-killed, which used
    // to land at the repository root (and was committed twice).
    pb.directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.PIPE);
    Process p = pb.start();
    EngineDaemon d = new EngineDaemon(kind, dir, socket, p, netns);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      if (!p.isAlive()) {
        d.close();
        throw new AssertionError(
            kind + " exited with " + p.exitValue() + " at start:\n" + tail(log));
      }
      if (Files.exists(socket)) {
        try {
          d.api.version();
          break;
        } catch (IOException notYet) {
          // Listening soon.
        }
      }
      if (System.nanoTime() > deadline) {
        d.close();
        throw new AssertionError(
            kind + " did not answer on " + socket + " within 30 s:\n" + tail(log));
      }
      p.waitFor(50, TimeUnit.MILLISECONDS);
    }
    d.importBusybox();
    return d;
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
  }

  /** {@code docker import} of a root fs holding only busybox and its applet links. */
  private void importBusybox() throws Exception {
    Path root = dir.resolve("image");
    Files.createDirectories(root.resolve("bin"));
    Files.createDirectories(root.resolve("tmp"));
    Files.copy(BUSYBOX, root.resolve("bin/busybox"));
    Process list = new ProcessBuilder(BUSYBOX.toString(), "--list").start();
    for (String applet : new String(list.getInputStream().readAllBytes()).split("\n")) {
      Path link = root.resolve("bin").resolve(applet.strip());
      if (!applet.isBlank() && !Files.exists(link)) {
        Files.createSymbolicLink(link, Path.of("busybox"));
      }
    }
    Process tar = new ProcessBuilder("tar", "-C", root.toString(), "-c", ".").start();
    byte[] bytes = tar.getInputStream().readAllBytes();
    if (tar.waitFor() != 0) {
      throw new AssertionError("tar of the busybox root failed");
    }
    api.importImage(bytes, IMAGE, "latest");
  }

  /** Stops the daemon by its pid, then unmounts whatever it left mounted under its dir. */
  @Override
  public void close() throws Exception {
    for (Process f : forwarders) {
      f.descendants().forEach(ProcessHandle::destroyForcibly);
      f.destroyForcibly();
    }
    api.close();
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    // podman leaves conmon processes of removed containers behind at worst; docker's containerd is
    // its child and goes with it. Anything that still names our dir is ours.
    String marker = dir.toString();
    ProcessHandle.allProcesses()
        .filter(h -> h.info().commandLine().map(c -> c.contains(marker)).orElse(false))
        .forEach(ProcessHandle::destroyForcibly);
    List<String> mounts = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
      String[] f = line.split(" ");
      if (f.length > 4 && f[4].startsWith(marker)) {
        mounts.add(f[4].replace("\\040", " "));
      }
    }
    mounts.sort(Comparator.comparing(String::length).reversed());
    for (String m : mounts) {
      new ProcessBuilder("umount", "-l", m).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
    }
    if (netns != null) {
      run("ip", "netns", "del", netns);
    }
  }

  Map<String, String> describe() {
    return Map.of("engine", kind, "socket", socket.toString());
  }
}
