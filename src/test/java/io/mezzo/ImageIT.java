package io.mezzo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.mezzo.testing.Capabilities;
import io.mezzo.testing.DockerdProcess;
import io.mezzo.testing.K8sManifests;
import io.mezzo.testing.MezzoProcess;
import io.mezzo.testing.V1SchedulerClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The container image as a user gets it: {@code src/main/docker/Dockerfile.jvm} built with a real
 * Docker Engine over a JRE 17 base made locally (no registry is reachable), then run as a
 * standalone node and driven through the scheduler API like any framework.
 *
 * <ol>
 *   <li>A {@link DockerdProcess} of the test's own ({@code dockerd}, own data root and socket, no
 *       bridge).
 *   <li>{@code build-jre-base.sh}: a root file system copied from this machine's installed {@code
 *       openjdk-17-jre-headless}, bash, coreutils, passwd… and every Debian package they depend on,
 *       cached under {@code /var/cache/mezzo-ci} by the script's and the packages' versions; {@code
 *       docker import}.
 *   <li>{@code docker build -f src/main/docker/Dockerfile.jvm --build-arg BASE_IMAGE=<that> .} from
 *       the project directory, exactly as the README says, {@code .dockerignore} included.
 *   <li>{@code docker run --init --network host} with the port, bind address and resources set only
 *       by environment variables, as a user configures the image, and the Kubernetes ConfigMap's
 *       properties mounted at {@code /deployments/config}, as the manifests mount them.
 * </ol>
 *
 * Every probe path of {@code k8s/} must answer 200 on the running image.
 *
 * <p>Skipped, with the reason, only when the machine cannot run {@code dockerd} at all. Everything
 * is stopped and removed afterwards; the phase times are printed (cold: the base is copied and
 * imported, ~15 s on a loaded machine; warm: the cached base is imported).
 */
class ImageIT {
  static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
  static final Duration TASK_TIMEOUT = Duration.ofSeconds(60);
  static final Duration BASE_BUILD_TIMEOUT = Duration.ofMinutes(3);
  static final String WORK_DIR = "/var/lib/mezzo";
  static final String CONFIG_ATTRIBUTE = "%standalone.mezzo.agent.attributes=rack:image-it";

  private static final Path BASEDIR = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
  private static final Path LOGS = Path.of(System.getProperty("mezzo.it-logs", "target/it-logs"));
  private static final Map<String, Double> timings = new LinkedHashMap<>();

  private static DockerdProcess engine;
  private static String image;
  private static String container;
  private static URI baseUrl;

  @BeforeAll
  static void buildAndRun() throws Exception {
    Optional<String> missing = DockerdProcess.missingPrerequisite();
    Assumptions.assumeTrue(missing.isEmpty(), () -> "image IT skipped: " + missing.orElse(""));
    Files.createDirectories(LOGS);
    long t = System.nanoTime();
    try {
      engine = DockerdProcess.start(LOGS.resolve("image-dockerd.log"));
    } catch (DockerdProcess.Unavailable e) {
      Assumptions.abort("image IT skipped: this machine cannot run dockerd: " + e.getMessage());
    }
    t = lap("dockerd start", t);

    Path baseTar = buildBase();
    t = lap("JRE base (build-jre-base.sh)", t);
    String base =
        "mezzo-it/jre17:" + baseTar.getFileName().toString().replaceAll("[^a-z0-9]+", "-");
    engine.dockerOk("import", baseTar.toString(), base);
    t = lap("docker import of the base", t);

    image = "mezzo-it/mezzo:" + UUID.randomUUID().toString().substring(0, 8);
    DockerdProcess.Result build =
        engine.docker(
            Duration.ofMinutes(5),
            List.of(
                "build",
                "-f",
                BASEDIR.resolve("src/main/docker/Dockerfile.jvm").toString(),
                "--build-arg",
                "BASE_IMAGE=" + base,
                "-t",
                image,
                BASEDIR.toString()));
    Files.writeString(LOGS.resolve("image-build.log"), build.stdout() + build.stderr());
    assertThat(build.exitCode()).as("docker build:\n%s%s", build.stdout(), build.stderr()).isZero();
    t = lap("docker build", t);

    int port = freePort();
    baseUrl = URI.create("http://127.0.0.1:" + port);
    container = "mezzo-it-" + port;
    engine.dockerOk(
        "run",
        "-d",
        "--name",
        container,
        "--init",
        "--network",
        "host",
        "--health-interval",
        "1s",
        "--health-start-period",
        "30s",
        "-v",
        configDir() + ":/deployments/config:ro",
        "-e",
        "QUARKUS_HTTP_HOST=127.0.0.1",
        "-e",
        "QUARKUS_HTTP_PORT=" + port,
        "-e",
        "MEZZO_AGENT_RESOURCES=" + MezzoProcess.AGENT_RESOURCES,
        image);
    awaitReady(container, baseUrl);
    lap("container start to /q/health/ready", t);
  }

