package io.mezzo.master;

import static io.mezzo.master.MasterHarness.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.AgentInfo;
import io.mezzo.api.v1.CommandInfo;
import io.mezzo.api.v1.ContainerInfo;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.MesosJson;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.OfferId;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.ResourceMapping;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.api.v1.Value;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.api.v1.scheduler.Event;
import io.mezzo.core.resources.Resources;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every malformed or hostile call gets a clear error or the Mesos-defined task state, and changes
 * nothing.
 */
class BadInputTest {
  private final MasterHarness h = new MasterHarness();

  @AfterEach
  void stop() {
    h.close();
  }

  private MasterHarness.Fw withOffer() {
    h.registerAgent("cpus:2;mem:512");
    var fw = h.subscribe("fw");
    h.allocate();
    return fw;
  }

  private int outstandingOffers() {
    return MasterHarness.get(h.master.inspect(s -> s.offers().size()));
  }

  @Test
  void unknownOfferEndsTasksLostWithInvalidOffers() {
    var fw = withOffer();
    Offer real = fw.lastOffer();
    Offer fake =
        new Offer(
            new OfferId("nope"), fw.id, real.agentId(), null, null, null, List.of(), null, null);
    assertThat(fw.launch(fake, task("t1", real, 0.1, 32)).status()).isEqualTo(202);
    TaskStatus s = fw.lastUpdate();
    assertThat(s.state()).isEqualTo(TaskState.TASK_LOST);
    assertThat(s.reason()).isEqualTo(TaskStatus.Reason.REASON_INVALID_OFFERS);
    assertThat(s.message()).contains("nope");
    assertThat(outstandingOffers()).isEqualTo(1); // the real offer is untouched
  }

  @Test
  void partitionAwareFrameworkSeesDroppedForInvalidOffers() {
    h.registerAgent("cpus:2;mem:512");
    var fw = h.subscribe("fw", FrameworkInfo.Capability.Type.PARTITION_AWARE);
    h.allocate();
    Offer real = fw.lastOffer();
    Offer fake =
        new Offer(
            new OfferId("gone"), fw.id, real.agentId(), null, null, null, List.of(), null, null);
    fw.launch(fake, task("t1", real, 0.1, 32));
    assertThat(fw.lastUpdate().state()).isEqualTo(TaskState.TASK_DROPPED);
  }

  @Test
  void offerOfAnotherFrameworkCannotBeUsed() {
    var owner = withOffer();
    Offer offer = owner.lastOffer();
    var thief = h.subscribe("thief");
    thief.launch(offer, task("stolen", offer, 0.1, 32));
    TaskStatus s = thief.lastUpdate();
    assertThat(s.state()).isEqualTo(TaskState.TASK_LOST);
    assertThat(s.message()).contains("belongs to another framework");
    assertThat(h.registerAgentCount()).isEqualTo(1);
    boolean stillThere =
        MasterHarness.get(h.master.inspect(st -> st.offers().containsKey(offer.id())));
    assertThat(stillThere).isTrue();
  }

  @Test
  void taskUsingMoreThanOfferedEndsTaskError() {
    var fw = withOffer();
    Offer offer = fw.lastOffer();
    fw.launch(offer, task("big", offer, 3, 32));
    TaskStatus s = fw.lastUpdate();
    assertThat(s.state()).isEqualTo(TaskState.TASK_ERROR);
    assertThat(s.reason()).isEqualTo(TaskStatus.Reason.REASON_TASK_INVALID);
    assertThat(s.message()).contains("more resources");
  }

