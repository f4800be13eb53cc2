package io.mezzo.master;

import static io.mezzo.master.MasterHarness.get;
import static io.mezzo.master.MasterHarness.task;
import static io.mezzo.testing.ProtoOracle.Schema.MASTER_RESPONSE;
import static io.mezzo.testing.ProtoOracle.Schema.SCHEDULER_EVENT;
import static io.mezzo.testing.ProtoOracle.Schema.TASK_INFO;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.MesosJson;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.TaskGroupInfo;
import io.mezzo.api.v1.master.Call;
import io.mezzo.api.v1.master.Response;
import io.mezzo.api.v1.scheduler.Event;
import io.mezzo.master.operator.LegacyStateJson;
import io.mezzo.testing.ProtoOracle;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Booked executors in the operator API and state.json, and the executor events of the scheduler
 * API, all checked against the official protos.
 */
class ExecutorViewsTest {
  private final MasterHarness h = new MasterHarness();
  private MasterHarness.Ag agent;
  private MasterHarness.Fw fw;

  /** Custom executor e1 runs t1; default executor g1 runs the group {a, b}. */
  @BeforeEach
  void launch() {
    agent = h.registerAgent("cpus:8;mem:2048");
    fw = h.subscribe("fw");
    h.allocate();
    Offer offer = fw.lastOffer();
    var accept =
        new io.mezzo.api.v1.scheduler.Call.Accept(
            List.of(offer.id()),
            List.of(
                io.mezzo.api.v1.scheduler.Call.Operation.launch(
                    List.of(
                        ExecutorLaunchTest.underExecutor(
                            "t1", offer, ExecutorLaunchTest.custom("e1", "./exec", 0.5, 64)))),
                io.mezzo.api.v1.scheduler.Call.Operation.launchGroup(
                    TaskGroupLaunchTest.defaultExecutor("g1"),
                    new TaskGroupInfo(
                        List.of(task("a", offer, 1, 128), task("b", offer, 1, 128))))),
            null);
    assertThat(fw.call(io.mezzo.api.v1.scheduler.Call.accept(fw.id, accept)).status())
        .isEqualTo(202);
    assertThat(fw.updates()).as("no task refused").isEmpty();
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private Response operator(Call.Type type) {
    CallResult r = get(h.master.operatorCall(Call.of(type)));
    assertThat(r.status()).as(r.message()).isEqualTo(200);
    Response response = (Response) r.body();
    ProtoOracle.check(MASTER_RESPONSE, MesosJson.writeString(response));
    return response;
  }

  @Test
  void getExecutorsAndGetStateListTheBookedExecutors() {
    Response.GetExecutors executors = operator(Call.Type.GET_EXECUTORS).getExecutors();
    assertThat(executors.executors())
        .extracting(e -> e.executorInfo().executorId().value())
        .containsExactlyInAnyOrder("e1", "g1");
    assertThat(executors.executors()).allMatch(e -> e.agentId().equals(agent.id));
    assertThat(executors.executors()).allMatch(e -> fw.id.equals(e.executorInfo().frameworkId()));

    Response.GetState state = operator(Call.Type.GET_STATE).getState();
    assertThat(state.getExecutors().executors()).hasSize(2);
    assertThat(state.getTasks().tasks())
        .extracting(t -> t.taskId().value() + "@" + t.executorId().value())
        .containsExactlyInAnyOrder("t1@e1", "a@g1", "b@g1");
  }

  @Test
  void stateJsonShowsFrameworkExecutorsInMesossShape() {
    JsonNode f =
        get(h.master.inspect(s -> LegacyStateJson.state(s, Map.of()))).get("frameworks").get(0);
    JsonNode executors = f.get("executors");
    assertThat(executors).hasSize(2);
    JsonNode e1 = executors.get(0);
    assertThat(e1.get("executor_id").asText()).isEqualTo("e1");
    assertThat(e1.get("framework_id").asText()).isEqualTo(fw.id.value());
    assertThat(e1.get("slave_id").asText()).isEqualTo(agent.id.value());
    assertThat(e1.get("command").get("value").asText()).isEqualTo("./exec");
    assertThat(e1.get("resources").get("cpus").asDouble()).isEqualTo(0.5);
    assertThat(e1.get("type").asText()).isEqualTo("CUSTOM");
    assertThat(executors.get(1).get("type").asText()).isEqualTo("DEFAULT");
    // 3 tasks of 1 cpu, plus 0.5 and 0.1 for the executors.
    assertThat(f.get("used_resources").get("cpus").asDouble()).isEqualTo(3.6);
    List<String> taskExecutors = new java.util.ArrayList<>();
    f.get("tasks").forEach(t -> taskExecutors.add(t.get("executor_id").asText()));
    assertThat(taskExecutors).containsExactlyInAnyOrder("e1", "g1", "g1");
  }

  @Test
  void launchedTaskAndExecutorEventsParseWithTheOfficialProtos() {
    ProtoOracle.check(TASK_INFO, MesosJson.writeString(agent.launched().get(0)));
    get(
        h.master.agentCall(
            AgentCall.executorToFramework(agent.id, fw.id, new ExecutorId("e1"), "aGk=")));
    get(h.master.agentCall(AgentCall.exitedExecutor(agent.id, fw.id, new ExecutorId("e1"), 0)));
    h.settle();
    Event message = fw.stream.ofType(Event.Type.MESSAGE).get(0);
    Event failure = fw.stream.ofType(Event.Type.FAILURE).get(0);
    ProtoOracle.check(SCHEDULER_EVENT, MesosJson.writeString(message));
    ProtoOracle.check(SCHEDULER_EVENT, MesosJson.writeString(failure));
    assertThat(operator(Call.Type.GET_EXECUTORS).getExecutors().executors())
        .extracting(e -> e.executorInfo().executorId().value())
        .containsExactly("g1");
  }
}
