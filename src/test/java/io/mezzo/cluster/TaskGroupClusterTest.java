package io.mezzo.cluster;

import static io.mezzo.cluster.ExecutorTasks.WAIT;
import static io.mezzo.cluster.ExecutorTasks.accept;
import static io.mezzo.cluster.ExecutorTasks.assertEventsAreOfficial;
import static io.mezzo.cluster.ExecutorTasks.awaitWholeAgentOffered;
import static io.mezzo.cluster.ExecutorTasks.commandTask;
import static io.mezzo.cluster.ExecutorTasks.defaultExecutor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.MesosJson;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.TaskGroupInfo;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.master.Response;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.master.CallResult;
import io.mezzo.testing.ProtoOracle;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Task groups end to end through a real master and agent: a LAUNCH_GROUP starts together on the
 * default executor and ends together, the master lists that executor while it runs, and an invalid
 * group is TASK_ERROR for every task with its resources offered again.
 */
class TaskGroupClusterTest {
  @TempDir Path work;
  private InProcessCluster cluster;
  private TestScheduler f;

  @BeforeEach
  void start() {
    cluster = new InProcessCluster(work);
    cluster.addAgent("cpus:2;mem:1024;disk:1024;ports:[31000-31010]");
    await().atMost(WAIT).until(() -> cluster.agents.get(0).isRegistered());
    f = new TestScheduler(cluster.master, "f").subscribe();
  }

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void taskGroupStartsTogetherAndAFailedTaskKillsTheOther() {
    Offer offer = f.awaitOffer();
    ExecutorInfo executor = defaultExecutor("g1");
    CallResult launched =
        accept(
            f,
            offer,
            Call.Operation.launchGroup(
                executor,
                new TaskGroupInfo(
                    List.of(
                        commandTask("long", offer, "sleep 60"),
                        commandTask("short", offer, "sleep 3; exit 1")))));
    assertThat(launched.status()).as(launched.message()).isEqualTo(202);
    await()
        .atMost(WAIT)
        .until(
            () -> f.saw("long", TaskState.TASK_RUNNING) && f.saw("short", TaskState.TASK_RUNNING));
    // While the group runs the master lists its DEFAULT executor.
    CallResult r =
        InProcessCluster.get(
            cluster.master.operatorCall(
                io.mezzo.api.v1.master.Call.of(io.mezzo.api.v1.master.Call.Type.GET_EXECUTORS)));
    assertThat(r.status()).as(r.message()).isEqualTo(200);
    ProtoOracle.check(ProtoOracle.Schema.MASTER_RESPONSE, MesosJson.writeString(r.body()));
    List<Response.GetExecutors.Executor> executors =
        ((Response) r.body()).getExecutors().executors();
    assertThat(executors)
        .anySatisfy(
            e -> {
              assertThat(e.executorInfo().executorId().value()).isEqualTo("g1");
              assertThat(e.executorInfo().type()).isEqualTo(ExecutorInfo.Type.DEFAULT);
              assertThat(e.agentId()).isEqualTo(offer.agentId());
            });

    await().atMost(WAIT).until(() -> f.saw("short", TaskState.TASK_FAILED));
    await().atMost(WAIT).until(() -> f.saw("long", TaskState.TASK_KILLED));
    awaitWholeAgentOffered(f);
    assertEventsAreOfficial(f);
  }

  @Test
  void aGroupWithADuplicateTaskIdIsAllTaskErrorAndItsResourcesComeBack() {
    Offer offer = f.awaitOffer();
    CallResult launched =
        accept(
            f,
            offer,
            Call.Operation.launchGroup(
                defaultExecutor("g2"),
                new TaskGroupInfo(
                    List.of(
                        commandTask("dup", offer, "sleep 60"),
                        commandTask("dup", offer, "sleep 60"),
                        commandTask("other", offer, "sleep 60")))));
    assertThat(launched.status()).as(launched.message()).isIn(200, 202);
    await()
        .atMost(WAIT)
        .until(() -> f.saw("dup", TaskState.TASK_ERROR) && f.saw("other", TaskState.TASK_ERROR));
    assertThat(f.updates("dup")).noneMatch(s -> s.state() == TaskState.TASK_RUNNING);
    assertThat(f.updates("other")).noneMatch(s -> s.state() == TaskState.TASK_RUNNING);
    assertThat(f.updates("dup").get(0).message()).contains("dup");
    awaitWholeAgentOffered(f);
    assertEventsAreOfficial(f);
  }
}
