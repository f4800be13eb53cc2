package io.mezzo.agent.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mezzo.agent.state.Paths;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.ContainerId;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.TaskId;
import io.mezzo.core.time.ManualTimers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Garbage collection of completed runs, with a manual clock and a disk filled by hand. */
class SandboxGcTest {
  private static final AgentId AID = AgentId.of("a-S0");
  private static final FrameworkId FID = FrameworkId.of("f-0000");

  /** Mesos's delay and headroom; a watch interval so long that only collect() removes. */
  private static final GcPolicy POLICY =
      new GcPolicy(Duration.ofDays(7), Duration.ofDays(365), 0.1);

  @TempDir Path work;
  private Paths paths;
  private final ManualTimers timers = new ManualTimers();
  private volatile double usage;
  private final List<Paths.Run> told = new CopyOnWriteArrayList<>();
  private SandboxGc gc;

  @BeforeEach
  void setUp() {
    paths = new Paths(work);
    gc = new SandboxGc(POLICY, paths, timers, dir -> usage, Runnable::run, told::add);
    gc.start();
  }

  @AfterEach
  void tearDown() {
    gc.close();
  }

  /** A run as the agent leaves it: sandbox with output, latest link, checkpointed task. */
  private Paths.Run completedRun(String executor, String container) throws Exception {
    Paths.Run run = paths.run(AID, FID, ExecutorId.of(executor), ContainerId.of(container));
    Files.createDirectories(run.sandbox());
    Files.writeString(run.stdout(), "hello\n");
    Files.deleteIfExists(run.latestLink());
    Files.createSymbolicLink(run.latestLink(), Path.of(container));
    Files.createDirectories(run.taskMetaDir(TaskId.of(executor)));
    Files.writeString(run.taskUpdatesFile(TaskId.of(executor)), "updates");
    Files.writeString(paths.frameworkInfoFile(AID, FID), "{}");
    return run;
  }

