package io.mezzo.master;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.CommandInfo;
import io.mezzo.api.v1.Filters;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.ResourceMapping;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.Value;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.core.resources.Resources;
import io.mezzo.master.registry.Registry;
import io.mezzo.master.state.InMemoryStateStore;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RESERVE and UNRESERVE in ACCEPT, through the whole offer loop of an in-process master. */
class ReservationOfferTest {
  private final InMemoryStateStore store = new InMemoryStateStore();
  private MasterHarness h = new MasterHarness(store);

  @AfterEach
  void close() {
    h.close();
  }

  private MasterHarness.Fw framework(String name, String role, String principal) {
    return h.subscribe(
        FrameworkInfo.builder()
            .user("root")
            .name(name)
            .role(role)
            .principal(principal)
            .failoverTimeout(0.0)
            .checkpoint(false)
            .build());
  }

  /** Old-format (pre-refinement) reserved scalar, as a framework without the capability sends. */
  static Resource reserved(String name, double value, String role, String principal) {
    return new Resource(
        name,
        Value.Type.SCALAR,
        new Value.Scalar(value),
        null,
        null,
        role,
        null,
        null,
        new Resource.ReservationInfo(null, null, principal, null),
        null,
        null,
        null,
        null);
  }

  private static CallResult accept(MasterHarness.Fw fw, Offer offer, Call.Operation... ops) {
    return fw.call(
        Call.accept(fw.id, new Call.Accept(List.of(offer.id()), List.of(ops), new Filters(0.0))));
  }

