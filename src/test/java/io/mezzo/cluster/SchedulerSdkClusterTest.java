package io.mezzo.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mezzo.api.v1.CommandInfo;
import io.mezzo.api.v1.Filters;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.OfferId;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.framework.sdk.Scheduler;
import io.mezzo.framework.sdk.SchedulerClient;
import io.mezzo.framework.sdk.SchedulerDriver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK against a real in-process master and agent: subscribe, take an offer, launch a real
 * process, follow and acknowledge its updates, reconcile, and fail over onto a new client with the
 * same FrameworkID.
 */
class SchedulerSdkClusterTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  @TempDir Path work;
  private InProcessCluster cluster;
  private final List<SchedulerClient> clients = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    clients.forEach(SchedulerClient::stop);
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Launches one sleeping task on the first offer, declines the rest, acks every update. */
  static final class OneTask implements Scheduler {
    final List<TaskStatus> updates = new CopyOnWriteArrayList<>();
    final List<FrameworkId> subscriptions = new CopyOnWriteArrayList<>();
    final AtomicBoolean launched = new AtomicBoolean();
    volatile Throwable launchFailure;

    @Override
    public void subscribed(SchedulerDriver driver, FrameworkId frameworkId) {
      subscriptions.add(frameworkId);
    }

    @Override
    public void offers(SchedulerDriver driver, List<Offer> offers) {
      for (Offer offer : offers) {
        if (launched.compareAndSet(false, true)) {
          TaskInfo task =
              new TaskInfo(
                  "sleeper",
                  new TaskId("sleeper"),
                  offer.agentId(),
                  List.of(Resource.scalar("cpus", 0.1), Resource.scalar("mem", 32)),
                  null,
                  CommandInfo.shell("sleep 600"),
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null);
          driver
              .accept(
                  List.of(offer.id()),
                  List.of(Call.Operation.launch(List.of(task))),
                  new Filters(0.0))
              .whenComplete((ok, e) -> launchFailure = e);
        } else {
          driver.decline(List.of(offer.id()), new Filters(3600.0));
        }
      }
    }

    @Override
    public void rescinded(SchedulerDriver driver, OfferId offerId) {}

    @Override
    public void update(SchedulerDriver driver, TaskStatus status) {
      updates.add(status);
      driver.acknowledge(status);
    }

    @Override
    public void error(SchedulerDriver driver, String message) {}

    boolean saw(TaskState state, TaskStatus.Reason reason) {
      return updates.stream()
          .anyMatch(s -> s.state() == state && (reason == null || s.reason() == reason));
    }
  }

  private SchedulerClient client(FrameworkInfo info, Scheduler scheduler) {
    SchedulerClient c =
        new SchedulerClient(
            info, scheduler, cluster.connections(), cluster.timers, new SplittableRandom(3));
    clients.add(c);
    c.start();
    return c;
  }

  @Test
  void launchesFollowsAcknowledgesReconcilesAndFailsOver() {
    cluster = new InProcessCluster(work);
    cluster.addAgent("cpus:2;mem:1024;disk:1024");
    FrameworkInfo info =
        FrameworkInfo.builder()
            .user(System.getProperty("user.name"))
            .name("sdk-test")
            .role("marathon")
            .failoverTimeout(600.0)
            .checkpoint(true)
            .build();
    OneTask first = new OneTask();
    SchedulerClient client = client(info, first);

    await().atMost(WAIT).until(() -> first.saw(TaskState.TASK_RUNNING, null));
    assertThat(first.launchFailure).isNull();
    FrameworkId id = client.frameworkId().orElseThrow();
    assertThat(first.subscriptions).containsExactly(id);
    // Acknowledged: the agent stops retrying, so the master holds no unacknowledged update.
    await().atMost(WAIT).until(() -> unacked(id) == 0);

    client.reconcile(List.of(new Call.Reconcile.Task(new TaskId("sleeper"), null)));
    await()
        .atMost(WAIT)
        .until(() -> first.saw(TaskState.TASK_RUNNING, TaskStatus.Reason.REASON_RECONCILIATION));

    // Failover: this scheduler goes, a new one with the same id takes its task over.
    client.stop();
    OneTask second = new OneTask();
    second.launched.set(true);
    SchedulerClient next = client(info.withId(id), second);
    await().atMost(WAIT).until(() -> second.subscriptions.contains(id));
    assertThat(next.frameworkId()).contains(id);
    // The implicit reconciliation after SUBSCRIBED reports the running task to the new client.
    await()
        .atMost(WAIT)
        .until(() -> second.saw(TaskState.TASK_RUNNING, TaskStatus.Reason.REASON_RECONCILIATION));

    next.kill(new TaskId("sleeper"), null, null);
    await().atMost(WAIT).until(() -> second.saw(TaskState.TASK_KILLED, null));
  }

  private long unacked(FrameworkId id) {
    return InProcessCluster.get(
        cluster.master.inspect(
            s ->
                s.frameworks().get(id).tasks().values().stream()
                    .filter(t -> t.pendingUuid() != null)
                    .count()));
  }
}
