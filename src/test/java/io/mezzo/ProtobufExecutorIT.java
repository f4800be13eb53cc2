package io.mezzo;

import static io.mezzo.testing.ProtoOracle.Schema.SCHEDULER_EVENT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.testing.MezzoProcess;
import io.mezzo.testing.ProtoOracle;
import io.mezzo.testing.V1SchedulerClient;
import io.mezzo.testing.executor.ExecutorCommands;
import io.mezzo.testing.executor.ProtobufTestExecutor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The executor API in protobuf on the packaged jar: a framework launches a task on {@code
 * ProtobufTestExecutor}, an executor built only on the official Mesos classes that speaks protobuf
 * to the standalone node's {@code /slave(1)/api/v1/executor} (found through {@code
 * MESOS_AGENT_ENDPOINT}); its updates and messages reach the framework.
 */
class ProtobufExecutorIT {
  private static final Duration WAIT = Duration.ofSeconds(90);

  @Test
  void aProtobufExecutorRunsTasksAndEchoesAMessage() {
    try (MezzoProcess mezzo = MezzoProcess.standalone("protobuf-executor-it")) {
      V1SchedulerClient framework =
          V1SchedulerClient.subscribe(
              mezzo.baseUrl(), StandaloneIT.frameworkInfo("proto-exec-" + System.nanoTime()));
      try {
        framework.awaitEvent("SUBSCRIBED", WAIT);
        JsonNode offer =
            framework.awaitOffer(
                o ->
                    V1SchedulerClient.scalar(o, "cpus") >= 0.5
                        && V1SchedulerClient.scalar(o, "mem") >= 256,
                WAIT);
        ObjectNode executor = V1SchedulerClient.parse("{}").deepCopy();
        executor.put("type", "CUSTOM");
        executor.putObject("executor_id").put("value", "proto-exec");
        executor.putObject("command").put("value", executorCommand());
        executor.set("resources", V1SchedulerClient.scalarResources(offer, 0.1, 128));
        V1SchedulerClient.Response r =
            framework.accept(
                offer,
                task("proto-done", executor, "true"),
                task("proto-long", executor, "sleep 60"));
        assertThat(r.status()).as(r.body()).isEqualTo(202);

        JsonNode finished = framework.awaitUpdate("proto-done", "TASK_FINISHED", WAIT);
        assertThat(finished.path("source").asText()).isEqualTo("SOURCE_EXECUTOR");
        assertThat(finished.path("message").asText()).isEqualTo("Command exited with status 0");
        framework.awaitUpdate("proto-long", "TASK_RUNNING", WAIT);

        ObjectNode message = framework.newCall("MESSAGE");
        ObjectNode body = message.putObject("message");
        body.set("agent_id", offer.get("agent_id"));
        body.putObject("executor_id").put("value", "proto-exec");
        body.put("data", b64("ping"));
        V1SchedulerClient.Response sent = framework.call(message.toString());
        assertThat(sent.status()).as(sent.body()).isEqualTo(202);
        JsonNode echo = framework.awaitEvent("MESSAGE", WAIT);
        assertThat(echo.at("/message/executor_id/value").asText()).isEqualTo("proto-exec");
        assertThat(
                new String(
                    Base64.getDecoder().decode(echo.at("/message/data").asText()),
                    StandardCharsets.UTF_8))
            .isEqualTo("echo: ping");

        framework.kill("proto-long", offer.at("/agent_id/value").asText());
        framework.awaitUpdate("proto-long", "TASK_KILLED", WAIT);
        for (String raw : framework.allRawEvents()) {
          ProtoOracle.check(SCHEDULER_EVENT, raw);
        }
      } finally {
        framework.teardown();
        framework.close();
      }
    }
  }

  private static String task(String id, ObjectNode executor, String shell) {
    ObjectNode task =
        (ObjectNode) V1SchedulerClient.parse(V1SchedulerClient.commandTask(id, 0.1, 32, ""));
    task.remove("command");
    task.set("executor", executor);
    task.put("data", b64(shell));
    return task.toString();
  }

  private static String executorCommand() {
    return ExecutorCommands.java(ProtobufTestExecutor.class);
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
