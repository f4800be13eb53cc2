package io.mezzo.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The executor API on the wire, with the test playing the executor: event bodies checked with the
 * official protos, acknowledgements, bad calls, and an executor that does not come back.
 */
class CustomExecutorWireTest extends ExecutorTestBase {
  @Test
  void badCallsAre400sNamingWhatIsWrong() throws Exception {
    startAndRegister();
    link.emit(AgentEvent.runTask(FW, executorTask("waiting", testExecutor("sleep 120"), "true")));
    await().atMost(WAIT).until(() -> !get(agent.snapshot()).tasks().isEmpty());

    HttpResponse<String> wrongFramework =
        post(
            """
            {"executor_id":{"value":"test-executor"},"framework_id":{"value":"nope"},
             "type":"SUBSCRIBE","subscribe":{}}""");
    assertThat(wrongFramework.statusCode()).isEqualTo(400);
    assertThat(wrongFramework.body()).contains("nope");

    HttpResponse<String> unknownExecutor =
        post(
            """
            {"executor_id":{"value":"ghost"},"framework_id":{"value":"master-1-0000"},
             "type":"UPDATE","update":{"status":{"task_id":{"value":"waiting"},
             "state":"TASK_RUNNING","uuid":"AAAAAAAAAAAAAAAAAAAAAA=="}}}""");
    assertThat(unknownExecutor.statusCode()).isEqualTo(400);
    assertThat(unknownExecutor.body()).contains("ghost");

    HttpResponse<String> unknownTask =
        post(
            """
            {"executor_id":{"value":"test-executor"},"framework_id":{"value":"master-1-0000"},
             "type":"UPDATE","update":{"status":{"task_id":{"value":"other"},
             "state":"TASK_RUNNING","uuid":"AAAAAAAAAAAAAAAAAAAAAA=="}}}""");
    assertThat(unknownTask.statusCode()).isEqualTo(400);
    assertThat(unknownTask.body()).contains("other");
    assertThat(link.updatesOf(TaskId.of("other"))).isEmpty();
  }

