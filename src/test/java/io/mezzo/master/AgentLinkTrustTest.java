package io.mezzo.master;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.master.agents.AgentSecrets;
import io.mezzo.master.registry.TaskEntry;
import io.mezzo.security.Caller;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The agent link is a trust boundary: an agent speaks only for the tasks the master sent it. These
 * are the forged calls issue 12 saw accepted, each refused without touching the victim's task.
 */
class AgentLinkTrustTest {
  private final MasterHarness h = new MasterHarness();

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void anUpdateForATaskOnAnotherAgentIsRefusedAndChangesNothing() {
    var real = h.registerAgent("cpus:2;mem:512");
    var fw = h.subscribe("fw");
    var offer = fw.lastOffer();
    fw.launch(offer, MasterHarness.task("db", offer, 1, 128));
    real.update(fw, "db", TaskState.TASK_RUNNING);
    int updatesBefore = fw.updates().size();
    var rogue = h.registerAgent("cpus:64;mem:65536");

    TaskStatus forged =
        TaskStatus.builder(new TaskId("db"), TaskState.TASK_FINISHED).agentId(rogue.id).build();
    CallResult r =
        MasterHarness.get(h.master.agentCall(AgentCall.statusUpdate(rogue.id, fw.id, forged)));
    h.settle();

    assertThat(r.status()).isEqualTo(403);
    assertThat(r.message()).contains("'db'").contains("was not sent to agent " + rogue.id.value());
    assertThat(fw.updates()).hasSize(updatesBefore);
    TaskState state =
        MasterHarness.get(
            h.master.inspect(
                s ->
                    s.framework(fw.id)
                        .orElseThrow()
                        .tasks()
                        .get(new TaskEntry.TaskKey(fw.id, new TaskId("db")))
                        .state()));
    assertThat(state).isEqualTo(TaskState.TASK_RUNNING);
  }

  @Test
  void aLateCopyOfAnUpdateForATaskThatEndedIsAcknowledgedByTheMasterNotForwarded() {
    var agent = h.registerAgent("cpus:2;mem:512");
    var fw = h.subscribe("fw");
    var offer = fw.lastOffer();
    fw.launch(offer, MasterHarness.task("t", offer, 1, 128));
    agent.update(fw, "t", TaskState.TASK_RUNNING);
    fw.acknowledge(fw.lastUpdate());
    String uuid = agent.update(fw, "t", TaskState.TASK_FINISHED);
    fw.acknowledge(fw.lastUpdate());
    int updatesBefore = fw.updates().size();
    int acksBefore = agent.channel.ofType(AgentEvent.Type.ACKNOWLEDGE).size();

    TaskStatus again =
        TaskStatus.builder(new TaskId("t"), TaskState.TASK_FINISHED)
            .agentId(agent.id)
            .uuid(uuid)
            .build();
    CallResult r =
        MasterHarness.get(h.master.agentCall(AgentCall.statusUpdate(agent.id, fw.id, again)));
    h.settle();

    assertThat(r.status()).isEqualTo(202);
    assertThat(fw.updates()).hasSize(updatesBefore);
    var acks = agent.channel.ofType(AgentEvent.Type.ACKNOWLEDGE);
    assertThat(acks).hasSize(acksBefore + 1);
    assertThat(acks.get(acks.size() - 1).acknowledge().uuid()).isEqualTo(uuid);
  }

  @Test
  void anUpdateForATaskNobodyLaunchedNeverReachesTheFramework() {
    var agent = h.registerAgent("cpus:2;mem:512");
    var fw = h.subscribe("fw");
    TaskStatus invented =
        TaskStatus.builder(new TaskId("invented"), TaskState.TASK_RUNNING)
            .agentId(agent.id)
            .build();
    CallResult r =
        MasterHarness.get(h.master.agentCall(AgentCall.statusUpdate(agent.id, fw.id, invented)));
    h.settle();
    assertThat(r.status()).isEqualTo(202);
    assertThat(fw.updates()).isEmpty();
  }

  @Test
  void aCallThatNamesNoAgentIsRefusedNotAnInternalError() {
    // What the hostile-input fuzzer sent: {"type":"UNKNOWN"} with neither agent_id nor body.
    for (AgentCall.Type type : AgentCall.Type.values()) {
      CallResult r = remote(new AgentCall(type, null, null, null));
      assertThat(r.status()).as("%s without agent_id", type).isBetween(400, 501).isNotEqualTo(500);
    }
  }

  /** A call as it arrives over the network, from nobody the node vouches for. */
  private CallResult remote(AgentCall call) {
    CallResult r = MasterHarness.get(h.master.agentCall(call, Caller.ANONYMOUS));
    h.settle();
    return r;
  }

  private String secretOf(MasterHarness.Ag agent) {
    return agent.channel.ofType(AgentEvent.Type.REGISTERED).get(0).registered().secret();
  }

  @Test
  void registrationHandsOutALinkSecretAndKeepsOnlyItsHash() {
    var agent = h.registerAgent("cpus:2;mem:512");
    String secret = secretOf(agent);
    assertThat(secret).isNotBlank();
    String kept =
        MasterHarness.get(
            h.master.inspect(
                s -> s.registry().current().agent(agent.id).orElseThrow().secretHash()));
    assertThat(kept).isEqualTo(AgentSecrets.hash(secret)).isNotEqualTo(secret);
  }

