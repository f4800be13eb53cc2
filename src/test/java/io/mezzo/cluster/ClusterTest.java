package io.mezzo.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.scheduler.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A master and several real agents in one JVM, two frameworks: the offer loop with real processes,
 * fair sharing, filters, suppress/revive, and agent loss.
 */
class ClusterTest {
  @TempDir Path work;
  private InProcessCluster cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private InProcessCluster cluster(int agents) {
    cluster = new InProcessCluster(work);
    for (int i = 0; i < agents; i++) {
      cluster.addAgent("cpus:2;mem:1024;disk:1024;ports:[31000-31010]");
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> cluster.agents.stream().allMatch(a -> a.isRegistered()));
    return cluster;
  }

  @Test
  void twoFrameworksShareFourAgentsEvenly() {
    cluster(0);
    TestScheduler f1 = new TestScheduler(cluster.master, "f1").subscribe();
    TestScheduler f2 = new TestScheduler(cluster.master, "f2").subscribe();
    for (int i = 0; i < 4; i++) {
      cluster.addAgent("cpus:2;mem:1024;disk:1024");
    }
    // Each holds what it is offered (no decline): DRF alternates, so each ends up with two agents
    // (dominant share 2 agents × 2 cpus / 8 cpus = 0.5 each).
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> f1.offers().size() + f2.offers().size() == 4);
    assertThat(f1.offers()).hasSize(2);
    assertThat(f2.offers()).hasSize(2);
    Set<AgentId> all =
        Stream.concat(f1.offers().stream(), f2.offers().stream())
            .map(Offer::agentId)
            .collect(Collectors.toSet());
    assertThat(all).hasSize(4); // no agent offered twice
  }

  @Test
  void taskRunsAsARealProcessAndFinishes() throws Exception {
    cluster(1);
    TestScheduler f = new TestScheduler(cluster.master, "f").subscribe();
    Offer offer = f.awaitOffer();
    assertThat(f.launch(offer, "hello", 0.1, 32, "echo hello-from-mezzo").status()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(60)).until(() -> f.saw("hello", TaskState.TASK_FINISHED));
    assertThat(f.updates("hello"))
        .extracting(s -> s.state())
        .containsSubsequence(TaskState.TASK_RUNNING, TaskState.TASK_FINISHED);
    try (Stream<Path> files = Files.walk(work)) {
      Path stdout =
          files
              .filter(
                  p ->
                      p.getFileName().toString().equals("stdout")
                          && p.toString().contains("/executors/hello/"))
              .findFirst()
              .orElseThrow();
      assertThat(Files.readString(stdout)).contains("hello-from-mezzo");
    }
  }

  @Test
  void failingTaskReportsExitStatus() {
    cluster(1);
    TestScheduler f = new TestScheduler(cluster.master, "f").subscribe();
    Offer offer = f.awaitOffer();
    f.launch(offer, "boom", 0.1, 32, "exit 3");
    await().atMost(Duration.ofSeconds(60)).until(() -> f.saw("boom", TaskState.TASK_FAILED));
    var failed =
        f.updates("boom").stream()
            .filter(s -> s.state() == TaskState.TASK_FAILED)
            .findFirst()
            .orElseThrow();
    assertThat(failed.message()).contains("3");
  }

  @Test
  void killEndsALongTaskKilled() {
    cluster(1);
    TestScheduler f = new TestScheduler(cluster.master, "f").subscribe();
    Offer offer = f.awaitOffer();
    f.launch(offer, "sleeper", 0.1, 32, "sleep 60");
    await().atMost(Duration.ofSeconds(60)).until(() -> f.saw("sleeper", TaskState.TASK_RUNNING));
    f.callAndWait(
        new io.mezzo.api.v1.scheduler.Call(
            f.id,
            io.mezzo.api.v1.scheduler.Call.Type.KILL,
            null,
            null,
            null,
            null,
            null,
            new io.mezzo.api.v1.scheduler.Call.Kill(
                new io.mezzo.api.v1.TaskId("sleeper"), offer.agentId(), null),
            null,
            null,
            null,
            null,
            null,
            null));
    await().atMost(Duration.ofSeconds(60)).until(() -> f.saw("sleeper", TaskState.TASK_KILLED));
  }

  @Test
  void declineFilterHidesAgentFromOneFrameworkOnly() {
    cluster(1);
    TestScheduler f1 = new TestScheduler(cluster.master, "f1").subscribe();
    Offer offer = f1.awaitOffer();
    TestScheduler f2 = new TestScheduler(cluster.master, "f2").subscribe();
    f1.decline(offer, 3600);
    Offer toF2 = f2.awaitOffer();
    assertThat(toF2.agentId()).isEqualTo(offer.agentId());
    f2.decline(toF2, 3600);
    int f1Offers = f1.offers().size();
    int f2Offers = f2.offers().size();
    // Both filtered now: nothing more for a while (10 allocation runs).
    await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(60)).until(() -> true);
    assertThat(f1.offers()).hasSize(f1Offers);
    assertThat(f2.offers()).hasSize(f2Offers);
    // REVIVE clears f1's filter.
    f1.revive();
    f1.awaitOffer();
  }

  @Test
  void suppressedFrameworkGetsNoOffersUntilRevive() {
    cluster(1);
    TestScheduler f = new TestScheduler(cluster.master, "f").subscribe();
    Offer offer = f.awaitOffer();
    f.suppress();
    f.decline(offer, 0);
    await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(60)).until(() -> true);
    assertThat(f.offers()).hasSize(1);
    f.revive();
    f.awaitOffer();
  }

  @Test
  void lostAgentRescindsOffersAndReportsTasks() {
    cluster(2);
    TestScheduler aware =
        new TestScheduler(cluster.master, "aware", FrameworkInfo.Capability.Type.PARTITION_AWARE)
            .subscribe();
    await().atMost(Duration.ofSeconds(60)).until(() -> aware.offers().size() == 2);
    Offer first = aware.offers().get(0);
    aware.launch(first, "long", 0.1, 32, "sleep 60");
    await().atMost(Duration.ofSeconds(60)).until(() -> aware.saw("long", TaskState.TASK_RUNNING));
    var victim =
        cluster.agents.stream()
            .filter(a -> InProcessCluster.get(a.snapshot()).agentId().equals(first.agentId()))
            .findFirst()
            .orElseThrow();
    Offer other = aware.offers().get(1);
    victim.stop(); // the agent goes silent; its task keeps running (it is not the agent's child)
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> aware.saw("long", TaskState.TASK_UNREACHABLE));
    assertThat(aware.events(Event.Type.FAILURE)).isNotEmpty();
    // The other agent's offer is untouched.
    assertThat(aware.events(Event.Type.RESCIND))
        .noneMatch(e -> e.rescind().offerId().equals(other.id()));
  }

  @Test
  void updateMissedWhileDisconnectedArrivesAfterResubscribe() {
    cluster(1);
    TestScheduler f = new TestScheduler(cluster.master, "f").subscribe();
    Offer offer = f.awaitOffer();
    f.launch(offer, "short", 0.1, 32, "sleep 1");
    await().atMost(Duration.ofSeconds(60)).until(() -> f.saw("short", TaskState.TASK_RUNNING));
    cluster.master.streamClosed(f); // the scheduler's connection drops
    // The task finishes while nobody listens; the agent keeps the update and retries it.
    TestScheduler again = new TestScheduler(cluster.master, f.info.withId(f.id));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                InProcessCluster.get(cluster.agents.get(0).snapshot()).tasks().stream()
                    .anyMatch(
                        t ->
                            t.taskId().value().equals("short")
                                && t.state() == TaskState.TASK_FINISHED));
    again.subscribe();
    await().atMost(Duration.ofSeconds(60)).until(() -> again.saw("short", TaskState.TASK_FINISHED));
    assertThat(f.saw("short", TaskState.TASK_FINISHED)).isFalse();
  }
}
