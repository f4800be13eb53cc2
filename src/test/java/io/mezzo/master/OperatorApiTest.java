package io.mezzo.master;

import static io.mezzo.master.MasterHarness.get;
import static io.mezzo.master.MasterHarness.task;
import static io.mezzo.testing.ProtoOracle.Schema.MASTER_EVENT;
import static io.mezzo.testing.ProtoOracle.Schema.MASTER_RESPONSE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.MesosJson;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.api.v1.master.Call;
import io.mezzo.api.v1.master.Event;
import io.mezzo.api.v1.master.Response;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.Registry;
import io.mezzo.master.registry.TaskEntry;
import io.mezzo.testing.ProtoOracle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The operator API through the master's entry points (MESOS-API.md §4.2): every read answer and
 * every SUBSCRIBE event parses strictly as the official {@code mesos.v1.master} messages, and the
 * mutations make their change durable before anyone hears of it.
 */
class OperatorApiTest {
  private final MasterHarness h = new MasterHarness();

  @AfterEach
  void stop() {
    h.close();
  }

  private CallResult call(Call call) {
    CallResult r = get(h.master.operatorCall(call));
    h.settle();
    return r;
  }

  private static Call agentCall(Call.Type type, AgentId id) {
    Call.AgentRef ref = new Call.AgentRef(id);
    return switch (type) {
      case DEACTIVATE_AGENT -> new Call(type, null, null, null, null, ref, null, null, null);
      case REACTIVATE_AGENT -> new Call(type, null, null, null, null, null, ref, null, null);
      case MARK_AGENT_GONE -> new Call(type, null, null, null, null, null, null, null, ref);
      default -> throw new IllegalArgumentException(type.name());
    };
  }

  private static Call drain(AgentId id, JsonNode grace, boolean markGone) {
    return new Call(
        Call.Type.DRAIN_AGENT,
        null,
        null,
        null,
        new Call.DrainAgent(id, grace, markGone),
        null,
        null,
        null,
        null);
  }

  /** A running task on an agent, a completed one, and an outstanding offer. */
  private MasterHarness.Fw busyCluster(
      MasterHarness.Ag agent, FrameworkInfo.Capability.Type... caps) {
    var fw = h.subscribe("busy", caps);
    h.allocate();
    Offer offer = fw.lastOffer();
    fw.launch(offer, task("done", offer, 0.5, 64), task("running", offer, 0.5, 64));
    fw.acknowledge(statusOf(fw, agent, "running", TaskState.TASK_RUNNING));
    fw.acknowledge(statusOf(fw, agent, "done", TaskState.TASK_FINISHED));
    h.advance(Duration.ofSeconds(6)); // past the refuse filter: a new offer is outstanding
    return fw;
  }

  private static TaskStatus statusOf(
      MasterHarness.Fw fw, MasterHarness.Ag agent, String task, TaskState state) {
    agent.update(fw, task, state);
    return fw.lastUpdate();
  }

  @ParameterizedTest
  @EnumSource(
      value = Call.Type.class,
      names = {
        "GET_HEALTH",
        "GET_FLAGS",
        "GET_VERSION",
        "GET_METRICS",
        "GET_STATE",
        "GET_AGENTS",
        "GET_FRAMEWORKS",
        "GET_EXECUTORS",
        "GET_TASKS",
        "GET_ROLES",
        "GET_MASTER"
      })
  void everyReadAnswersWithAResponseTheOfficialProtosAccept(Call.Type type) {
    var agent = h.registerAgent("cpus:4;mem:1024;disk:1000;ports:[31000-32000]");
    busyCluster(agent, FrameworkInfo.Capability.Type.PARTITION_AWARE);

    CallResult r = call(Call.of(type));

    assertThat(r.status()).as(r.message()).isEqualTo(200);
    Response response = (Response) r.body();
    assertThat(response.type().name()).isEqualTo(type.name());
    ProtoOracle.check(MASTER_RESPONSE, MesosJson.writeString(response));
  }