  @Test
  void eventsOnTheWireAreMesosExecutorEventsAndUpdatesAreAcknowledgedToTheExecutor()
      throws Exception {
    startAndRegister();
    ExecutorInfo executor = testExecutor("sleep 120"); // the test subscribes in its place
    link.emit(AgentEvent.runTask(FW, executorTask("wire", executor, "true")));
    await().atMost(WAIT).until(() -> !get(agent.snapshot()).tasks().isEmpty());

    try (RawSubscription sub = new RawSubscription(SUBSCRIBE)) {
      assertThat(sub.response.statusCode()).isEqualTo(200);
      assertThat(sub.response.headers().firstValue("Mesos-Stream-Id")).isPresent();
      String subscribed = sub.awaitEvent("\"SUBSCRIBED\"");
      io.mezzo.testing.ProtoOracle.check(
          io.mezzo.testing.ProtoOracle.Schema.EXECUTOR_EVENT, subscribed);
      assertThat(subscribed).contains("test-executor", "master-1-S0", "container_id");
      String launch = sub.awaitEvent("\"LAUNCH\"");
      io.mezzo.testing.ProtoOracle.check(
          io.mezzo.testing.ProtoOracle.Schema.EXECUTOR_EVENT, launch);
      assertThat(launch).contains("\"wire\"");

      String uuid = "AAECAwQFBgcICQoLDA0ODw==";
      HttpResponse<String> update =
          post(
              """
              {"executor_id":{"value":"test-executor"},"framework_id":{"value":"master-1-0000"},
               "type":"UPDATE","update":{"status":{"task_id":{"value":"wire"},
               "state":"TASK_RUNNING","source":"SOURCE_EXECUTOR","uuid":"%s"}}}"""
                  .formatted(uuid));
      assertThat(update.statusCode()).isEqualTo(202);
      TaskStatus running = link.awaitUpdate(TaskId.of("wire"), TaskState.TASK_RUNNING);
      assertThat(running.uuid()).as("the executor's own uuid").isEqualTo(uuid);
      link.acknowledge(FID, running);
      String acked = sub.awaitEvent("\"ACKNOWLEDGED\"");
      io.mezzo.testing.ProtoOracle.check(io.mezzo.testing.ProtoOracle.Schema.EXECUTOR_EVENT, acked);
      assertThat(acked).contains(uuid);

      var state = io.mezzo.agent.operator.AgentViews.state(get(agent.snapshot()));
      assertThat(state.getExecutors().executors())
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.executorInfo().executorId()).isEqualTo(EID);
                assertThat(e.executorInfo().name()).isEqualTo("test executor");
              });
    }
  }

  @Test
  void anExecutorThatDoesNotComeBackAfterAnAgentRestartIsDestroyed() throws Exception {
    startAndRegister();
    link.emit(AgentEvent.runTask(FW, executorTask("orphan", testExecutor("sleep 120"), "true")));
    await().atMost(WAIT).until(() -> !get(agent.snapshot()).tasks().isEmpty());
    try (RawSubscription sub = new RawSubscription(SUBSCRIBE)) {
      sub.awaitEvent("\"LAUNCH\"");
    }
    agent.stop();
    containerizers.clear();
    ScriptedMasterLink link2 = new ScriptedMasterLink();
    link = link2;
    agent = newAgent(link2);
    get(agent.start());
    advance(Duration.ofSeconds(1));
    link2.awaitStream(1);
    link2.emit(AgentEvent.registered(AID, "master-1", 15));
    await()
        .atMost(WAIT)
        .until(
            () -> {
              advance(Duration.ofSeconds(1));
              return link2.updatesOf(TaskId.of("orphan")).stream()
                  .anyMatch(s -> s.state() == TaskState.TASK_FAILED);
            });
    TaskStatus failed = link2.awaitUpdate(TaskId.of("orphan"), TaskState.TASK_FAILED);
    assertThat(failed.reason()).isEqualTo(TaskStatus.Reason.REASON_EXECUTOR_REREGISTRATION_TIMEOUT);
  }

  @Test
  void aCustomExecutorsTaskCarriesItsHealthCheckToTheExecutorWhichRunsIt() throws Exception {
    startAndRegister();
    ExecutorInfo executor = testExecutor("sleep 120"); // the test subscribes in its place
    TaskInfo t = executorTask("checked", executor, "true");
    // A check that fails at once: were the agent to run it, the task would turn unhealthy.
    io.mezzo.api.v1.HealthCheck check =
        io.mezzo.api.v1.HealthCheck.command("false").withTimings(0, 1, 10, 1, 0);
    TaskInfo task =
        new TaskInfo(
            t.name(),
            t.taskId(),
            t.agentId(),
            t.resources(),
            t.executor(),
            t.command(),
            t.container(),
            check,
            t.check(),
            t.killPolicy(),
            t.data(),
            t.labels(),
            t.discovery(),
            io.mezzo.api.v1.DurationInfo.of(java.time.Duration.ofSeconds(1)),
            t.limits());
    link.emit(AgentEvent.runTask(FW, task));
    await().atMost(WAIT).until(() -> !get(agent.snapshot()).tasks().isEmpty());

    try (RawSubscription sub = new RawSubscription(SUBSCRIBE)) {
      String launch = sub.awaitEvent("\"LAUNCH\"");
      io.mezzo.testing.ProtoOracle.check(
          io.mezzo.testing.ProtoOracle.Schema.EXECUTOR_EVENT, launch);
      assertThat(launch).contains("\"health_check\"", "\"max_completion_time\"");
      post(
          """
          {"executor_id":{"value":"test-executor"},"framework_id":{"value":"master-1-0000"},
           "type":"UPDATE","update":{"status":{"task_id":{"value":"checked"},
           "state":"TASK_RUNNING","source":"SOURCE_EXECUTOR","uuid":"AAECAwQFBgcICQoLDA0ODw=="}}}""");
      link.acknowledge(FID, link.awaitUpdate(TaskId.of("checked"), TaskState.TASK_RUNNING));
      advance(java.time.Duration.ofSeconds(3));
      assertThat(link.updatesOf(TaskId.of("checked")))
          .as("the executor, not the agent, checks and times its tasks")
          .allMatch(u -> u.state() == TaskState.TASK_RUNNING && u.healthy() == null);
    }
  }
}
