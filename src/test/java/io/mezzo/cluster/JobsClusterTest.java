package io.mezzo.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mezzo.framework.jobs.JobsConfig;
import io.mezzo.framework.jobs.JobsFramework;
import io.mezzo.framework.jobs.JobsSnapshot;
import io.mezzo.framework.jobs.job.JobDefinition;
import io.mezzo.framework.sdk.ClientStarter;
import io.mezzo.framework.sdk.FrameworkContext;
import io.mezzo.framework.services.InMemoryFrameworkStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jobs framework on the SDK against a real in-process master and agent: a scheduled job's
 * command really runs, slot after slot, and its child runs after each success.
 */
class JobsClusterTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  @TempDir Path work;
  private InProcessCluster cluster;
  private JobsFramework framework;

  @AfterEach
  void stop() {
    if (framework != null) {
      framework.stop();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private static JobsSnapshot snapshot(JobsFramework f) {
    try {
      return f.snapshot().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static long successes(JobsFramework f, String job) {
    return snapshot(f).job(job).map(j -> j.counters().successCount()).orElse(0L);
  }

  @Test
  void aScheduledJobRunsEachSlotAndItsChildRunsAfterIt() throws Exception {
    cluster = new InProcessCluster(work);
    cluster.addAgent("cpus:2;mem:1024;disk:1024");
    framework =
        new JobsFramework(JobsConfig.defaults(), ClientStarter.sdkClient(new SplittableRandom(3)));
    framework.start(
        new FrameworkContext(
            URI.create("http://127.0.0.1:5050"),
            new InMemoryFrameworkStore(),
            cluster.timers,
            cluster.connections()));
    await().atMost(WAIT).until(() -> snapshot(framework).frameworkId().isPresent());
    Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    JobDefinition tick = JobDefinition.scheduled("tick", "echo tick", "R3/" + start + "/PT2S");
    InProcessCluster.get(framework.put(tick, Optional.empty()));
    InProcessCluster.get(
        framework.put(
            JobDefinition.dependent("after", "exit 0", List.of("tick")), Optional.empty()));
    await().atMost(WAIT).until(() -> successes(framework, "tick") == 3);
    await().atMost(WAIT).until(() -> successes(framework, "after") == 3);
    JobsSnapshot.Job job = snapshot(framework).job("tick").orElseThrow();
    assertThat(job.runs())
        .extracting(r -> r.slot().orElseThrow())
        .containsExactly(start.plusSeconds(4), start.plusSeconds(2), start);
    assertThat(job.runs()).allSatisfy(r -> assertThat(r.state()).isEqualTo("TASK_FINISHED"));
    assertThat(job.nextRun()).isEmpty();
    assertThat(job.counters().errorCount()).isZero();
  }
}