  @AfterAll
  static void stopAndRemove() throws IOException {
    try {
      if (engine != null && container != null) {
        DockerdProcess.Result logs = engine.docker("logs", container);
        Files.writeString(LOGS.resolve("image-standalone.log"), logs.stdout() + logs.stderr());
      }
    } finally {
      if (engine != null) {
        long t = System.nanoTime();
        engine.close();
        lap("cleanup", t);
      }
      if (!timings.isEmpty()) {
        StringBuilder sb = new StringBuilder("ImageIT timings:");
        timings.forEach((phase, s) -> sb.append(String.format("%n  %-40s %6.1f s", phase, s)));
        System.out.println(sb);
      }
    }
  }

  @Test
  void imageRunsAsNonRootWithItsStateInTheVolume() {
    JsonNode config =
        V1SchedulerClient.parse(
            engine.dockerOk("image", "inspect", "-f", "{{json .Config}}", image));
    assertThat(config.path("User").asText()).isEqualTo("185:185");
    assertThat(config.path("ExposedPorts").has("5050/tcp")).isTrue();
    assertThat(config.path("ExposedPorts").has("5051/tcp")).isTrue();
    assertThat(config.path("Volumes").has(WORK_DIR)).isTrue();
    List<String> env = new ArrayList<>();
    config.path("Env").forEach(e -> env.add(e.asText()));
    assertThat(env).contains("MEZZO_WORK_DIR=" + WORK_DIR, "QUARKUS_PROFILE=standalone");

    assertThat(engine.dockerOk("exec", container, "id", "-u")).isEqualTo("185");
    assertThat(engine.dockerOk("exec", container, "ls", WORK_DIR).lines().toList())
        .as("master registry and agent state under %s", WORK_DIR)
        .contains("master", "agent");
  }

