package io.mezzo.master;

import static io.mezzo.master.MasterHarness.get;
import static io.mezzo.master.MasterHarness.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.master.Call;
import io.mezzo.api.v1.scheduler.Event;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.state.InMemoryStateStore;
import io.mezzo.master.state.StateStore;
import org.junit.jupiter.api.Test;

/**
 * The operator's agent controls are decided, then applied by the master's applier: a fenced
 * registry write (another master wrote since) leaves everything as it was, nobody hears of the
 * change and the operator gets a 503, not a 200.
 */
class OperatorDecisionsTest {

  @Test
  void aFencedMarkGoneChangesNothingAndTellsNobody() {
    StateStore store = new InMemoryStateStore();
    try (MasterHarness a = new MasterHarness(store)) {
      var agent = a.registerAgent("cpus:4;mem:1024");
      var fw = a.subscribe("fw", FrameworkInfo.Capability.Type.PARTITION_AWARE);
      a.allocate();
      Offer offer = fw.lastOffer();
      fw.launch(offer, task("t1", offer, 1, 128));
      agent.update(fw, "t1", TaskState.TASK_RUNNING);
      fenceOut(store);

      Call.AgentRef ref = new Call.AgentRef(agent.id);
      CallResult r =
          get(
              a.master.operatorCall(
                  new Call(
                      Call.Type.MARK_AGENT_GONE, null, null, null, null, null, null, null, ref)));

      assertThat(r.status()).isEqualTo(503);
      AgentEntry.State inMemory = get(a.master.inspect(s -> s.agents().get(agent.id).state()));
      assertThat(inMemory).isEqualTo(AgentEntry.State.CONNECTED);
      assertThat(agent.channel.closed()).isFalse();
      assertThat(agent.channel.ofType(AgentEvent.Type.SHUTDOWN_FRAMEWORK)).isEmpty();
      assertThat(agent.channel.ofType(AgentEvent.Type.ERROR)).isEmpty();
      assertThat(fw.lastUpdate().state()).isEqualTo(TaskState.TASK_RUNNING);
      assertThat(fw.stream.ofType(Event.Type.FAILURE)).isEmpty();
    }
  }

  @Test
  void aFencedDeactivationKeepsTheOfferOutstanding() {
    StateStore store = new InMemoryStateStore();
    try (MasterHarness a = new MasterHarness(store)) {
      var agent = a.registerAgent("cpus:4;mem:1024");
      var fw = a.subscribe("fw");
      a.allocate();
      assertThat(fw.offers()).hasSize(1);
      fenceOut(store);

      Call.AgentRef ref = new Call.AgentRef(agent.id);
      CallResult r =
          get(
              a.master.operatorCall(
                  new Call(
                      Call.Type.DEACTIVATE_AGENT, null, null, null, null, ref, null, null, null)));

      assertThat(r.status()).isEqualTo(503);
      assertThat(fw.stream.ofType(Event.Type.RESCIND)).isEmpty();
      assertThat(a.offerCount()).isEqualTo(1);
      boolean deactivated = get(a.master.inspect(s -> s.agents().get(agent.id).deactivated()));
      assertThat(deactivated).isFalse();
    }
  }

  /** Another master recovers the registry and writes it: the first one's next write is stale. */
  private static void fenceOut(StateStore store) {
    try (MasterHarness b = new MasterHarness(store)) {
      b.registerAgent("cpus:1;mem:128");
    }
  }
}
