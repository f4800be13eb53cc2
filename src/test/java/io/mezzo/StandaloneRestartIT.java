package io.mezzo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.testing.MezzoProcess;
import io.mezzo.testing.V1SchedulerClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A standalone node crashes (SIGKILL to the JVM only) while a task runs, and comes back on the same
 * work dir and port: the task kept running, the agent keeps its id, the framework re-subscribes
 * with its id, reconciliation says TASK_RUNNING, and a kill still reaches the task.
 */
class StandaloneRestartIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Test
  void runningTaskSurvivesACrashOfTheNode() throws Exception {
    MezzoProcess first = MezzoProcess.standalone("restart-1");
    Map<String, String> same =
        Map.of(
            "quarkus.http.port", Integer.toString(first.port()),
            "mezzo.work-dir", first.workDir().toAbsolutePath().toString());
    String frameworkId;
    String agentId;
    String taskId = "survivor";
    double cpusBefore;
    try (V1SchedulerClient f = V1SchedulerClient.subscribe(first.baseUrl(), frameworkInfo(null))) {
      JsonNode offer = f.awaitOffer(o -> V1SchedulerClient.scalar(o, "cpus") >= 0.1, TIMEOUT);
      agentId = offer.at("/agent_id/value").asText();
      cpusBefore = V1SchedulerClient.scalar(offer, "cpus");
      frameworkId = f.frameworkId();
      f.accept(offer, V1SchedulerClient.commandTask(taskId, 0.1, 32, "sleep 120"));
      f.awaitUpdate(taskId, "TASK_RUNNING", TIMEOUT);
    }
    first.crash();

    MezzoProcess second = MezzoProcess.start("restart-2", "standalone", same);
    try (V1SchedulerClient f =
        V1SchedulerClient.subscribe(second.baseUrl(), frameworkInfo(frameworkId))) {
      assertThat(f.frameworkId()).isEqualTo(frameworkId);
      f.reconcile(taskId, agentId);
      // The agent may first resend a TASK_RUNNING whose acknowledgement the crash lost: the
      // reconciliation answer is the one with its reason.
      JsonNode reconciled = f.awaitUpdate(taskId, "TASK_RUNNING", "REASON_RECONCILIATION", TIMEOUT);
      assertThat(reconciled.path("reason").asText()).isEqualTo("REASON_RECONCILIATION");
      JsonNode offer = f.awaitOffer(o -> true, TIMEOUT);
      assertThat(offer.at("/agent_id/value").asText()).as("agent kept its id").isEqualTo(agentId);
      assertThat(V1SchedulerClient.scalar(offer, "cpus"))
          .as("the task still holds its 0.1 cpus")
          .isCloseTo(cpusBefore - 0.1, org.assertj.core.data.Offset.offset(1e-6));
      f.kill(taskId, agentId);
      f.awaitUpdate(taskId, "TASK_KILLED", TIMEOUT);
    } finally {
      second.close();
    }
  }

  private static String frameworkInfo(String id) {
    String idField = id == null ? "" : "\"id\":{\"value\":\"" + id + "\"},";
    return "{"
        + idField
        + "\"user\":\""
        + System.getProperty("user.name")
        + "\",\"name\":\"restart-it\","
        + "\"failover_timeout\":3600.0,\"checkpoint\":true}";
  }
}