  @Test
  void aTaskWithAFieldMezzoDoesNotHonourIsRefusedAndItsResourcesComeBack() {
    var agent = h.registerAgent("cpus:2;mem:512");
    var fw = h.subscribe("fw");
    h.allocate();
    Offer offer = fw.lastOffer();
    TaskInfo plain = task("tty", offer, 1, 64);
    TaskInfo tty =
        new TaskInfo(
            plain.name(),
            plain.taskId(),
            plain.agentId(),
            plain.resources(),
            null,
            plain.command(),
            new ContainerInfo(
                ContainerInfo.Type.MESOS,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                MesosJson.read(
                    "{\"window_size\": {\"rows\": 24, \"columns\": 80}}", JsonNode.class)),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    fw.launch(offer, tty);
    TaskStatus s = fw.lastUpdate();
    assertThat(s.state()).isEqualTo(TaskState.TASK_ERROR);
    assertThat(s.reason()).isEqualTo(TaskStatus.Reason.REASON_TASK_INVALID);
    assertThat(s.message())
        .isEqualTo("container.tty_info is not supported by Mezzo: containers get no terminal");
    assertThat(agent.launched()).isEmpty();
    // The unused offer is filtered for Mesos's default 5 s, then offered again whole.
    h.advance(Duration.ofSeconds(6));
    h.allocate();
    Offer again = fw.lastOffer();
    assertThat(again.id()).isNotEqualTo(offer.id());
    assertThat(ResourceMapping.toCore(again.resources()))
        .isEqualTo(Resources.parse("cpus:2;mem:512"));
  }

  @Test
  void duplicateTaskIdInOneAcceptEndsTheSecondTaskError() {
    var fw = withOffer();
    Offer offer = fw.lastOffer();
    fw.launch(offer, task("dup", offer, 0.5, 32), task("dup", offer, 0.5, 32));
    List<TaskStatus> updates = fw.updates();
    assertThat(updates).hasSize(1);
    assertThat(updates.get(0).state()).isEqualTo(TaskState.TASK_ERROR);
    assertThat(updates.get(0).message()).contains("duplicate ID");
  }

  @Test
  void negativeAndNanResourcesEndTaskError() {
    var fw = withOffer();
    Offer offer = fw.lastOffer();
    TaskInfo negative =
        new TaskInfo(
            "n",
            new TaskId("neg"),
            offer.agentId(),
            List.of(Resource.scalar("cpus", -1)),
            null,
            CommandInfo.shell("true"),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    TaskInfo nan =
        new TaskInfo(
            "n",
            new TaskId("nan"),
            offer.agentId(),
            List.of(
                new Resource(
                    "mem",
                    Value.Type.SCALAR,
                    new Value.Scalar(Double.NaN),
                    null,
                    null,
                    null,
                    null,
                    null)),
            null,
            CommandInfo.shell("true"),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    fw.launch(offer, negative, nan);
    assertThat(fw.updates())
        .extracting(TaskStatus::state)
        .containsExactly(TaskState.TASK_ERROR, TaskState.TASK_ERROR);
    assertThat(fw.updates())
        .allSatisfy(s -> assertThat(s.message()).contains("finite non-negative"));
  }

  @Test
  void executorWithoutCommandIsRejectedWithReason() {
    var fw = withOffer();
    Offer offer = fw.lastOffer();
    TaskInfo t =
        new TaskInfo(
            "x",
            new TaskId("x"),
            offer.agentId(),
            List.of(Resource.scalar("cpus", 0.1)),
            new io.mezzo.api.v1.ExecutorInfo(
                null,
                io.mezzo.api.v1.ExecutorId.of("e"),
                null,
                null,
                null,
                null,
                "my-executor",
                null),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    fw.launch(offer, t);
    assertThat(fw.lastUpdate().state()).isEqualTo(TaskState.TASK_ERROR);
    assertThat(fw.lastUpdate().message()).contains("Executor 'e'").contains("needs 'command'");
  }

  @Test
  void unsupportedOperationIsRefusedWith400AndOffersStay() {
    var fw = withOffer();
    Offer offer = fw.lastOffer();
    Call.Operation create =
        new Call.Operation(
            Call.Operation.Type.CREATE_DISK, null, null, null, null, null, null, null, null, null);
    CallResult r = fw.call(Call.accept(fw.id, List.of(offer.id()), List.of(create)));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.message()).contains("CREATE_DISK");
    assertThat(outstandingOffers()).isEqualTo(1);
  }

  @Test
  void callsWithWrongOrMissingStreamIdAreRefused() {
    var fw = h.subscribe("fw");
    Call teardown = Call.of(Call.Type.TEARDOWN, fw.id);
    assertThat(MasterHarness.get(h.master.call(teardown, null)).status()).isEqualTo(400);
    CallResult wrong = MasterHarness.get(h.master.call(teardown, "not-the-stream"));
    assertThat(wrong.status()).isEqualTo(400);
    assertThat(wrong.message()).contains("didn't match");
    boolean known = MasterHarness.get(h.master.inspect(s -> s.frameworks().containsKey(fw.id)));
    assertThat(known).isTrue();
  }

  @Test
  void unknownFrameworkIs400AndDisconnectedFrameworkIs403() {
    CallResult unknown =
        MasterHarness.get(h.master.call(Call.of(Call.Type.TEARDOWN, new FrameworkId("x")), "s"));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.message()).isEqualTo("Framework cannot be found");
    FrameworkInfo info =
        FrameworkInfo.builder()
            .user("root")
            .name("fo")
            .failoverTimeout(60.0)
            .checkpoint(false)
            .build();
    var fw = h.subscribe(info);
    h.master.streamClosed(fw.stream);
    h.settle();
    CallResult r =
        MasterHarness.get(h.master.call(Call.of(Call.Type.TEARDOWN, fw.id), fw.stream.id()));
    assertThat(r.status()).isEqualTo(403);
  }

  @Test
  void unknownCallTypeIs501ForASubscribedFrameworkAndMissingTypeIs400() {
    var fw = h.subscribe("fw");
    assertThat(fw.call(Call.of(Call.Type.UNKNOWN, fw.id)).status()).isEqualTo(501);
    assertThat(MasterHarness.get(h.master.call(Call.of(null, new FrameworkId("f")), "s")).status())
        .isEqualTo(400);
  }

  @Test
  void unknownCallTypeIsCheckedAfterTheFrameworkAsInMesos() {
    // Mesos validates framework_id first and answers 501 only once framework and stream are known.
    CallResult bare = MasterHarness.get(h.master.call(Call.of(Call.Type.UNKNOWN, null), null));
    assertThat(bare.status()).isEqualTo(400);
    assertThat(bare.message()).contains("framework_id");
    CallResult unknownFramework =
        MasterHarness.get(h.master.call(Call.of(Call.Type.UNKNOWN, new FrameworkId("f")), "s"));
    assertThat(unknownFramework.status()).isEqualTo(400);
    assertThat(unknownFramework.message()).isEqualTo("Framework cannot be found");
  }

  @Test
  void acknowledgeWithBadUuidIs400() {
    var fw = withOffer();
    Offer offer = fw.lastOffer();
    CallResult r =
        fw.call(
            Call.acknowledge(
                fw.id, new Call.Acknowledge(offer.agentId(), new TaskId("t"), "not base64!")));
    assertThat(r.status()).isEqualTo(400);
    CallResult shortUuid =
        fw.call(
            Call.acknowledge(
                fw.id, new Call.Acknowledge(offer.agentId(), new TaskId("t"), "AAAA")));
    assertThat(shortUuid.message()).contains("16 bytes");
  }

  @Test
  void invalidRoleIsReportedOnTheStream() {
    FrameworkInfo info = FrameworkInfo.builder().user("root").name("r").role("bad role").build();
    var fw = h.new Fw(info);
    Call call = Call.subscribe(null, new Call.Subscribe(info, null));
    assertThat(MasterHarness.get(h.master.subscribe(call, fw.stream)).status()).isEqualTo(200);
    assertThat(fw.stream.ofType(Event.Type.ERROR).get(0).error().message()).contains("whitespace");
    assertThat(fw.stream.closed()).isTrue();
    int frameworks = MasterHarness.get(h.master.inspect(s -> s.frameworks().size()));
    assertThat(frameworks).isZero();
  }

  @Test
  void subscribeWithoutUserIs400() {
    FrameworkInfo info = FrameworkInfo.builder().name("r").build();
    Call call = Call.subscribe(null, new Call.Subscribe(info, null));
    CallResult r = MasterHarness.get(h.master.subscribe(call, new RecordingFrameworkStream()));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.message()).contains("user");
  }

  @Test
  void agentWithNegativeResourcesIsRefused() {
    AgentInfo info = new AgentInfo("h", 5051, List.of(Resource.scalar("cpus", -4)), null, null);
    var channel = new RecordingAgentChannel();
    CallResult r =
        MasterHarness.get(
            h.master.agentSubscribe(
                AgentCall.subscribe(new AgentCall.Register(info, null, "t", null, null)), channel));
    assertThat(r.status()).isEqualTo(400);
    assertThat(channel.ofType(AgentEvent.Type.REGISTERED)).isEmpty();
    int agents = MasterHarness.get(h.master.inspect(s -> s.agents().size()));
    assertThat(agents).isZero();
  }

  @Test
  void statusUpdateFromUnknownAgentIs400() {
    var fw = h.subscribe("fw");
    CallResult r =
        MasterHarness.get(
            h.master.agentCall(
                AgentCall.statusUpdate(
                    new io.mezzo.api.v1.AgentId("ghost"),
                    fw.id,
                    TaskStatus.builder(new TaskId("t"), TaskState.TASK_RUNNING).build())));
    assertThat(r.status()).isEqualTo(400);
    assertThat(fw.updates()).isEmpty();
  }

  // ---- found by HostileInputIT --------------------------------------------------------------

  private int frameworkCount() {
    return MasterHarness.get(h.master.inspect(s -> s.frameworks().size()));
  }

  private String refusedOnTheStream(FrameworkInfo info) {
    var fw = h.new Fw(info);
    Call call = Call.subscribe(info);
    assertThat(MasterHarness.get(h.master.subscribe(call, fw.stream)).status()).isEqualTo(200);
    assertThat(fw.stream.closed()).isTrue();
    assertThat(fw.stream.ofType(Event.Type.SUBSCRIBED)).isEmpty();
    return fw.stream.ofType(Event.Type.ERROR).get(0).error().message();
  }

  @Test
  void aFrameworkIdThatIsNoIdIsRefusedOnTheStream() {
    // It would become a directory on every agent that runs the framework's tasks.
    for (String id : new String[] {"a/b", "..", " ", "x".repeat(256)}) {
      FrameworkInfo info =
          FrameworkInfo.builder().user("root").name("n").id(new FrameworkId(id)).build();
      assertThat(refusedOnTheStream(info)).contains("'FrameworkInfo.id' is invalid");
    }
    assertThat(frameworkCount()).isZero();
  }

  @Test
  void aFailoverTimeoutNoDurationHoldsIsRefusedOnTheStream() {
    // Accepted, it overflowed the timer when the stream closed: the framework stayed "connected" to
    // a
    // dead stream and kept the offers it held.
    for (double timeout : new double[] {1e300, Double.POSITIVE_INFINITY, 1e10}) {
      FrameworkInfo info =
          FrameworkInfo.builder().user("root").name("n").failoverTimeout(timeout).build();
      assertThat(refusedOnTheStream(info)).contains("failover_timeout");
    }
    assertThat(frameworkCount()).isZero();
  }

  @Test
  void aFrameworkWithTheLongestFailoverTimeoutDisconnectsAndReturnsItsOffers() {
    h.registerAgent("cpus:2;mem:512");
    FrameworkInfo info =
        FrameworkInfo.builder()
            .user("root")
            .name("patient")
            .failoverTimeout(Long.MAX_VALUE / 1e9)
            .build();
    var fw = h.subscribe(info);
    h.allocate();
    assertThat(outstandingOffers()).isEqualTo(1);
    h.master.streamClosed(fw.stream);
    h.settle();
    assertThat(outstandingOffers()).isZero();
    boolean connected =
        MasterHarness.get(h.master.inspect(s -> s.frameworks().get(fw.id).connected()));
    assertThat(connected).isFalse();
  }

  @Test
  void aMultiRoleFrameworkWithoutRolesIsRefusedAndUpdatingToNoRolesChangesNothing() {
    // The allocator needs a role; it threw after the registry was written, and the call answered
    // 500.
    List<FrameworkInfo.Capability> multiRole =
        List.of(new FrameworkInfo.Capability(FrameworkInfo.Capability.Type.MULTI_ROLE));
    assertThat(
            refusedOnTheStream(
                FrameworkInfo.builder()
                    .user("root")
                    .name("n")
                    .roles(List.of())
                    .capabilities(multiRole)
                    .build()))
        .contains("at least one role");

    var fw =
        h.subscribe(
            FrameworkInfo.builder()
                .user("root")
                .name("n")
                .roles(List.of("*"))
                .capabilities(multiRole)
                .build());
    FrameworkInfo noRoles =
        FrameworkInfo.builder()
            .user("root")
            .name("n")
            .id(fw.id)
            .roles(List.of())
            .capabilities(multiRole)
            .build();
    CallResult r = fw.call(Call.updateFramework(fw.id, new Call.UpdateFramework(noRoles, null)));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.message()).contains("at least one role");
    List<String> roles =
        MasterHarness.get(h.master.inspect(s -> s.frameworks().get(fw.id).info().roles()));
    assertThat(roles).containsExactly("*");
    List<String> durable =
        MasterHarness.get(
            h.master.inspect(
                s -> s.registry().current().framework(fw.id).orElseThrow().info().roles()));
    assertThat(durable).containsExactly("*");
  }

