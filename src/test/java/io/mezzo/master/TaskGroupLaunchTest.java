package io.mezzo.master;

import static io.mezzo.master.MasterHarness.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.TaskGroupInfo;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.api.v1.scheduler.Call;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** LAUNCH_GROUP through the master: all tasks of a group start together, or none does. */
class TaskGroupLaunchTest {
  private final MasterHarness h = new MasterHarness();

  @AfterEach
  void stop() {
    h.close();
  }

  static ExecutorInfo defaultExecutor(String id) {
    return new ExecutorInfo(
        ExecutorInfo.Type.DEFAULT,
        new ExecutorId(id),
        null,
        null,
        null,
        List.of(Resource.scalar("cpus", 0.1), Resource.scalar("mem", 32)),
        null,
        null);
  }

  CallResult launchGroup(MasterHarness.Fw fw, Offer offer, ExecutorInfo ex, TaskInfo... tasks) {
    Call.Accept accept =
        new Call.Accept(
            List.of(offer.id()),
            List.of(Call.Operation.launchGroup(ex, new TaskGroupInfo(List.of(tasks)))),
            null);
    return fw.call(Call.accept(fw.id, accept));
  }

  @Test
  void aValidGroupIsOneRunTaskGroupAndEveryTaskIsStaging() {
    var agent = h.registerAgent("cpus:4;mem:1024");
    var fw = h.subscribe("fw");
    h.allocate();
    Offer offer = fw.lastOffer();
    CallResult r =
        launchGroup(
            fw, offer, defaultExecutor("g1"), task("a", offer, 1, 128), task("b", offer, 1, 128));
    assertThat(r.status()).isEqualTo(202);
    List<AgentEvent> sent = agent.channel.ofType(AgentEvent.Type.RUN_TASK_GROUP);
    assertThat(sent).hasSize(1);
    AgentEvent.RunTaskGroup group = sent.get(0).runTaskGroup();
    assertThat(group.executor().executorId().value()).isEqualTo("g1");
    assertThat(group.executor().frameworkId()).isEqualTo(fw.id);
    assertThat(group.taskGroup().tasks())
        .extracting(t -> t.taskId().value())
        .containsExactly("a", "b");
    assertThat(agent.launched()).isEmpty();
    assertThat(fw.updates()).isEmpty();
    List<String> staging =
        MasterHarness.get(
            h.master.inspect(
                s ->
                    s.frameworks().get(fw.id).tasks().values().stream()
                        .filter(t -> t.state() == TaskState.TASK_STAGING)
                        .map(t -> t.info().executor().executorId().value())
                        .toList()));
    assertThat(staging).containsExactly("g1", "g1");
    assertThat(h.master.metrics().get(MasterMetrics.Counter.MESSAGES_LAUNCH_TASKS)).isEqualTo(1);

    h.advance(Duration.ofSeconds(6));
    assertThat(ExecutorLaunchTest.cpus(fw.lastOffer()))
        .isCloseTo(1.9, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void aDuplicateTaskIdEndsEveryTaskOfTheGroupAndNothingIsSent() {
    var agent = h.registerAgent("cpus:4;mem:1024");
    var fw = h.subscribe("fw");
    h.allocate();
    Offer offer = fw.lastOffer();
    launchGroup(
        fw,
        offer,
        defaultExecutor("g1"),
        task("a", offer, 1, 128),
        task("b", offer, 1, 128),
        task("a", offer, 1, 128));
    assertThat(agent.channel.ofType(AgentEvent.Type.RUN_TASK_GROUP)).isEmpty();
    List<TaskStatus> updates = fw.updates();
    assertThat(updates).hasSize(3);
    assertThat(updates).allMatch(u -> u.state() == TaskState.TASK_ERROR);
    assertThat(updates).allMatch(u -> u.reason() == TaskStatus.Reason.REASON_TASK_INVALID);
    assertThat(updates.get(1).message()).contains("Task 'a'").contains("twice");
    int executors =
        MasterHarness.get(
            h.master.inspect(s -> s.agent(agent.id).orElseThrow().executors().size()));
    assertThat(executors).isZero();
  }

  @Test
  void aTaskNamingAnotherAgentEndsTheWholeGroup() {
    var agent = h.registerAgent("cpus:4;mem:1024");
    var fw = h.subscribe("fw");
    h.allocate();
    Offer offer = fw.lastOffer();
    TaskInfo elsewhere = task("b", offer, 1, 128).withAgentId(new AgentId("m1-S9"));
    launchGroup(fw, offer, defaultExecutor("g1"), task("a", offer, 1, 128), elsewhere);
    assertThat(agent.channel.ofType(AgentEvent.Type.RUN_TASK_GROUP)).isEmpty();
    assertThat(fw.updates()).hasSize(2).allMatch(u -> u.state() == TaskState.TASK_ERROR);
    assertThat(fw.lastUpdate().message()).contains("m1-S9");
  }

  @Test
  void aGroupThatDoesNotFitWithItsExecutorIsRefused() {
    var agent = h.registerAgent("cpus:2;mem:1024");
    var fw = h.subscribe("fw");
    h.allocate();
    Offer offer = fw.lastOffer();
    launchGroup(
        fw, offer, defaultExecutor("g1"), task("a", offer, 1, 128), task("b", offer, 1, 128));
    assertThat(agent.channel.ofType(AgentEvent.Type.RUN_TASK_GROUP)).isEmpty();
    assertThat(fw.lastUpdate().message()).contains("more resources");
  }

  @Test
  void aCustomExecutorOrAnEmptyGroupIsRefused() {
    h.registerAgent("cpus:4;mem:1024");
    var fw = h.subscribe("fw");
    h.allocate();
    Offer offer = fw.lastOffer();
    ExecutorInfo custom = ExecutorLaunchTest.custom("c1", "./x", 0.1, 32);
    launchGroup(fw, offer, custom, task("a", offer, 1, 128));
    assertThat(fw.lastUpdate().message()).contains("DEFAULT executor");
    h.advance(Duration.ofSeconds(6));
    Offer again = fw.lastOffer();
    CallResult empty = launchGroup(fw, again, defaultExecutor("g2"));
    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.message()).contains("task_group.tasks");
  }
}