  @Test
  void healthCheckOfTheImageReportsHealthy() {
    await("docker health status of " + container)
        .atMost(READY_TIMEOUT)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> engine.dockerOk("inspect", "-f", "{{.State.Health.Status}}", container),
            "healthy"::equals);
  }

  @Test
  void taskSubmittedThroughTheSchedulerApiFinishes() {
    try (V1SchedulerClient framework =
        V1SchedulerClient.subscribe(baseUrl, StandaloneIT.frameworkInfo("image-it"))) {
      JsonNode offer =
          framework.awaitOffer(
              o ->
                  V1SchedulerClient.scalar(o, "cpus") >= 0.1
                      && V1SchedulerClient.scalar(o, "mem") >= 32,
              StandaloneIT.OFFER_TIMEOUT);
      assertThat(V1SchedulerClient.scalar(offer, "mem"))
          .as("resources from MEZZO_AGENT_RESOURCES, an environment variable")
          .isEqualTo(1024.0);
      assertThat(offer.path("attributes").toString())
          .as("attributes from /deployments/config/application.properties (%s)", CONFIG_ATTRIBUTE)
          .contains("\"rack\"")
          .contains("\"image-it\"");

      String taskId = "image-hello-" + UUID.randomUUID();
      V1SchedulerClient.Response accepted =
          framework.accept(
              offer, V1SchedulerClient.commandTask(taskId, 0.1, 32, "echo hello from $(id -u)"));
      assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
      framework.awaitUpdate(taskId, "TASK_FINISHED", TASK_TIMEOUT);

      String stdout =
          engine.dockerOk(
              "exec",
              container,
              "sh",
              "-c",
              "cat " + WORK_DIR + "/" + MezzoProcess.SANDBOX_STDOUT.formatted(taskId));
      assertThat(stdout).contains("hello from 185");
      assertThat(framework.teardown().status()).isEqualTo(202);
    }
  }

  /**
   * The agent role as the README runs it: root, privileged, the host's cgroups mounted and its
   * cgroup namespace, the cgroups isolators on (under a cgroups root of this test's own). A task on
   * its offer must run in a cgroup the agent made in the host's hierarchy.
   */
  @Test
  void privilegedAgentContainerRunsTasksInTheHostsCgroups() throws Exception {
    int port = freePort();
    String agent = "mezzo-it-agent-" + port;
    String cgroupsRoot = "mezzo-image-it-" + port;
    List<String> run =
        new ArrayList<>(
            List.of(
                "run",
                "-d",
                "--name",
                agent,
                "--init",
                "--network",
                "host",
                "--cgroupns",
                "host",
                "--user",
                "0"));
    run.addAll(privileged());
    run.addAll(
        List.of(
            "-v",
            "/sys/fs/cgroup:/sys/fs/cgroup",
            "-e",
            "QUARKUS_PROFILE=agent",
            "-e",
            "QUARKUS_HTTP_HOST=127.0.0.1",
            "-e",
            "QUARKUS_HTTP_PORT=" + port,
            "-e",
            "MEZZO_MASTER=" + baseUrl,
            "-e",
            "MEZZO_AGENT_RESOURCES=cpus:1;mem:256;disk:256;ports:[31200-31210]",
            "-e",
            "MEZZO_AGENT_ATTRIBUTES=node:image-it-agent",
            "-e",
            "MEZZO_AGENT_ISOLATION=cgroups/cpu,cgroups/mem,cgroups/pids",
            "-e",
            "MEZZO_AGENT_CGROUPS_ROOT=" + cgroupsRoot,
            image));
    try {
      engine.dockerOk(run.toArray(String[]::new));
      awaitReady(agent, URI.create("http://127.0.0.1:" + port));
      try (V1SchedulerClient framework =
          V1SchedulerClient.subscribe(baseUrl, StandaloneIT.frameworkInfo("image-it-agent"))) {
        JsonNode offer =
            framework.awaitOffer(
                o -> o.path("attributes").toString().contains("image-it-agent"),
                StandaloneIT.OFFER_TIMEOUT);
        String taskId = "image-cgroup-" + UUID.randomUUID();
        V1SchedulerClient.Response accepted =
            framework.accept(
                offer,
                V1SchedulerClient.commandTask(taskId, 0.1, 32, "id -u; cat /proc/self/cgroup"));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        framework.awaitUpdate(taskId, "TASK_FINISHED", TASK_TIMEOUT);
        String stdout =
            engine.dockerOk(
                "exec",
                agent,
                "sh",
                "-c",
                "cat " + WORK_DIR + "/" + MezzoProcess.SANDBOX_STDOUT.formatted(taskId));
        assertThat(stdout.lines().findFirst()).as("the agent runs tasks as root").hasValue("0");
        assertThat(stdout)
            .as("the task's cgroups")
            .containsPattern(":memory:/" + cgroupsRoot + "/");
        assertThat(framework.teardown().status()).isEqualTo(202);
      }
    } finally {
      DockerdProcess.Result logs = engine.docker("logs", agent);
      Files.writeString(LOGS.resolve("image-agent.log"), logs.stdout() + logs.stderr());
      engine.docker("rm", "-f", agent);
      removeCgroups(cgroupsRoot);
    }
  }

  @Test
  void everyProbePathOfTheKubernetesManifestsAnswers() throws Exception {
    var http = V1SchedulerClient.newHttpClient();
    List<String> paths = K8sManifests.load(BASEDIR.resolve("k8s/base")).probePaths();
    assertThat(paths).isNotEmpty();
    for (String path : paths) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(baseUrl.resolve(path)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
    }
  }

  /**
   * What Kubernetes mounts at /deployments/config: the ConfigMap's properties from {@code k8s/},
   * plus an attribute for this test to see in offers.
   */
  private static Path configDir() throws IOException {
    ConfigMap cm = K8sManifests.load(BASEDIR.resolve("k8s/base")).ofKind(ConfigMap.class).get(0);
    Path dir = Path.of("target", "image-it-config").toAbsolutePath();
    Files.createDirectories(dir);
    Path file = dir.resolve("application.properties");
    Files.writeString(
        file,
        cm.getData().get("application.properties")
            + "\n# ImageIT: proves the image reads this directory.\n"
            + CONFIG_ATTRIBUTE
            + "\n");
    // The container runs as uid 185: the mount must be readable by anyone.
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    return dir;
  }

  /** Runs the base script, its stderr to a log; returns the tarball it printed. */
  private static Path buildBase() throws IOException, InterruptedException {
    Path script = BASEDIR.resolve("src/test/resources/image/build-jre-base.sh");
    Path log = LOGS.resolve("image-jre-base.log");
    Path out = Files.createTempFile("jre-base", ".out");
    Process p =
        new ProcessBuilder("bash", script.toString())
            .redirectOutput(out.toFile())
            .redirectError(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    if (!p.waitFor(BASE_BUILD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly().waitFor();
      throw new AssertionError(
          "build-jre-base.sh took longer than " + BASE_BUILD_TIMEOUT + "; see " + log);
    }
    String printed = Files.readString(out, StandardCharsets.UTF_8).strip();
    Files.delete(out);
    assertThat(p.exitValue())
        .as("build-jre-base.sh exit status; its log %s ends:\n%s", log, tail(log, 20))
        .isZero();
    Path tar = Path.of(printed);
    assertThat(tar).isRegularFile();
    return tar;
  }

  private static void awaitReady(String name, URI url) {
    var http = V1SchedulerClient.newHttpClient();
    HttpRequest ready =
        HttpRequest.newBuilder(url.resolve("/q/health/ready"))
            .timeout(Duration.ofSeconds(5))
            .build();
    try {
      await("/q/health/ready of container " + name + " at " + url)
          .atMost(READY_TIMEOUT)
          .pollInterval(Duration.ofMillis(250))
          .ignoreExceptions()
          .failFast(
              "the container exited",
              () -> !engine.dockerOk("inspect", "-f", "{{.State.Running}}", name).equals("true"))
          .until(
              () -> http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    } catch (RuntimeException e) {
      DockerdProcess.Result logs = engine.docker("logs", "--tail", "60", name);
      throw new AssertionError(
          e.getMessage() + "\n---- docker logs ----\n" + logs.stdout() + logs.stderr(), e);
    }
  }

  /**
   * {@code --privileged}, or where this host's root lacks capabilities (runc then fails with
   * "unable to apply caps") the closest it allows: every capability the host has, no seccomp
   * filter.
   */
  private static List<String> privileged() throws IOException {
    List<String> missing = Capabilities.missingFromBoundingSet();
    if (missing.isEmpty()) {
      return List.of("--privileged");
    }
    List<String> flags =
        new ArrayList<>(List.of("--cap-add", "ALL", "--security-opt", "seccomp=unconfined"));
    missing.forEach(cap -> flags.addAll(List.of("--cap-drop", cap)));
    return flags;
  }

  /**
   * Removes the test's cgroups root from every hierarchy (the agent removes its containers'
   * cgroups).
   */
  private static void removeCgroups(String root) throws IOException {
    try (var hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
      for (Path h : hierarchies.toList()) {
        Path dir = h.resolve(root);
        if (Files.isDirectory(dir)) {
          try (var tree = Files.walk(dir)) {
            for (Path d :
                tree.filter(Files::isDirectory)
                    .sorted(java.util.Comparator.reverseOrder())
                    .toList()) {
              Files.deleteIfExists(d);
            }
          }
        }
      }
    }
  }

  private static long lap(String phase, long since) {
    long now = System.nanoTime();
    timings.put(phase, (now - since) / 1e9);
    return now;
  }

  private static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e + ")";
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