  @Test
  void callsOverTheNetworkNeedTheAgentsSecret() {
    var agent = h.registerAgent("cpus:2;mem:512");
    assertThat(remote(AgentCall.heartbeat(agent.id)).status()).isEqualTo(403);
    assertThat(remote(AgentCall.heartbeat(agent.id).withSecret("guess")).message())
        .contains("does not match agent " + agent.id.value());
    assertThat(remote(AgentCall.heartbeat(agent.id).withSecret(secretOf(agent))).status())
        .isEqualTo(202);
  }

  @Test
  void reRegisteringWithARealAgentsIdIsRefusedAndItsTasksStayRunning() {
    var real = h.registerAgent("cpus:2;mem:512");
    var fw = h.subscribe("fw");
    var offer = fw.lastOffer();
    fw.launch(
        offer, MasterHarness.task("a", offer, 0.5, 64), MasterHarness.task("b", offer, 0.5, 64));
    real.update(fw, "a", TaskState.TASK_RUNNING);
    real.update(fw, "b", TaskState.TASK_RUNNING);
    int updatesBefore = fw.updates().size();

    var rogueChannel = new RecordingAgentChannel();
    AgentCall impostor =
        AgentCall.subscribe(
            new AgentCall.Register(real.info, "http://10.9.9.9:5051", "rogue", null, null));
    CallResult r =
        MasterHarness.get(h.master.agentSubscribe(impostor, rogueChannel, Caller.ANONYMOUS));
    h.settle();

    assertThat(r.status()).isEqualTo(403);
    assertThat(r.message()).contains("must present its link secret");
    assertThat(rogueChannel.events()).isEmpty();
    assertThat(real.channel.closed()).isFalse();
    assertThat(fw.updates()).hasSize(updatesBefore);
    var states =
        MasterHarness.get(
            h.master.inspect(
                s ->
                    s.agents().get(real.id).tasks().values().stream()
                        .map(TaskEntry::state)
                        .toList()));
    assertThat(states).containsExactly(TaskState.TASK_RUNNING, TaskState.TASK_RUNNING);
  }

  @Test
  void theHolderOfTheSecretReRegistersAndKeepsIt() {
    var real = h.registerAgent("cpus:2;mem:512");
    String secret = secretOf(real);
    var channel = new RecordingAgentChannel();
    AgentCall again =
        AgentCall.subscribe(
                new AgentCall.Register(real.info, "http://127.0.0.1:5051", "test", null, null))
            .withSecret(secret);
    CallResult r = MasterHarness.get(h.master.agentSubscribe(again, channel, Caller.ANONYMOUS));
    h.settle();
    assertThat(r.status()).isEqualTo(200);
    assertThat(channel.ofType(AgentEvent.Type.REGISTERED).get(0).registered().secret())
        .isEqualTo(secret);
  }

  @Test
  void onlyPrincipalsAllowedRegisterAgentsAreAdmitted() {
    var acls =
        io.mezzo.security.acl.Acls.parse(
            "acls",
            """
            {"register_agents": [
              {"principals": {"values": ["agent"]}, "agents": {"type": "ANY"}},
              {"principals": {"type": "ANY"}, "agents": {"type": "NONE"}}]}
            """);
    MasterHarness secured =
        new MasterHarness(
            MasterConfig.defaults()
                .withSecurity(
                    io.mezzo.security.AuthenticationFlags.OFF,
                    new io.mezzo.security.acl.LocalAuthorizer(acls)));
    try {
      AgentCall register =
          AgentCall.subscribe(
              new AgentCall.Register(
                  new io.mezzo.api.v1.AgentInfo(
                      "rogue",
                      5051,
                      io.mezzo.api.v1.ResourceMapping.toWire(
                          io.mezzo.core.resources.Resources.parse("cpus:64;mem:65536"),
                          null,
                          false),
                      null,
                      null),
                  "http://10.9.9.9:5051",
                  "rogue",
                  null,
                  null));
      var rogueChannel = new RecordingAgentChannel();

      CallResult refused =
          MasterHarness.get(
              secured.master.agentSubscribe(register, rogueChannel, Caller.of("rogue")));
      CallResult anonymous =
          MasterHarness.get(
              secured.master.agentSubscribe(register, rogueChannel, Caller.ANONYMOUS));
      secured.settle();

      assertThat(refused.status()).isEqualTo(403);
      assertThat(refused.message()).contains("'rogue'").contains("register_agents");
      assertThat(anonymous.status()).isEqualTo(403);
      assertThat(rogueChannel.events()).isEmpty();
      int agents = MasterHarness.get(secured.master.inspect(s -> s.agents().size()));
      assertThat(agents).isZero();

      var agentChannel = new RecordingAgentChannel();
      CallResult admitted =
          MasterHarness.get(
              secured.master.agentSubscribe(register, agentChannel, Caller.of("agent")));
      secured.settle();
      assertThat(admitted.status()).isEqualTo(200);
      assertThat(agentChannel.ofType(AgentEvent.Type.REGISTERED)).hasSize(1);
    } finally {
      secured.close();
    }
  }
}