  private static TaskInfo task(String id, Offer offer, List<Resource> resources) {
    return new TaskInfo(
        id,
        new TaskId(id),
        offer.agentId(),
        resources,
        null,
        CommandInfo.shell("echo " + id),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  private static Resources offered(Offer offer) {
    return ResourceMapping.toCore(offer.resources());
  }

  @Test
  void reservedResourcesAreOfferedOnlyToTheirRoleAndComeBackAfterUnreserve() {
    MasterHarness.Fw eng = framework("eng-fw", "eng", "alice");
    MasterHarness.Ag agent = h.registerAgent("cpus:4;mem:1024");
    Offer first = eng.lastOffer();
    List<Resource> toReserve =
        List.of(reserved("cpus", 1, "eng", "alice"), reserved("mem", 256, "eng", "alice"));
    CallResult r = accept(eng, first, Call.Operation.reserve(toReserve));
    assertThat(r.isSuccess()).isTrue();
    Resources reserved = ResourceMapping.toCore(toReserve);

    // The agent is told, and the registry keeps the reservation with the agent.
    List<AgentEvent> checkpoints = agent.channel.ofType(AgentEvent.Type.CHECKPOINT_RESOURCES);
    assertThat(
            ResourceMapping.toCore(
                checkpoints.get(checkpoints.size() - 1).checkpointResources().resources()))
        .isEqualTo(reserved);
    Registry.AdmittedAgent admitted =
        MasterHarness.get(h.master.inspect(s -> s.registry().current().agent(agent.id).get()));
    assertThat(ResourceMapping.toCore(admitted.checkpointedResources())).isEqualTo(reserved);

    h.allocate();
    Offer again = eng.lastOffer();
    assertThat(again.id()).isNotEqualTo(first.id());
    assertThat(offered(again).reservedTo("eng")).isEqualTo(reserved);
    assertThat(offered(again).unreserved()).isEqualTo(Resources.parse("cpus:3;mem:768"));
    // The old format is what a framework without RESERVATION_REFINEMENT reads.
    assertThat(again.resources().stream().filter(x -> "eng".equals(x.role())))
        .allSatisfy(x -> assertThat(x.reservation().principal()).isEqualTo("alice"));

    // Another role is offered only the unreserved rest.
    eng.call(Call.of(Call.Type.SUPPRESS, eng.id));
    accept(eng, again); // declines everything, no filter
    MasterHarness.Fw ops = framework("ops-fw", "ops", null);
    h.allocate();
    assertThat(offered(ops.lastOffer())).isEqualTo(Resources.parse("cpus:3;mem:768"));
    ops.call(Call.of(Call.Type.SUPPRESS, ops.id));
    accept(ops, ops.lastOffer());

    eng.call(Call.of(Call.Type.REVIVE, eng.id));
    h.allocate();
    Offer withReserved = eng.lastOffer();
    assertThat(offered(withReserved).reservedTo("eng")).isEqualTo(reserved);
    accept(eng, withReserved, Call.Operation.unreserve(toReserve));
    h.allocate();
    assertThat(offered(eng.lastOffer())).isEqualTo(Resources.parse("cpus:4;mem:1024"));
    List<AgentEvent> after = agent.channel.ofType(AgentEvent.Type.CHECKPOINT_RESOURCES);
    assertThat(after.get(after.size() - 1).checkpointResources().resources()).isEmpty();
  }

  @Test
  void aTaskLaunchedInTheSameAcceptRunsOnTheReservation() {
    MasterHarness.Fw eng = framework("eng-fw", "eng", "alice");
    MasterHarness.Ag agent = h.registerAgent("cpus:2;mem:512");
    Offer offer = eng.lastOffer();
    List<Resource> toReserve =
        List.of(reserved("cpus", 1, "eng", "alice"), reserved("mem", 128, "eng", "alice"));
    TaskInfo task = task("t1", offer, toReserve);
    accept(eng, offer, Call.Operation.reserve(toReserve), Call.Operation.launch(List.of(task)));
    assertThat(agent.launched()).extracting(t -> t.taskId().value()).containsExactly("t1");
  }

  @Test
  void invalidReservationsAreDroppedAndTheirLaunchesFail() {
    MasterHarness.Fw eng = framework("eng-fw", "eng", "alice");
    h.registerAgent("cpus:2;mem:512");
    Offer offer = eng.lastOffer();
    // Another role, another principal, more than offered: each dropped.
    List<List<Resource>> bad =
        List.of(
            List.of(reserved("cpus", 1, "ops", "alice")),
            List.of(reserved("cpus", 1, "eng", "mallory")),
            List.of(reserved("cpus", 3, "eng", "alice")));
    for (List<Resource> reserve : bad) {
      accept(eng, offer, Call.Operation.reserve(reserve));
      h.allocate();
      offer = eng.lastOffer();
      assertThat(offered(offer)).isEqualTo(Resources.parse("cpus:2;mem:512"));
    }
    List<Resource> toReserve = List.of(reserved("cpus", 3, "eng", "alice"));
    TaskInfo task = task("t1", offer, toReserve);
    accept(eng, offer, Call.Operation.reserve(toReserve), Call.Operation.launch(List.of(task)));
    assertThat(eng.lastUpdate().state()).isEqualTo(TaskState.TASK_ERROR);
    // Unreserving what is not reserved is dropped too.
    h.allocate();
    accept(
        eng,
        eng.lastOffer(),
        Call.Operation.unreserve(List.of(reserved("cpus", 1, "eng", "alice"))));
    h.allocate();
    assertThat(offered(eng.lastOffer())).isEqualTo(Resources.parse("cpus:2;mem:512"));
  }

  @Test
  void reservationsSurviveAMasterRestartThroughTheRegistry() {
    MasterHarness.Fw eng = framework("eng-fw", "eng", "alice");
    MasterHarness.Ag agent = h.registerAgent("cpus:4;mem:1024");
    List<Resource> toReserve = List.of(reserved("cpus", 2, "eng", "alice"));
    accept(eng, eng.lastOffer(), Call.Operation.reserve(toReserve));
    h.close();
    h = new MasterHarness(store);
    RecordingAgentChannel channel = new RecordingAgentChannel();
    // It re-registers reporting no checkpoint: the registry's view wins and is sent to it.
    CallResult r =
        MasterHarness.get(
            h.master.agentSubscribe(
                AgentCall.subscribe(
                    new AgentCall.Register(
                        agent.info, "http://127.0.0.1:5051", "test", null, null, null, null, null)),
                channel));
    assertThat(r.isSuccess()).as(r.toString()).isTrue();
    h.settle();
    List<AgentEvent> checkpoints = channel.ofType(AgentEvent.Type.CHECKPOINT_RESOURCES);
    assertThat(ResourceMapping.toCore(checkpoints.get(0).checkpointResources().resources()))
        .isEqualTo(ResourceMapping.toCore(toReserve));
    MasterHarness.Fw again = framework("eng-fw2", "eng", "alice");
    assertThat(offered(again.lastOffer()).reservedTo("eng"))
        .isEqualTo(ResourceMapping.toCore(toReserve));
  }
}
