package io.mezzo.agent.isolator.cgroups;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.agent.TestTasks;
import io.mezzo.agent.cgroups.CgroupFs;
import io.mezzo.agent.cgroups.ContainerCgroups;
import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.agent.containerizer.ContainerLimitation;
import io.mezzo.agent.containerizer.ContainerUsage;
import io.mezzo.agent.state.Paths;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.CommandInfo;
import io.mezzo.api.v1.ContainerId;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.core.time.SystemTimers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cgroup v2 path of the isolators against a fake cgroup tree (a temp dir laid out like a v2
 * mount; this machine's v2 hierarchy has no controllers to give): which files they write, how they
 * read statistics and OOM kills, and that cleanup removes the container's directory.
 */
class CgroupsV2FakeTreeTest {
  @TempDir Path mount;
  @TempDir Path work;
  private SystemTimers timers;
  private ContainerCgroups cgroups;
  private final ContainerId id = ContainerId.of("c-1");

  @BeforeEach
  void setUp() throws Exception {
    Files.writeString(mount.resolve("cgroup.controllers"), "cpuset cpu io memory pids\n");
    Files.writeString(mount.resolve("cgroup.subtree_control"), "");
    CgroupFs fs =
        CgroupFs.fromMountInfo(
            "30 23 0:26 / " + mount + " rw,nosuid - cgroup2 cgroup2 rw,nsdelegate\n");
    timers = new SystemTimers("v2-test");
    cgroups = new ContainerCgroups(fs, "mezzo", timers);
  }

  @AfterEach
  void tearDown() {
    timers.close();
  }

  private ContainerConfig config(Resource... resources) {
    TaskInfo task =
        new TaskInfo(
            "t",
            TaskId.of("t"),
            null,
            List.of(resources),
            null,
            CommandInfo.shell("true"),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    Paths.Run run =
        new Paths(work).run(AgentId.of("a"), FrameworkId.of("f"), ExecutorId.of("t"), id);
    return new ContainerConfig(run, task, TestTasks.framework("f"));
  }

  private static <T> T get(java.util.concurrent.CompletionStage<T> s) throws Exception {
    return s.toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private String file(String rel) throws Exception {
    return Files.readString(mount.resolve(rel)).strip();
  }

  @Test
  void threeIsolatorsShareOneDirectoryWithTheV2FilesAndControllersEnabledAbove() throws Exception {
    var cpu = new CgroupsCpuIsolator(cgroups, true);
    var mem = new CgroupsMemoryIsolator(cgroups, Duration.ofSeconds(60));
    var pids = new CgroupsPidsIsolator(cgroups, 64, Duration.ofSeconds(60));
    ContainerConfig c = config(Resource.scalar("cpus", 0.25), Resource.scalar("mem", 64));

    // As the containerizer does: every prepare, then (after the fork) every isolate.
    for (var i : List.of(cpu, mem, pids)) {
      get(i.prepare(c));
    }
    for (var i : List.of(cpu, mem, pids)) {
      get(i.isolate(id, 4242));
    }

    assertThat(file("mezzo/c-1/cpu.weight")).isEqualTo("10");
    assertThat(file("mezzo/c-1/cpu.max")).isEqualTo("25000 100000");
    assertThat(file("mezzo/c-1/memory.max")).isEqualTo(Long.toString(64L << 20));
    assertThat(file("mezzo/c-1/pids.max")).isEqualTo("64");
    assertThat(file("mezzo/c-1/cgroup.procs")).isEqualTo("4242");
    // Each controller must be enabled in every ancestor for the container's files to exist; a plain
    // file keeps only the last "+controller" written, where cgroupfs would list all three.
    assertThat(file("cgroup.subtree_control")).isEqualTo("+pids");
    assertThat(file("mezzo/cgroup.subtree_control")).isEqualTo("+pids");
    assertThat(cpu.name()).isEqualTo("cgroups/cpu");
  }

  @Test
  void statisticsComeFromTheV2Files() throws Exception {
    var cpu = new CgroupsCpuIsolator(cgroups, false);
    var mem = new CgroupsMemoryIsolator(cgroups, Duration.ofSeconds(60));
    ContainerConfig c = config(Resource.scalar("cpus", 1), Resource.scalar("mem", 32));
    get(cpu.prepare(c));
    get(mem.prepare(c));
    Path dir = mount.resolve("mezzo/c-1");
    Files.writeString(
        dir.resolve("cpu.stat"),
        """
        usage_usec 3500000
        user_usec 3000000
        system_usec 500000
        nr_periods 40
        nr_throttled 7
        throttled_usec 1250000
        """);
    Files.writeString(dir.resolve("memory.current"), "30000000\n");
    Files.writeString(dir.resolve("memory.stat"), "anon 20000000\nfile 9000000\nkernel 1000000\n");

    ContainerUsage u = get(cpu.usage(id)).merge(get(mem.usage(id)));

    assertThat(u.cpusUserTimeSecs()).isEqualTo(3.0);
    assertThat(u.cpusSystemTimeSecs()).isEqualTo(0.5);
    assertThat(u.cpusNrPeriods()).isEqualTo(40);
    assertThat(u.cpusNrThrottled()).isEqualTo(7);
    assertThat(u.cpusThrottledTimeSecs()).isEqualTo(1.25);
    assertThat(u.memLimitBytes()).isEqualTo(32L << 20);
    assertThat(u.memTotalBytes()).isEqualTo(30_000_000);
    assertThat(u.memRssBytes()).isEqualTo(20_000_000);
    assertThat(u.memCacheBytes()).isEqualTo(9_000_000);
    assertThat(dir.resolve("cpu.max")).as("no CFS: no quota written").doesNotExist();
  }

  @Test
  void
      anOomKillSeenAtCleanupBecomesTheMemoryLimitationAndTheDirectoryGoesWhenTheLastIsolatorLeaves()
          throws Exception {
    var cpu = new CgroupsCpuIsolator(cgroups, false);
    var mem = new CgroupsMemoryIsolator(cgroups, Duration.ofSeconds(60));
    ContainerConfig c = config(Resource.scalar("cpus", 1), Resource.scalar("mem", 64));
    get(cpu.prepare(c));
    get(mem.prepare(c));
    CompletableFuture<ContainerLimitation> watch = mem.watch(id).toCompletableFuture();
    Files.writeString(
        mount.resolve("mezzo/c-1/memory.events"), "low 0\nhigh 0\nmax 12\noom 1\noom_kill 1\n");
    Files.writeString(mount.resolve("mezzo/c-1/memory.peak"), Long.toString(64L << 20));

    get(cpu.cleanup(id));
    assertThat(Files.exists(mount.resolve("mezzo/c-1"))).as("still held by cgroups/mem").isTrue();
    get(mem.cleanup(id));

    ContainerLimitation l = watch.getNow(null);
    assertThat(l).isNotNull();
    assertThat(l.reason()).isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LIMITATION_MEMORY);
    assertThat(l.message())
        .startsWith("Memory limit exceeded: Requested: 64 MB Maximum Used: 64 MB");
    assertThat(l.resources()).containsExactly(Resource.scalar("mem", 64));
    assertThat(Files.exists(mount.resolve("mezzo/c-1"))).isFalse();
    // Idempotent, and fine for a container it never saw.
    get(mem.cleanup(id));
    get(mem.cleanup(ContainerId.of("never")));
  }

  @Test
  void anUnusableControllerStopsTheIsolatorAtConstructionSayingWhatIsMissing() throws Exception {
    Files.writeString(mount.resolve("cgroup.controllers"), "cpu\n");
    CgroupFs fs = CgroupFs.fromMountInfo("30 23 0:26 / " + mount + " rw - cgroup2 cgroup2 rw\n");

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                new CgroupsMemoryIsolator(
                    new ContainerCgroups(fs, "mezzo", timers), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(
            "cgroups/mem cannot be used: no cgroup hierarchy has the 'memory' controller");
  }
}