  private static <T> T get(CompletionStage<T> s) throws Exception {
    return s.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aCompletedRunIsKeptUntilItsAllowedAgeThenRemovedWithItsEmptyParents() throws Exception {
    Paths.Run run = completedRun("t1", "c1");
    get(gc.schedule(run));
    assertThat(gc.counts()).isEqualTo(new GcCounts(0, 0, 2));

    // As Mesos: even an empty disk keeps a run only (1 - headroom) × gc_delay = 6.3 days.
    timers.advance(Duration.ofDays(6).plusHours(7).plusMinutes(11));
    assertThat(get(gc.collect())).isZero();
    assertThat(run.sandbox()).exists();

    timers.advance(Duration.ofMinutes(1));
    assertThat(get(gc.collect())).isEqualTo(1);

    assertThat(run.sandbox()).doesNotExist();
    assertThat(run.metaDir()).doesNotExist();
    assertThat(paths.frameworkMetaDir(AID, FID)).as("framework dirs go when empty").doesNotExist();
    assertThat(work.resolve("slaves/a-S0/frameworks/f-0000")).doesNotExist();
    assertThat(told).containsExactly(run);
    assertThat(gc.counts()).isEqualTo(new GcCounts(2, 0, 0));
  }

  @Test
  void theWatchTickRemovesWhatIsDueWithoutBeingAsked() throws Exception {
    gc.close();
    gc =
        new SandboxGc(
            new GcPolicy(Duration.ofDays(7), Duration.ofHours(1), 0.1),
            paths,
            timers,
            dir -> usage,
            Runnable::run,
            told::add);
    gc.start();
    Paths.Run run = completedRun("t1", "c1");
    get(gc.schedule(run));
    usage = 0.95;

    timers.advance(Duration.ofHours(1));

    await().atMost(Duration.ofSeconds(10)).until(() -> gc.counts().succeeded() == 2);
    assertThat(run.sandbox()).doesNotExist();
  }

  @Test
  void aFillingDiskShortensTheDelayAsMesosComputesIt() throws Exception {
    Paths.Run young = completedRun("young", "c1");
    Paths.Run old = completedRun("old", "c2");
    get(gc.schedule(old));
    timers.advance(Duration.ofDays(2));
    get(gc.schedule(young));
    timers.advance(Duration.ofDays(1));
    // 50 % used, 10 % headroom: kept at most 7 d × 0.4 = 2.8 d; old is 3 d, young 1 d.
    usage = 0.5;

    assertThat(get(gc.collect())).isEqualTo(1);

    assertThat(old.sandbox()).doesNotExist();
    assertThat(young.sandbox()).exists();
    assertThat(paths.frameworkInfoFile(AID, FID)).as("the framework still has a run").exists();
    assertThat(old.latestLink().getParent()).as("the old executor's dir went").doesNotExist();
    assertThat(Files.isSymbolicLink(young.latestLink())).isTrue();
  }

  @Test
  void aDiskPastTheHeadroomRemovesEveryCompletedRunAtOnce() throws Exception {
    Paths.Run run = completedRun("t1", "c1");
    get(gc.schedule(run));
    usage = 0.9;

    assertThat(get(gc.collect())).isEqualTo(1);
    assertThat(run.sandbox()).doesNotExist();
  }

  @Test
  void aRecoveredRunAgesFromItsLastCheckpointWrite() throws Exception {
    Paths.Run run = completedRun("t1", "c1");
    FileTime sixDaysAgo = FileTime.from(timers.clock().instant().minus(Duration.ofDays(6)));
    Files.setLastModifiedTime(run.taskUpdatesFile(TaskId.of("t1")), sixDaysAgo);
    Files.setLastModifiedTime(run.metaDir(), sixDaysAgo);

    get(gc.scheduleRecovered(run));
    assertThat(get(gc.collect())).isZero();
    timers.advance(Duration.ofDays(1));

    assertThat(get(gc.collect())).isEqualTo(1);
  }

  @Test
  void removalNeverFollowsALinkOutOfTheSandbox() throws Exception {
    Path outside = Files.createDirectories(work.resolveSibling(work.getFileName() + "-outside"));
    Files.writeString(outside.resolve("keep"), "mine");
    Paths.Run run = completedRun("t1", "c1");
    Files.createSymbolicLink(run.sandbox().resolve("escape"), outside);
    get(gc.schedule(run));
    usage = 1.0;

    get(gc.collect());

    assertThat(run.sandbox()).doesNotExist();
    assertThat(outside.resolve("keep")).hasContent("mine");
    Files.delete(outside.resolve("keep"));
    Files.delete(outside);
  }

  @Test
  void schedulingARunTwiceKeepsItsFirstTime() throws Exception {
    Paths.Run run = completedRun("t1", "c1");
    get(gc.schedule(run));
    timers.advance(Duration.ofDays(7));
    get(gc.schedule(run));

    assertThat(get(gc.collect())).isEqualTo(1);
    assertThat(gc.counts().pending()).isZero();
  }

  @Test
  void thePolicyRefusesNonsenseNamingTheKey() {
    assertThatThrownBy(() -> new GcPolicy(Duration.ofDays(-1), Duration.ofMinutes(1), 0.1))
        .hasMessageContaining("gc-delay");
    assertThatThrownBy(() -> new GcPolicy(Duration.ofDays(1), Duration.ZERO, 0.1))
        .hasMessageContaining("disk-watch-interval");
    assertThatThrownBy(() -> new GcPolicy(Duration.ofDays(1), Duration.ofMinutes(1), 1.5))
        .hasMessageContaining("gc-disk-headroom");
    assertThat(GcPolicy.defaults().maxAllowedAge(0.0))
        .isEqualTo(Duration.ofDays(7).multipliedBy(9).dividedBy(10));
  }

  @Test
  void theRealDiskProbeMeasuresTheWorkDirsFilesystem() throws Exception {
    double used = DiskUsage.system().usage(work);

    assertThat(used).isBetween(0.0, 1.0);
  }
}