  @Test
  void reRegistrationUnderAnIdThatIsNoIdAdmitsNoAgent() {
    for (String id : new String[] {"", "a/b", ".."}) {
      AgentInfo info =
          new AgentInfo(
              "h",
              5051,
              List.of(Resource.scalar("cpus", 1)),
              null,
              new io.mezzo.api.v1.AgentId(id));
      CallResult r =
          MasterHarness.get(
              h.master.agentSubscribe(
                  AgentCall.subscribe(new AgentCall.Register(info, null, "t", null, null)),
                  new RecordingAgentChannel()));
      assertThat(r.status()).as(id).isEqualTo(400);
      assertThat(r.message()).contains("'register.agent_info.id' is invalid");
    }
    assertThat(h.registerAgentCount()).isZero();
    int admitted = MasterHarness.get(h.master.inspect(s -> s.registry().current().agents().size()));
    assertThat(admitted).isZero();
  }

  @Test
  void anUpdateFrameworksCouldNotAcknowledgeIsRefusedAndNotForwarded() {
    var agent = h.registerAgent("cpus:2;mem:512");
    var fw = h.subscribe("fw");
    for (TaskStatus status :
        new TaskStatus[] {
          TaskStatus.builder(new TaskId("t"), TaskState.TASK_RUNNING)
              .agentId(agent.id)
              .uuid("AAAA")
              .build(),
          TaskStatus.builder(new TaskId("t"), TaskState.TASK_RUNNING)
              .agentId(agent.id)
              .uuid("not base64!")
              .build(),
          TaskStatus.builder(new TaskId("t"), TaskState.TASK_RUNNING)
              .agentId(new io.mezzo.api.v1.AgentId("other"))
              .build()
        }) {
      CallResult r =
          MasterHarness.get(h.master.agentCall(AgentCall.statusUpdate(agent.id, fw.id, status)));
      assertThat(r.status()).isEqualTo(400);
    }
    h.settle();
    assertThat(fw.updates()).isEmpty();
  }

  @Test
  void anUpdateWithoutAgentIdReachesTheFrameworkWithTheSendersId() {
    var agent = h.registerAgent("cpus:2;mem:512");
    var fw = h.subscribe("fw");
    fw.launch(fw.lastOffer(), MasterHarness.task("t", fw.lastOffer(), 1, 128));
    TaskStatus status = TaskStatus.builder(new TaskId("t"), TaskState.TASK_RUNNING).build();
    assertThat(
            MasterHarness.get(h.master.agentCall(AgentCall.statusUpdate(agent.id, fw.id, status)))
                .status())
        .isEqualTo(202);
    h.settle();
    assertThat(fw.lastUpdate().agentId()).isEqualTo(agent.id);
  }
}
