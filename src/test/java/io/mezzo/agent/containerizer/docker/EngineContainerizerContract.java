package io.mezzo.agent.containerizer.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mezzo.agent.TestTasks;
import io.mezzo.agent.cgroups.CgroupFs;
import io.mezzo.agent.cgroups.ContainerCgroups;
import io.mezzo.agent.cgroups.RealCgroups;
import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.agent.containerizer.ContainerUsage;
import io.mezzo.agent.containerizer.Containerizer;
import io.mezzo.agent.containerizer.ContainerizerContract;
import io.mezzo.agent.containerizer.Termination;
import io.mezzo.agent.state.Paths;
import io.mezzo.agent.user.SandboxOwner;
import io.mezzo.agent.user.UserAccount;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.CommandInfo;
import io.mezzo.api.v1.ContainerId;
import io.mezzo.api.v1.ContainerInfo;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.api.v1.Value;
import io.mezzo.core.time.SystemTimers;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Docker containerizer against a real engine: the {@link ContainerizerContract} every
 * containerizer keeps, plus what only Docker does (images, the sandbox mount, networking, OOM from
 * the engine or the parent cgroup, orphans), run against Debian's dockerd and against podman's
 * Docker-compatible service (house rule 6). Each class starts its own engine in a temp dir and
 * stops it; containers run from a busybox image built locally, with no registry.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EngineContainerizerContract extends ContainerizerContract {

  /**
   * Made per class (a {@code @TempDir} is not there yet in {@code @BeforeAll}) and removed after.
   */
  Path engineDir;

  Path work;
  EngineDaemon daemon;
  private SystemTimers timers;
  private CgroupFs fs;
  private final String cgroupsRoot = RealCgroups.freshRoot();
  ContainerCgroups cgroups;
  DockerContainerizer containerizer;
  private final List<DockerContainerizer> all = new ArrayList<>();

  /** Starts the engine under test in {@code dir}, or skips saying what the machine lacks. */
  abstract EngineDaemon startEngine(Path dir) throws Exception;

  @BeforeAll
  void startEngine() throws Exception {
    engineDir = Files.createTempDirectory("mezzo-engine");
    work = Files.createTempDirectory("mezzo-work");
    daemon = startEngine(engineDir);
    timers = new SystemTimers("engine-test");
    fs = CgroupFs.system();
    if (fs.problem("memory").isEmpty()) {
      cgroups = new ContainerCgroups(fs, cgroupsRoot, timers);
    }
  }

  @AfterAll
  void stopEngine() throws Exception {
    if (daemon != null) {
      daemon.close();
    }
    if (cgroups != null) {
      RealCgroups.removeRoot(fs, cgroupsRoot);
    }
    if (timers != null) {
      timers.close();
    }
    for (Path dir : new Path[] {engineDir, work}) {
      if (dir != null) {
        try (var files = Files.walk(dir)) {
          files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
      }
    }
  }

  @BeforeEach
  void newContainerizer() {
    containerizer = newContainerizer(true);
  }

  DockerContainerizer newContainerizer(boolean enableCfs) {
    DockerContainerizer c =
        new DockerContainerizer(
            new EngineApi(daemon.socket),
            timers,
            new DockerContainerizer.Options(work.toString(), cgroups, enableCfs, false));
    all.add(c);
    return c;
  }

  @AfterEach
  void destroyEverything() throws Exception {
    for (DockerContainerizer c : all) {
      try {
        for (ContainerId id : get(c.containers())) {
          get(c.destroy(id));
        }
      } catch (Exception closed) {
        // A containerizer the test closed.
      }
      c.close();
    }
    all.clear();
    for (DockerEngine.ContainerState left :
        daemon.api.list(java.util.Map.of(DockerRunSpec.LABEL_OWNER, work.toString()))) {
      daemon.api.remove(left.name());
    }
  }

  @Override
  protected Containerizer containerizer() {
    return containerizer;
  }

  @Override
  protected Containerizer rebuild() {
    containerizer.close();
    containerizer = newContainerizer(true);
    return containerizer;
  }

  @Override
  protected ContainerConfig shell(String taskId, String shell) {
    return busybox(taskId, shell, Resource.scalar("cpus", 0.1), Resource.scalar("mem", 32));
  }

  ContainerConfig config(
      String id, ContainerInfo.DockerInfo docker, CommandInfo command, Resource... resources) {
    TaskInfo task =
        new TaskInfo(
            "task " + id,
            TaskId.of(id),
            null,
            List.of(resources),
            null,
            command,
            new ContainerInfo(ContainerInfo.Type.DOCKER, null, null, docker, null, null),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    Paths.Run run =
        new Paths(work)
            .run(
                AgentId.of("agent-S0"),
                FrameworkId.of("fw"),
                ExecutorId.of(id),
                ContainerId.of(UUID.randomUUID().toString()));
    return new ContainerConfig(run, task, TestTasks.framework("fw"));
  }

  ContainerConfig busybox(String id, String shell, Resource... resources) {
    return config(
        id,
        new ContainerInfo.DockerInfo(
            EngineDaemon.IMAGE, ContainerInfo.DockerInfo.Network.HOST, null, null, null, null),
        CommandInfo.shell(shell),
        resources);
  }

  static Resource ports(long begin, long end) {
    return new Resource(
        "ports",
        Value.Type.RANGES,
        null,
        new Value.Ranges(List.of(new Value.Range(begin, end))),
        null,
        null,
        null,
        null);
  }

  Termination runToEnd(ContainerConfig c) throws Exception {
    assertThat(get(containerizer.launch(c))).isEqualTo(Containerizer.LaunchResult.SUCCESS);
    return get(containerizer.wait(c.containerId())).orElseThrow();
  }

  @Test
  void echoHiLandsInTheSandboxStdoutWithTheSandboxMountedAndTheContainerRemoved() throws Exception {
    ContainerConfig c =
        busybox(
            "hi",
            "echo hi; echo \"$MESOS_SANDBOX $(pwd)\"; echo from-container > "
                + "/mnt/mesos/sandbox/made-inside; echo oops >&2",
            Resource.scalar("cpus", 0.1),
            Resource.scalar("mem", 32));

    Termination t = runToEnd(c);

    assertThat(t.exitStatus()).isZero();
    assertThat(t.limitation()).isNull();
    assertThat(Files.readString(c.run().stdout()))
        .isEqualTo("hi\n/mnt/mesos/sandbox /mnt/mesos/sandbox\n");
    assertThat(Files.readString(c.run().stderr())).isEqualTo("oops\n");
    assertThat(Files.readString(c.sandbox().resolve("made-inside"))).isEqualTo("from-container\n");
    assertThat(daemon.api.inspect(DockerContainerizer.containerName(c.containerId()))).isEmpty();
  }

  @Test
  void aTaskWithAUserRunsAsThatUserAndWritesItsOwnSandbox() throws Exception {
    ContainerConfig plain =
        busybox(
            "as-nobody",
            "id -u; touch /mnt/mesos/sandbox/mine",
            Resource.scalar("cpus", 0.1),
            Resource.scalar("mem", 32));
    UserAccount nobody = new UserAccount("nobody", 65534, 65534, List.of(), "/nonexistent");
    ContainerConfig c = new ContainerConfig(plain.run(), plain.task(), plain.framework(), nobody);
    // As the agent does before a launch: the sandbox is the user's.
    Files.createDirectories(c.sandbox());
    SandboxOwner.own(work, c.sandbox(), nobody);

    Termination t = runToEnd(c);

    assertThat(t.exitStatus()).isZero();
    assertThat(Files.readString(c.run().stdout())).isEqualTo("65534\n");
    assertThat(Files.getAttribute(c.sandbox().resolve("mine"), "unix:uid")).isEqualTo(65534);
  }

  @Test
  void aMemoryHogEndsWithTheMemoryLimitationNotJustExit137() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(cgroups != null, "needs a writable memory cgroup");
    ContainerConfig c =
        busybox(
            "hog",
            "dd if=/dev/zero of=/dev/null bs=256M count=1",
            Resource.scalar("cpus", 0.1),
            Resource.scalar("mem", 64));

    Termination t = runToEnd(c);

    assertThat(t.exitStatus()).isEqualTo(137);
    assertThat(t.limitation()).isNotNull();
    assertThat(t.limitation().reason())
        .isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LIMITATION_MEMORY);
    assertThat(t.message()).startsWith("Memory limit exceeded: Requested: 64 MB");
    assertThat(fs.everywhere(cgroupsRoot + "/docker/" + c.containerId().value()))
        .as("the container's parent cgroups, in every hierarchy")
        .noneMatch(g -> g.exists());
    assertThat(Path.of("oom"))
        .as("the engine's OOM marker stays in its own dir, out of the build's working directory")
        .doesNotExist();
  }

  @Test
  void aServerOnTheTasksPortAnswersOnTheHostLoopback() throws Exception {
    int port = freePort();
    ContainerConfig c =
        busybox(
            "server",
            "exec nc -ll -p " + port + " -e echo hello-from-" + daemon.kind,
            Resource.scalar("cpus", 0.1),
            Resource.scalar("mem", 32),
            ports(port, port));
    assertThat(get(containerizer.launch(c))).isEqualTo(Containerizer.LaunchResult.SUCCESS);
    if (daemon.netns != null) {
      // HOST networking is the engine's namespace's; the host loopback reaches it through socat.
      daemon.forwardLoopback(port);
    }

    String answer =
        await().atMost(WAIT).until(() -> read("127.0.0.1", port), a -> a != null && !a.isEmpty());

    assertThat(answer.strip()).isEqualTo("hello-from-" + daemon.kind);
    assertThat(get(containerizer.status(c.containerId())).executorPid()).isPositive();
  }

  /** The busybox task {@code shell} on HOST networking with {@code volumes} (raw wire JSON). */
  ContainerConfig withVolumes(String id, String shell, String volumes, boolean forcePull) {
    ContainerConfig plain = busybox(id, shell, Resource.scalar("mem", 32));
    TaskInfo t = plain.task();
    ContainerInfo.DockerInfo docker =
        new ContainerInfo.DockerInfo(
            EngineDaemon.IMAGE, ContainerInfo.DockerInfo.Network.HOST, null, null, null, forcePull);
    List<com.fasterxml.jackson.databind.JsonNode> list = new ArrayList<>();
    io.mezzo.api.v1.MesosJson.read(volumes, com.fasterxml.jackson.databind.JsonNode.class)
        .forEach(list::add);
    TaskInfo task =
        new TaskInfo(
            t.name(),
            t.taskId(),
            null,
            t.resources(),
            null,
            t.command(),
            new ContainerInfo(ContainerInfo.Type.DOCKER, list, null, docker, null, null),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    return new ContainerConfig(plain.run(), task, plain.framework());
  }

  @Test
  void volumesAreBindsAndNamedVolumesAsMesosMountsThem() throws Exception {
    Path host = Files.createTempDirectory(work, "host-dir");
    Files.writeString(host.resolve("in-host"), "from-host\n");
    String named = "mezzo-test-" + UUID.randomUUID().toString().substring(0, 8);
    String volumes =
        "[{\"mode\": \"RO\", \"container_path\": \"/host\", \"host_path\": \""
            + host
            + "\"},"
            + " {\"mode\": \"RW\", \"container_path\": \"inner\", \"host_path\": \"shared\"},"
            + " {\"mode\": \"RW\", \"container_path\": \"/named\", \"source\": {\"type\":"
            + " \"DOCKER_VOLUME\", \"docker_volume\": {\"name\": \""
            + named
            + "\"}}}]";
    ContainerConfig first =
        withVolumes(
            "vol-1",
            "cat /host/in-host; touch /host/nope 2>/dev/null || echo read-only;"
                + " echo via-relative > /mnt/mesos/sandbox/inner/f; echo kept > /named/f",
            volumes,
            false);

    Termination t = runToEnd(first);

    assertThat(t.exitStatus()).as(Files.readString(first.run().stderr())).isZero();
    assertThat(Files.readString(first.run().stdout())).isEqualTo("from-host\nread-only\n");
    assertThat(host.resolve("nope")).doesNotExist();
    // A relative host path is in the sandbox; a relative container path is under its mount.
    assertThat(Files.readString(first.sandbox().resolve("shared/f"))).isEqualTo("via-relative\n");

    ContainerConfig second = withVolumes("vol-2", "cat /named/f", volumes, false);
    assertThat(runToEnd(second).exitStatus()).isZero();
    assertThat(Files.readString(second.run().stdout()))
        .as("the named volume outlives the container that wrote it")
        .isEqualTo("kept\n");
  }

  @Test
  void forcePullPullsEvenALocalImageAndAFailedPullFailsTheLaunchNamingIt() throws Exception {
    // The test image exists only in this engine, built locally with no registry to pull it from:
    // without force_pull_image the task runs; with it, the pull is tried and its failure reported.
    DockerContainerizer pulling =
        new DockerContainerizer(
            new EngineApi(daemon.socket),
            timers,
            new DockerContainerizer.Options(work.toString(), cgroups, true, true));
    all.add(pulling);
    containerizer = pulling;
    assertThat(runToEnd(withVolumes("no-force", "true", "[]", false)).exitStatus()).isZero();

    ContainerConfig forced = withVolumes("forced", "true", "[]", true);
    assertThatThrownBy(() -> get(pulling.launch(forced))).hasMessageContaining("pull");
    Termination t = get(pulling.wait(forced.containerId())).orElseThrow();
    assertThat(t.exitStatus()).isNull();
    assertThat(t.message())
        .startsWith("Failed to launch container: ")
        .contains(EngineDaemon.IMAGE.substring(EngineDaemon.IMAGE.indexOf('/') + 1));

    // An agent that does not pull refuses a forced pull rather than run the local copy.
    containerizer = newContainerizer(true);
    ContainerConfig refused = withVolumes("refused", "true", "[]", true);
    assertThatThrownBy(() -> get(containerizer.launch(refused)))
        .hasMessageContaining("force_pull_image is set but this agent does not pull images");
  }

  @Test
  void anImageThatDoesNotExistFailsTheLaunchWithTheEnginesMessage() throws Exception {
    ContainerConfig c =
        config(
            "ghost",
            new ContainerInfo.DockerInfo("local/does-not-exist:1", null, null, null, null, null),
            CommandInfo.shell("true"),
            Resource.scalar("mem", 32));

    assertThatThrownBy(() -> get(containerizer.launch(c))).hasMessageContaining("does-not-exist");
    Termination t = get(containerizer.wait(c.containerId())).orElseThrow();
    assertThat(t.exitStatus()).isNull();
    assertThat(t.message())
        .startsWith("Failed to launch container: create mezzo-")
        .containsIgnoringCase("image");
  }

  @Test
  void aRestartedAgentRemovesOrphansAndResumesOutputWithoutDoublingIt() throws Exception {
    ContainerConfig c =
        busybox(
            "long",
            "echo started; sleep 300",
            Resource.scalar("cpus", 0.1),
            Resource.scalar("mem", 32));
    ContainerConfig orphan = busybox("orphan", "sleep 300", Resource.scalar("mem", 32));
    get(containerizer.launch(c));
    get(containerizer.launch(orphan));
    containerizer.close();

    DockerContainerizer restarted = newContainerizer(true);
    assertThat(get(restarted.recover(List.of(c)))).containsExactly(c.containerId());
    assertThat(get(restarted.containers())).containsExactly(c.containerId());
    await()
        .atMost(WAIT)
        .until(
            () ->
                daemon
                    .api
                    .inspect(DockerContainerizer.containerName(orphan.containerId()))
                    .isEmpty());
    await()
        .atMost(WAIT)
        .until(
            () ->
                fs.everywhere(cgroupsRoot + "/docker/" + orphan.containerId().value()).stream()
                    .noneMatch(g -> g.exists()));
    ContainerUsage u = get(restarted.usage(c.containerId()));
    assertThat(u.memLimitBytes()).isEqualTo(32L << 20);

    Termination t = get(restarted.destroy(c.containerId(), Duration.ZERO)).orElseThrow();
    assertThat(t.destroyed()).isTrue();
    assertThat(Files.readString(c.run().stdout())).isEqualTo("started\n");
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String read(String host, int port) {
    try (Socket s = new Socket(host, port)) {
      s.setSoTimeout(2000);
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException notYet) {
      return null;
    }
  }
}
