package io.mezzo.master;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.AgentInfo;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.master.registry.Registry;
import io.mezzo.master.registry.RegistryStore;
import io.mezzo.master.state.InMemoryStateStore;
import io.mezzo.master.state.StateStore;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Explicit reconciliation on a master that just took over, before its agents are back (MESOS-API.md
 * §3.4, Mesos's {@code Master::_reconcileTasks}): no answer for a task on an agent that has not
 * re-registered yet, nor for a task named without an agent while any agent is still missing;
 * TASK_UNREACHABLE with the registry's time for an agent that was unreachable already, and for
 * agents still missing when {@code agent_reregister_timeout} ends.
 */
class FailoverReconciliationTest {
  private static AgentInfo agent(String id) {
    return new AgentInfo(
        "h-" + id,
        5051,
        List.of(Resource.scalar("cpus", 2), Resource.scalar("mem", 512)),
        null,
        new AgentId(id));
  }

  private static Call reconcile(MasterHarness.Fw fw, String task, String agent) {
    return Call.reconcile(
        fw.id,
        new Call.Reconcile(
            List.of(
                new Call.Reconcile.Task(
                    new TaskId(task), agent == null ? null : new AgentId(agent)))));
  }

  @Test
  void aNewLeaderAnswersForAgentsNotYetBackAsMesosDoes() {
    StateStore store = new InMemoryStateStore();
    RegistryStore previous = new RegistryStore(store);
    previous.save(
        previous
            .recover()
            .withAgent(
                new Registry.AdmittedAgent(
                    agent("recovered"), null, Registry.AgentState.ADMITTED, null))
            .withAgent(
                new Registry.AdmittedAgent(
                    agent("partitioned"), null, Registry.AgentState.UNREACHABLE, 4_000L)));

    try (MasterHarness h = new MasterHarness(store)) {
      MasterHarness.Fw fw = h.subscribe("f", FrameworkInfo.Capability.Type.PARTITION_AWARE);
      int before = fw.updates().size();

      fw.call(reconcile(fw, "t1", "recovered"));
      fw.call(reconcile(fw, "t2", null));
      h.settle();
      assertThat(fw.updates()).hasSize(before);

      fw.call(reconcile(fw, "t3", "partitioned"));
      h.settle();
      TaskStatus unreachable = fw.lastUpdate();
      assertThat(unreachable.state()).isEqualTo(TaskState.TASK_UNREACHABLE);
      assertThat(unreachable.unreachableTime().nanoseconds()).isEqualTo(4_000_000_000L);

      // The recovered agent comes back without the task: now the master knows.
      assertThat(
              MasterHarness.get(
                      h.master.agentSubscribe(
                          AgentCall.subscribe(
                              new AgentCall.Register(
                                  agent("recovered"), null, "test", List.of(), List.of())),
                          new RecordingAgentChannel()))
                  .status())
          .isEqualTo(200);
      h.settle();
      fw.call(reconcile(fw, "t1", "recovered"));
      h.settle();
      assertThat(fw.lastUpdate().state()).isEqualTo(TaskState.TASK_GONE);
      fw.call(reconcile(fw, "t2", null));
      h.settle();
      assertThat(fw.lastUpdate().state()).isEqualTo(TaskState.TASK_UNKNOWN);
    }
  }

  @Test
  void agentsThatDoNotComeBackWithinTheReregisterTimeoutBecomeUnreachable() {
    StateStore store = new InMemoryStateStore();
    RegistryStore previous = new RegistryStore(store);
    previous.save(
        previous
            .recover()
            .withAgent(
                new Registry.AdmittedAgent(
                    agent("missing"), null, Registry.AgentState.ADMITTED, null)));

    try (MasterHarness h =
        new MasterHarness(
            store, MasterConfig.defaults().withAgentReregisterTimeout(Duration.ofSeconds(5)))) {
      MasterHarness.Fw fw = h.subscribe("f", FrameworkInfo.Capability.Type.PARTITION_AWARE);
      h.advance(Duration.ofSeconds(4));
      int before = fw.updates().size();
      fw.call(reconcile(fw, "t1", "missing"));
      h.settle();
      assertThat(fw.updates()).hasSize(before);

      h.advance(Duration.ofSeconds(2));
      fw.call(reconcile(fw, "t1", "missing"));
      h.settle();
      assertThat(fw.lastUpdate().state()).isEqualTo(TaskState.TASK_UNREACHABLE);
      assertThat(fw.lastUpdate().unreachableTime()).isNotNull();
      assertThat(
              new RegistryStore(store)
                  .recover()
                  .agent(new AgentId("missing"))
                  .orElseThrow()
                  .state())
          .isEqualTo(Registry.AgentState.UNREACHABLE);
    }
  }
}