  @Test
  void stateHoldsAgentsFrameworksTasksAndOffers() {
    var agent = h.registerAgent("cpus:4;mem:1024;ports:[31000-32000]");
    var fw = busyCluster(agent);

    Response.GetState state = ((Response) call(Call.of(Call.Type.GET_STATE)).body()).getState();

    assertThat(state.getAgents().agents())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.agentInfo().id()).isEqualTo(agent.id);
              assertThat(a.active()).isTrue();
              assertThat(a.pid()).isEqualTo("slave(1)@127.0.0.1:5051");
              assertThat(a.allocatedResources()).extracting(res -> res.name()).contains("cpus");
            });
    assertThat(state.getTasks().tasks())
        .extracting(t -> t.taskId().value())
        .containsExactly("running");
    assertThat(state.getTasks().completedTasks())
        .extracting(t -> t.taskId().value())
        .containsExactly("done");
    assertThat(state.getTasks().tasks().get(0).statuses())
        .extracting(TaskStatus::state)
        .containsExactly(TaskState.TASK_RUNNING);
    assertThat(state.getFrameworks().frameworks())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.frameworkInfo().id()).isEqualTo(fw.id);
              assertThat(f.offers()).isNotEmpty();
              assertThat(f.connected()).isTrue();
            });
  }

  @Test
  void subscribeSendsTheWholeStateThenEveryKindOfChange() {
    RecordingOperatorStream ops = new RecordingOperatorStream();
    assertThat(get(h.master.operatorSubscribe(ops)).status()).isEqualTo(200);
    var agent = h.registerAgent("cpus:4;mem:1024");
    var silent = h.registerAgent("cpus:1;mem:256");
    var fw = h.subscribe("watched", FrameworkInfo.Capability.Type.PARTITION_AWARE);
    h.allocate();
    Offer offer =
        fw.offers().stream().filter(o -> o.agentId().equals(agent.id)).findFirst().orElseThrow();
    fw.launch(offer, task("t1", offer, 1, 128));
    agent.update(fw, "t1", TaskState.TASK_RUNNING);
    h.master.streamClosed(fw.stream); // FRAMEWORK_UPDATED: disconnected
    h.settle();
    silent.silent = true;
    h.advance(Duration.ofSeconds(16)); // the silent agent is removed; a HEARTBEAT is due
    get(
        h.master.operatorCall(
            new Call(
                Call.Type.TEARDOWN,
                null,
                null,
                null,
                null,
                null,
                null,
                new Call.Teardown(fw.id),
                null)));
    h.settle();

    List<Event> events = ops.events();
    assertThat(events.get(0).type()).isEqualTo(Event.Type.SUBSCRIBED);
    assertThat(events.get(0).subscribed().heartbeatIntervalSeconds()).isEqualTo(15.0);
    Set<Event.Type> seen = EnumSet.noneOf(Event.Type.class);
    events.forEach(e -> seen.add(e.type()));
    assertThat(seen).containsAll(EnumSet.range(Event.Type.SUBSCRIBED, Event.Type.HEARTBEAT));
    for (Event e : events) {
      ProtoOracle.check(MASTER_EVENT, MesosJson.writeString(e));
    }
    List<TaskState> taskStates = new ArrayList<>();
    events.stream()
        .filter(e -> e.type() == Event.Type.TASK_UPDATED)
        .forEach(e -> taskStates.add(e.taskUpdated().state()));
    assertThat(taskStates).containsExactly(TaskState.TASK_RUNNING, TaskState.TASK_KILLED);
    assertThat(ops.ofType(Event.Type.TASK_ADDED))
        .singleElement()
        .satisfies(e -> assertThat(e.taskAdded().task().state()).isEqualTo(TaskState.TASK_STAGING));
    assertThat(ops.ofType(Event.Type.AGENT_REMOVED))
        .singleElement()
        .satisfies(e -> assertThat(e.agentRemoved().agentId()).isEqualTo(silent.id));
    assertThat(ops.ofType(Event.Type.AGENT_ADDED))
        .hasSize(2)
        .allSatisfy(
            e ->
                assertThat(e.agentAdded().agent().allocatedResources())
                    .as("no allocations in events")
                    .isEmpty());
  }

  @Test
  void aClosedOperatorStreamHearsNothingMore() {
    RecordingOperatorStream ops = new RecordingOperatorStream();
    get(h.master.operatorSubscribe(ops));
    h.master.operatorStreamClosed(ops);
    h.settle();
    h.registerAgent("cpus:1;mem:128");
    assertThat(ops.events())
        .extracting(Event::type)
        .containsExactly(Event.Type.SUBSCRIBED, Event.Type.HEARTBEAT);
  }

  @Test
  void markAgentGoneEndsItsTasksAndTheAgentIsRefusedForever() {
    var agent = h.registerAgent("cpus:4;mem:1024");
    var aware = h.subscribe("aware", FrameworkInfo.Capability.Type.PARTITION_AWARE);
    h.allocate();
    Offer offer = aware.lastOffer();
    aware.launch(offer, task("t1", offer, 1, 128));
    agent.update(aware, "t1", TaskState.TASK_RUNNING);

    assertThat(call(agentCall(Call.Type.MARK_AGENT_GONE, agent.id)).status()).isEqualTo(200);

    TaskStatus gone = aware.lastUpdate();
    assertThat(gone.state()).isEqualTo(TaskState.TASK_GONE_BY_OPERATOR);
    assertThat(gone.reason()).isEqualTo(TaskStatus.Reason.REASON_AGENT_REMOVED_BY_OPERATOR);
    assertThat(gone.source()).isEqualTo(TaskStatus.Source.SOURCE_MASTER);
    assertThat(agent.channel.ofType(AgentEvent.Type.SHUTDOWN_FRAMEWORK)).hasSize(1);
    assertThat(agent.channel.ofType(AgentEvent.Type.ERROR)).hasSize(1);
    assertThat(agent.channel.closed()).isTrue();
    Registry.AgentState durable =
        get(h.master.inspect(s -> s.registry().current().agent(agent.id).orElseThrow().state()));
    assertThat(durable).isEqualTo(Registry.AgentState.GONE);
    AgentEntry.State inMemory = get(h.master.inspect(s -> s.agents().get(agent.id).state()));
    assertThat(inMemory).isEqualTo(AgentEntry.State.GONE);
    Response.GetAgents agents = ((Response) call(Call.of(Call.Type.GET_AGENTS)).body()).getAgents();
    assertThat(agents.agents()).isEmpty();

    assertThat(call(agentCall(Call.Type.MARK_AGENT_GONE, agent.id)).status())
        .as("idempotent")
        .isEqualTo(200);
    assertThat(reregister(h.master, agent).status()).isEqualTo(403);

    // A master that restarts on the same registry refuses it too.
    Master restarted =
        new Master(
            h.config,
            "m2",
            h.store,
            new io.mezzo.master.allocator.HierarchicalDrfAllocator(
                h.config.allocator(), new java.util.SplittableRandom(1)),
            h.timers);
    try {
      get(restarted.start());
      assertThat(reregister(restarted, agent).status()).isEqualTo(403);
    } finally {
      restarted.close();
    }
  }

  @Test
  void frameworksThatAreNotPartitionAwareSeeTaskLost() {
    var agent = h.registerAgent("cpus:4;mem:1024");
    var plain = h.subscribe("plain");
    h.allocate();
    Offer offer = plain.lastOffer();
    plain.launch(offer, task("t1", offer, 1, 128));
    call(agentCall(Call.Type.MARK_AGENT_GONE, agent.id));
    assertThat(plain.lastUpdate().state()).isEqualTo(TaskState.TASK_LOST);
    assertThat(plain.lastUpdate().reason())
        .isEqualTo(TaskStatus.Reason.REASON_AGENT_REMOVED_BY_OPERATOR);
  }

  private static CallResult reregister(Master master, MasterHarness.Ag agent) {
    return get(
        master.agentSubscribe(
            AgentCall.subscribe(
                new AgentCall.Register(agent.info, "http://127.0.0.1:5051", "test", null, null)),
            new RecordingAgentChannel()));
  }

  @Test
  void drainKillsTasksWithTheCappedGracePeriodThenTheAgentIsDrainedAndGone() {
    var agent = h.registerAgent("cpus:4;mem:1024");
    var fw = h.subscribe("fw", FrameworkInfo.Capability.Type.PARTITION_AWARE);
    h.allocate();
    Offer offer = fw.lastOffer();
    fw.launch(offer, task("t1", offer, 1, 128));
    agent.update(fw, "t1", TaskState.TASK_RUNNING);
    JsonNode grace = MesosJson.tree(java.util.Map.of("seconds", 2, "nanos", 500_000_000));

    assertThat(call(drain(agent.id, grace, true)).status()).isEqualTo(200);

    assertThat(agent.channel.ofType(AgentEvent.Type.KILL_TASK))
        .singleElement()
        .satisfies(
            k ->
                assertThat(k.killTask().killPolicy().gracePeriod().nanoseconds())
                    .isEqualTo(2_500_000_000L));
    assertThat(drainState(agent.id)).isEqualTo(io.mezzo.api.v1.DrainInfo.DrainState.DRAINING);
    assertThat(h.offerCount()).as("a draining agent is offered to nobody").isZero();
    Response.GetAgents draining =
        ((Response) call(Call.of(Call.Type.GET_AGENTS)).body()).getAgents();
    assertThat(draining.agents().get(0).deactivated()).isTrue();
    assertThat(draining.agents().get(0).drainInfo().config().markGone()).isTrue();
    ProtoOracle.check(MASTER_RESPONSE, MesosJson.writeString(Response.agents(draining)));

    agent.update(fw, "t1", TaskState.TASK_KILLED);
    h.settle();

    Registry.AgentState durable =
        get(h.master.inspect(s -> s.registry().current().agent(agent.id).orElseThrow().state()));
    assertThat(durable).as("drained with mark_gone: gone").isEqualTo(Registry.AgentState.GONE);
  }

  @Test
  void aDrainingAgentThatWasAwayGetsTheKillsRightAfterItIsRegistered() {
    var agent = h.registerAgent("cpus:4;mem:1024");
    var fw = h.subscribe("fw", FrameworkInfo.Capability.Type.PARTITION_AWARE);
    h.allocate();
    Offer offer = fw.lastOffer();
    fw.launch(offer, task("t1", offer, 1, 128));
    agent.update(fw, "t1", TaskState.TASK_RUNNING);
    h.master.agentStreamClosed(agent.channel);
    h.settle();

    assertThat(call(drain(agent.id, null, false)).status()).isEqualTo(200);
    assertThat(agent.channel.ofType(AgentEvent.Type.KILL_TASK))
        .as("not connected: nothing sent yet")
        .isEmpty();

    RecordingAgentChannel back = new RecordingAgentChannel();
    CallResult r =
        get(
            h.master.agentSubscribe(
                AgentCall.subscribe(
                    new AgentCall.Register(
                        agent.info,
                        "http://127.0.0.1:5051",
                        "test",
                        List.of(fw.info.withId(fw.id)),
                        List.of(
                            new AgentCall.RunningTask(
                                fw.id, agent.launched().get(0), TaskState.TASK_RUNNING, null)))),
                back));
    h.settle();

    assertThat(r.status()).isEqualTo(200);
    assertThat(back.events())
        .extracting(AgentEvent::type)
        .containsSubsequence(AgentEvent.Type.REGISTERED, AgentEvent.Type.KILL_TASK);
    assertThat(h.offerCount()).as("still draining: no offers").isZero();
  }

  @Test
  void drainOfAnIdleAgentIsDrainedAtOnceAndReactivationEndsIt() {
    var agent = h.registerAgent("cpus:4;mem:1024");
    assertThat(call(drain(agent.id, null, false)).status()).isEqualTo(200);
    assertThat(drainState(agent.id)).isEqualTo(io.mezzo.api.v1.DrainInfo.DrainState.DRAINED);

    assertThat(call(agentCall(Call.Type.REACTIVATE_AGENT, agent.id)).status()).isEqualTo(200);
    assertThat(drainState(agent.id)).isNull();
    var fw = h.subscribe("fw");
    h.allocate();
    assertThat(fw.offers()).isNotEmpty();
  }

  @Test
  void aMalformedGracePeriodIs400() {
    var agent = h.registerAgent("cpus:4;mem:1024");
    CallResult r = call(drain(agent.id, MesosJson.tree("soon"), false));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.message()).contains("max_grace_period");
  }

  private io.mezzo.api.v1.DrainInfo.DrainState drainState(AgentId id) {
    return get(h.master.inspect(s -> s.registry().current().agentControl(id).drainState()));
  }

  @Test
  void deactivationStopsOffersDurablyAndReactivationResumesThem() {
    var agent = h.registerAgent("cpus:4;mem:1024");
    var fw = h.subscribe("fw");
    h.allocate();
    assertThat(fw.offers()).hasSize(1);

    assertThat(call(agentCall(Call.Type.DEACTIVATE_AGENT, agent.id)).status()).isEqualTo(200);
    assertThat(fw.stream.ofType(io.mezzo.api.v1.scheduler.Event.Type.RESCIND)).hasSize(1);
    h.advance(Duration.ofSeconds(2));
    assertThat(h.offerCount()).isZero();
    boolean stopped =
        get(h.master.inspect(s -> s.registry().current().agentControl(agent.id).stopsOffers()));
    assertThat(stopped).isTrue();

    assertThat(call(agentCall(Call.Type.REACTIVATE_AGENT, agent.id)).status()).isEqualTo(200);
    h.allocate();
    assertThat(h.offerCount()).isEqualTo(1);
  }

  @Test
  void operatorTeardownRemovesTheFrameworkAndUnknownOnesAre400() {
    var agent = h.registerAgent("cpus:4;mem:1024");
    var fw = h.subscribe("fw");
    h.allocate();
    Offer offer = fw.lastOffer();
    fw.launch(offer, task("t1", offer, 1, 128));

    CallResult r =
        call(
            new Call(
                Call.Type.TEARDOWN,
                null,
                null,
                null,
                null,
                null,
                null,
                new Call.Teardown(fw.id),
                null));

    assertThat(r.status()).isEqualTo(200);
    assertThat(agent.channel.ofType(AgentEvent.Type.SHUTDOWN_FRAMEWORK)).hasSize(1);
    boolean known = get(h.master.inspect(s -> s.frameworks().containsKey(fw.id)));
    assertThat(known).isFalse();
    CallResult unknown =
        call(
            new Call(
                Call.Type.TEARDOWN,
                null,
                null,
                null,
                null,
                null,
                null,
                new Call.Teardown(new FrameworkId("nope")),
                null));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.message()).contains("nope");
  }

  @Test
  void callsForUnknownAgentsAre400WithAReason() {
    for (Call.Type type :
        List.of(
            Call.Type.MARK_AGENT_GONE, Call.Type.DEACTIVATE_AGENT, Call.Type.REACTIVATE_AGENT)) {
      CallResult r = call(agentCall(type, new AgentId("nope")));
      assertThat(r.status()).as(type.name()).isEqualTo(400);
      assertThat(r.message()).contains("nope");
    }
    assertThat(call(drain(new AgentId("nope"), null, false)).status()).isEqualTo(400);
  }

  @Test
  void unknownAndUnsupportedCallTypesSayWhy() {
    CallResult noType = call(Call.of(null));
    assertThat(noType.status()).isEqualTo(400);
    assertThat(noType.message()).contains("type");
    CallResult unknown = call(Call.of(Call.Type.UNKNOWN));
    assertThat(unknown.status()).isEqualTo(501);
    assertThat(unknown.message()).contains("unknown call type");
  }

  @Test
  void observersHearChangesAndOneThatThrowsBreaksNothing() {
    List<String> heard = new ArrayList<>();
    get(
        h.master.addObserver(
            new MasterObserver() {
              @Override
              public void agentAdded(AgentEntry agent) {
                throw new IllegalStateException("a broken observer");
              }
            }));
    MasterObserver recording =
        new MasterObserver() {
          @Override
          public void agentAdded(AgentEntry agent) {
            heard.add("agent " + agent.id());
          }

          @Override
          public void taskAdded(TaskEntry task) {
            heard.add("task " + task.taskId());
          }

          @Override
          public void taskUpdated(TaskEntry task, TaskStatus status) {
            heard.add("update " + task.taskId() + " " + status.state());
          }
        };
    get(h.master.addObserver(recording));
    var agent = h.registerAgent("cpus:4;mem:1024");
    var fw = h.subscribe("fw");
    h.allocate();
    Offer offer = fw.lastOffer();
    fw.launch(offer, task("t1", offer, 1, 128));
    agent.update(fw, "t1", TaskState.TASK_RUNNING);
    agent.update(fw, "t1", TaskState.TASK_RUNNING); // no state change, nothing to hear
    get(h.master.removeObserver(recording));
    agent.update(fw, "t1", TaskState.TASK_FINISHED);

    assertThat(heard).containsExactly("agent " + agent.id, "task t1", "update t1 TASK_RUNNING");
  }
}
