package io.mezzo.agent;

import static io.mezzo.agent.TestTasks.framework;
import static io.mezzo.agent.TestTasks.shellTask;
import static io.mezzo.testing.ProtoOracle.Schema.AGENT_RESPONSE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mezzo.agent.operator.AgentOperatorCalls;
import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.ContainerId;
import io.mezzo.api.v1.DurationInfo;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.MesosJson;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.api.v1.agent.Call;
import io.mezzo.api.v1.agent.Response;
import io.mezzo.api.wire.WireCodec;
import io.mezzo.ops.LoggingLevel;
import io.mezzo.testing.ProtoOracle;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent operator calls of this slice through {@link AgentOperatorCalls} on a real agent: the
 * logging level, the empty operation and resource-provider lists, and WAIT_CONTAINER /
 * KILL_CONTAINER on the container of a real task, which the agent then reports ended.
 */
class AgentContainerCallsTest {
  private static final FrameworkInfo FW = framework("master-1-0000");

  @TempDir Path work;
  private AgentHarness harness;
  private ScriptedMasterLink link;
  private Agent agent;
  private LoggingLevel logging;
  private AgentOperatorCalls calls;

  @BeforeEach
  void setUp() {
    harness = new AgentHarness(work);
    link = new ScriptedMasterLink();
    agent =
        harness.newAgent(
            harness.config("cpus:2;mem:1024;disk:1000", "", "http://agent-host:5052"), link, 42);
    logging = new LoggingLevel(harness.timers);
    calls =
        new AgentOperatorCalls(
            agent, Runnable::run, Instant.EPOCH, Clock.systemUTC(), Map.of(), logging);
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  private AgentOperatorCalls.Answer call(Call c) throws Exception {
    return AgentHarness.get(calls.call(c));
  }

  /** A 200 whose body is the official message and passes the strict JSON oracle. */
  private Response ok(Call c) throws Exception {
    AgentOperatorCalls.Answer a = call(c);
    assertThat(a.status()).as(a.message()).isEqualTo(200);
    WireCodec.toMessage(a.body());
    ProtoOracle.check(AGENT_RESPONSE, MesosJson.writeString(a.body()));
    return a.body();
  }

  @Test
  void setLoggingLevelHoldsForItsDurationThenReverts() throws Exception {
    assertThat(ok(Call.of(Call.Type.GET_LOGGING_LEVEL)).getLoggingLevel().level()).isZero();

    AgentOperatorCalls.Answer set =
        call(Call.setLoggingLevel(2, DurationInfo.of(Duration.ofSeconds(30))));
    assertThat(set.status()).isEqualTo(200);
    assertThat(set.body()).as("an empty 200, as Mesos").isNull();
    Response got = ok(Call.of(Call.Type.GET_LOGGING_LEVEL));
    assertThat(got.type()).isEqualTo(Response.Type.GET_LOGGING_LEVEL);
    assertThat(got.getLoggingLevel().level()).isEqualTo(2);

    harness.timers.advance(Duration.ofSeconds(31));
    assertThat(ok(Call.of(Call.Type.GET_LOGGING_LEVEL)).getLoggingLevel().level()).isZero();
  }

  @Test
  void setLoggingLevelRefusesAMissingOrBadPart() throws Exception {
    assertThat(call(Call.of(Call.Type.SET_LOGGING_LEVEL)).message())
        .isEqualTo("Expecting 'set_logging_level' to be present");
    var noDuration =
        new Call(
            Call.Type.SET_LOGGING_LEVEL,
            null,
            new Call.SetLoggingLevel(1, null),
            null,
            null,
            null,
            null);
    assertThat(call(noDuration).message())
        .isEqualTo("Expecting 'set_logging_level.duration' to be present");
    AgentOperatorCalls.Answer zero = call(Call.setLoggingLevel(1, new DurationInfo(0L)));
    assertThat(zero.status()).isEqualTo(400);
    assertThat(zero.message()).startsWith("Invalid 'set_logging_level': 'duration' must be");
    assertThat(logging.level()).isZero();
  }

  @Test
  void operationsAndResourceProvidersAreEmptyLists() throws Exception {
    Response ops = ok(Call.of(Call.Type.GET_OPERATIONS));
    assertThat(ops.type()).isEqualTo(Response.Type.GET_OPERATIONS);
    assertThat(ops.getOperations().operations()).isEmpty();
    Response rps = ok(Call.of(Call.Type.GET_RESOURCE_PROVIDERS));
    assertThat(rps.type()).isEqualTo(Response.Type.GET_RESOURCE_PROVIDERS);
    assertThat(rps.getResourceProviders().resourceProviders()).isEmpty();
  }

  @Test
  void aNotBuiltCallAnswers501WithItsReason() throws Exception {
    AgentOperatorCalls.Answer a = call(Call.of(Call.Type.LAUNCH_CONTAINER));
    assertThat(a.status()).isEqualTo(501);
    assertThat(a.message())
        .isEqualTo(
            "LAUNCH_CONTAINER is not supported by Mezzo agents: "
                + AgentOperatorCalls.NOT_BUILT.get(Call.Type.LAUNCH_CONTAINER));
  }

  @Test
  void killContainerEndsARealTaskWhichWaitContainerAndTheTaskStatusReport() throws Exception {
    AgentHarness.get(agent.start());
    harness.timers.advance(Duration.ofSeconds(1));
    link.awaitStream(1);
    link.emit(AgentEvent.registered(AgentId.of("master-1-S0"), "master-1", 15));
    await().atMost(AgentHarness.WAIT).until(agent::isRegistered);
    TaskId task = TaskId.of("sleeper");
    link.emit(AgentEvent.runTask(FW, shellTask("sleeper", "sleep 60")));
    link.acknowledge(FW.id(), link.awaitUpdate(task, TaskState.TASK_STARTING));
    link.acknowledge(FW.id(), link.awaitUpdate(task, TaskState.TASK_RUNNING));

    Response listed = ok(Call.of(Call.Type.GET_CONTAINERS));
    ContainerId id = listed.getContainers().containers().get(0).containerId();
    assertThat(id.parent()).isNull();
    var waiting = calls.call(Call.waitContainer(id)).toCompletableFuture();

    AgentOperatorCalls.Answer killed = call(Call.killContainer(id, null));
    assertThat(killed.status()).as(killed.message()).isEqualTo(200);

    AgentOperatorCalls.Answer ended = AgentHarness.get(waiting);
    assertThat(ended.status()).isEqualTo(200);
    Response.WaitContainer w = ended.body().waitContainer();
    assertThat(w.exitStatus()).as("SIGKILL, 128+9, in bits 8-15").isEqualTo(137 << 8);
    ProtoOracle.check(AGENT_RESPONSE, MesosJson.writeString(ended.body()));
    TaskStatus failed = link.awaitUpdate(task, TaskState.TASK_FAILED);
    assertThat(failed.message()).contains("137");
    assertThat(call(Call.killContainer(id, null)).status()).as("already ended").isEqualTo(404);
  }
}
