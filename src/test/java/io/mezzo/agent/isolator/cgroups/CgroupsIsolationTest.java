package io.mezzo.agent.isolator.cgroups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mezzo.agent.cgroups.CgroupFs;
import io.mezzo.agent.cgroups.ContainerCgroups;
import io.mezzo.agent.cgroups.RealCgroups;
import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.agent.containerizer.ContainerUsage;
import io.mezzo.agent.containerizer.Containerizer;
import io.mezzo.agent.containerizer.Termination;
import io.mezzo.agent.containerizer.process.ProcessContainerizer;
import io.mezzo.agent.isolator.Isolator;
import io.mezzo.agent.isolator.IsolatorTestBed;
import io.mezzo.api.v1.ContainerId;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.core.time.SystemTimers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cgroups isolators against the real kernel (cgroup v1 here), through the process containerizer
 * running real processes: limits hold, limitations end the right container only, and nothing is
 * left behind. Each test has its own cgroup root under {@code mezzo/}.
 */
class CgroupsIsolationTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path work;
  private final String root = RealCgroups.freshRoot();
  private CgroupFs fs;
  private SystemTimers timers;
  private ProcessContainerizer containerizer;

  private ProcessContainerizer containerizer(String... controllers) {
    fs = RealCgroups.require(controllers);
    timers = new SystemTimers("cgroups-test");
    return null;
  }

  private void start(List<Isolator> isolators) {
    containerizer = new ProcessContainerizer(timers, isolators);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (containerizer != null) {
      for (ContainerId id : get(containerizer.containers())) {
        get(containerizer.destroy(id));
      }
      containerizer.close();
    }
    if (fs != null) {
      RealCgroups.removeRoot(fs, root);
    }
    if (timers != null) {
      timers.close();
    }
  }

  private static <T> T get(CompletionStage<T> s) throws Exception {
    return s.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  private ContainerConfig config(String id, String command, Resource... resources) {
    return IsolatorTestBed.config(work, id, command, resources);
  }

  private static Resource ports(long begin, long end) {
    return IsolatorTestBed.ports(begin, end);
  }

  @Test
  void aTaskAllocatingFourTimesItsMemoryIsOomKilledWithTheMemoryReasonWhileItsNeighbourRuns()
      throws Exception {
    containerizer("memory");
    ContainerCgroups cgroups = new ContainerCgroups(fs, root, timers);
    start(List.of(new CgroupsMemoryIsolator(cgroups, Duration.ofMillis(100))));
    ContainerConfig neighbour = config("neighbour", "sleep 60", Resource.scalar("mem", 64));
    ContainerConfig hog =
        config("hog", "dd if=/dev/zero of=/dev/null bs=256M count=1", Resource.scalar("mem", 64));
    assertThat(get(containerizer.launch(neighbour))).isEqualTo(Containerizer.LaunchResult.SUCCESS);
    assertThat(
            Files.readString(
                    cgroups
                        .cgroup("memory", neighbour.containerId())
                        .dir()
                        .resolve("memory.limit_in_bytes"))
                .strip())
        .isEqualTo(Long.toString(64L << 20));

    get(containerizer.launch(hog));
    Termination t = get(containerizer.wait(hog.containerId())).orElseThrow();

    assertThat(t.limitation()).isNotNull();
    assertThat(t.limitation().reason())
        .isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LIMITATION_MEMORY);
    assertThat(t.message()).startsWith("Memory limit exceeded: Requested: 64 MB");
    assertThat(get(containerizer.containers())).containsExactly(neighbour.containerId());
    assertThat(cgroups.cgroup("memory", hog.containerId()).exists())
        .as("hog's cgroup removed")
        .isFalse();
    ContainerUsage u = get(containerizer.usage(neighbour.containerId()));
    assertThat(u.memLimitBytes()).isEqualTo(64L << 20);
    assertThat(u.memTotalBytes()).isPositive();
  }

  @Test
  void aCpuBoundTaskWithAQuarterCpuAndCfsIsThrottledToAQuarterCpu() throws Exception {
    containerizer("cpu", "cpuacct");
    ContainerCgroups cgroups = new ContainerCgroups(fs, root, timers);
    start(List.of(new CgroupsCpuIsolator(cgroups, true)));
    ContainerConfig spin = config("spin", "while :; do :; done", Resource.scalar("cpus", 0.25));
    get(containerizer.launch(spin));
    var cpu = cgroups.cgroup("cpu", spin.containerId());
    assertThat(cpu.read("cpu.shares").orElseThrow().strip()).isEqualTo("256");
    assertThat(cpu.read("cpu.cfs_quota_us").orElseThrow().strip()).isEqualTo("25000");

    // Let it settle, then measure cpu time over wall time between two usage reports.
    await()
        .atMost(WAIT)
        .until(() -> get(containerizer.usage(spin.containerId())).cpusUserTimeSecs() > 0.05);
    ContainerUsage before = get(containerizer.usage(spin.containerId()));
    long startNanos = System.nanoTime();
    await().pollDelay(Duration.ofSeconds(2)).atMost(WAIT).until(() -> true);
    ContainerUsage after = get(containerizer.usage(spin.containerId()));
    double wall = (System.nanoTime() - startNanos) / 1e9;
    double cpuSecs =
        (after.cpusUserTimeSecs() + after.cpusSystemTimeSecs())
            - (before.cpusUserTimeSecs() + before.cpusSystemTimeSecs());

    // The quota caps it at 0.25 (plus measuring slack). No lower bound beyond "it ran": a loaded
    // machine may give it any less; that the quota is not set too low is proven by the
    // cpu.cfs_quota_us value read above.
    assertThat(cpuSecs / wall).as("cpu-seconds per second").isGreaterThan(0.0).isLessThan(0.35);
    assertThat(after.cpusNrThrottled()).isPositive();
    assertThat(after.cpusThrottledTimeSecs()).isPositive();
    assertThat(after.cpusLimit()).isEqualTo(0.25);
  }

  @Test
  void aForkBombIsStoppedByThePidsLimitAndLeavesNothingBehind() throws Exception {
    containerizer("pids");
    ContainerCgroups cgroups = new ContainerCgroups(fs, root, timers);
    start(List.of(new CgroupsPidsIsolator(cgroups, 32, Duration.ofMillis(100))));
    ContainerConfig bomb = config("bomb", "bomb() { bomb | bomb & }; bomb; sleep 60");
    get(containerizer.launch(bomb));
    var pids = cgroups.cgroup("pids", bomb.containerId());

    Termination t = get(containerizer.wait(bomb.containerId())).orElseThrow();

    assertThat(t.limitation()).isNotNull();
    assertThat(t.limitation().reason()).isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LIMITATION);
    assertThat(t.message()).contains("Process limit exceeded").contains("32 processes");
    assertThat(pids.exists()).isFalse();
    assertThat(RealCgroups.leftovers(fs, root)).isEmpty();
  }

  @Test
  void aKilledTaskLeavesNoProcessEvenOneThatLeftItsSession() throws Exception {
    containerizer("memory");
    ContainerCgroups cgroups = new ContainerCgroups(fs, root, timers);
    start(List.of(new CgroupsMemoryIsolator(cgroups, Duration.ofMillis(100))));
    // setsid puts the sleeper outside the task's process group and session: only the cgroup holds
    // it.
    ContainerConfig escape =
        config(
            "escape",
            "setsid sleep 300 & echo $! > escaped.pid; sleep 60",
            Resource.scalar("mem", 64));
    get(containerizer.launch(escape));
    Path pidFile = escape.sandbox().resolve("escaped.pid");
    await().atMost(WAIT).until(() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
    long escaped = Long.parseLong(Files.readString(pidFile).strip());
    var memory = cgroups.cgroup("memory", escape.containerId());
    await().atMost(WAIT).until(() -> memory.processes().contains(escaped));

    get(containerizer.destroy(escape.containerId()));

    await().atMost(WAIT).until(() -> ProcessHandle.of(escaped).map(h -> !h.isAlive()).orElse(true));
    assertThat(memory.exists()).isFalse();
  }

  @Test
  void allThreeTogetherLimitAndReportOneContainer() throws Exception {
    containerizer("cpu", "cpuacct", "memory", "pids");
    ContainerCgroups cgroups = new ContainerCgroups(fs, root, timers);
    start(
        List.of(
            new CgroupsCpuIsolator(cgroups, false),
            new CgroupsMemoryIsolator(cgroups, Duration.ofMillis(100)),
            new CgroupsPidsIsolator(cgroups, 100, Duration.ofMillis(100))));
    ContainerConfig c =
        config("all", "sleep 60", Resource.scalar("cpus", 0.5), Resource.scalar("mem", 32));
    get(containerizer.launch(c));

    ContainerUsage u = get(containerizer.usage(c.containerId()));

    assertThat(u.cpusLimit()).isEqualTo(0.5);
    assertThat(u.memLimitBytes()).isEqualTo(32L << 20);
    assertThat(u.processes()).isPositive();
    assertThat(
            cgroups.cgroup("cpu", c.containerId()).read("cpu.cfs_quota_us").orElseThrow().strip())
        .isEqualTo("-1");
    Termination t = get(containerizer.destroy(c.containerId())).orElseThrow();
    assertThat(t.destroyed()).isTrue();
    assertThat(RealCgroups.leftovers(fs, root)).isEmpty();
  }

  @Test
  void aNegativeCpuShareFailsTheLaunchWithAReason() throws Exception {
    containerizer("cpu", "cpuacct");
    ContainerCgroups cgroups = new ContainerCgroups(fs, root, timers);
    start(List.of(new CgroupsCpuIsolator(cgroups, true)));
    ContainerConfig c = config("negative", "true", Resource.scalar("cpus", -1));

    var launch = containerizer.launch(c).toCompletableFuture();

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> launch.get(20, TimeUnit.SECONDS))
        .hasMessageContaining(
            "cgroups/cpu failed to prepare: cpus must be a positive number, got -1");
    assertThat(get(containerizer.wait(c.containerId())).orElseThrow().exitStatus()).isNull();
    assertThat(RealCgroups.leftovers(fs, root)).isEmpty();
  }

  @Test
  void aRestartedAgentKeepsIsolatingItsContainersAndDestroysCgroupsNoTaskOwns() throws Exception {
    containerizer("memory");
    ContainerCgroups cgroups = new ContainerCgroups(fs, root, timers);
    start(List.of(new CgroupsMemoryIsolator(cgroups, Duration.ofMillis(100))));
    ContainerConfig kept = config("kept", "sleep 60", Resource.scalar("mem", 48));
    ContainerConfig lost = config("lost", "sleep 60", Resource.scalar("mem", 48));
    get(containerizer.launch(kept));
    get(containerizer.launch(lost));
    var lostCgroup = cgroups.cgroup("memory", lost.containerId());
    List<Long> lostProcesses = lostCgroup.processes();
    assertThat(lostProcesses).isNotEmpty();
    containerizer.close();

    // The new agent knows only "kept" (say "lost" ended while it was down and left a process
    // behind).
    ContainerCgroups again = new ContainerCgroups(fs, root, timers);
    start(List.of(new CgroupsMemoryIsolator(again, Duration.ofMillis(100))));
    assertThat(get(containerizer.recover(List.of(kept)))).containsExactly(kept.containerId());

    assertThat(lostCgroup.exists()).isFalse();
    await()
        .atMost(WAIT)
        .until(
            () ->
                lostProcesses.stream()
                    .noneMatch(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)));
    var keptCgroup = again.cgroup("memory", kept.containerId());
    assertThat(get(containerizer.usage(kept.containerId())).memLimitBytes()).isEqualTo(48L << 20);
    get(containerizer.destroy(kept.containerId()));
    assertThat(keptCgroup.exists()).isFalse();
  }
}
