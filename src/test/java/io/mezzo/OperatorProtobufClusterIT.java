package io.mezzo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.testing.MezzoProcess;
import io.mezzo.testing.ProtobufHttp;
import io.mezzo.testing.SharedCluster;
import io.mezzo.testing.V1SchedulerClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.UUID;
import org.apache.mesos.v1.master.Protos;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The master's sandbox calls in protobuf when the sandbox is on another node: the master asks the
 * agent that holds it and answers in the format its own caller negotiated, the same data as the
 * JSON answer. (The standalone case, where the agent is in the master's process, is {@link
 * OperatorProtobufIT}.)
 */
@ExtendWith(SharedCluster.Extension.class)
class OperatorProtobufClusterIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static MezzoProcess master;
  private static MezzoProcess agentB;
  private V1SchedulerClient framework;

  @BeforeAll
  static void cluster(SharedCluster cluster) {
    master = cluster.master();
    agentB = cluster.agentB();
  }

  @AfterEach
  void tearDown() {
    if (framework != null) {
      try {
        framework.teardown();
      } finally {
        framework.close();
      }
    }
  }

  @Test
  void aSandboxOnAnAgentIsListedAndReadThroughTheMasterInProtobuf() {
    framework =
        V1SchedulerClient.subscribe(
            master.baseUrl(), StandaloneIT.frameworkInfo("operator-protobuf-cluster-it"));
    String port = Integer.toString(agentB.port());
    JsonNode offer =
        framework.awaitOffer(
            o ->
                o.at("/url/address/port").asText().equals(port)
                    && V1SchedulerClient.scalar(o, "cpus") >= 0.1
                    && V1SchedulerClient.scalar(o, "mem") >= 32,
            TIMEOUT);
    String taskId = "proto-proxied-" + UUID.randomUUID();
    V1SchedulerClient.Response accepted =
        framework.accept(
            offer,
            0.0,
            V1SchedulerClient.commandTask(taskId, 0.1, 32, "echo proto-proxied; sleep 600"));
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    framework.awaitUpdate(taskId, "TASK_RUNNING", TIMEOUT);
    await("stdout written")
        .atMost(TIMEOUT)
        .until(
            () ->
                agentB.sandboxStdout(taskId).stream()
                    .anyMatch(
                        p -> {
                          try {
                            return Files.readString(p).contains("proto-proxied");
                          } catch (IOException e) {
                            return false; // not written yet
                          }
                        }));
    String dir = "/frameworks/" + framework.frameworkId() + "/executors/" + taskId + "/runs/latest";

    Protos.Response listed =
        ProtobufHttp.assertSameInBothFormats(
            master.baseUrl(),
            "/api/v1",
            Protos.Call.newBuilder()
                .setType(Protos.Call.Type.LIST_FILES)
                .setListFiles(Protos.Call.ListFiles.newBuilder().setPath(dir))
                .build(),
            Protos.Response.getDefaultInstance());
    assertThat(listed.getType()).isEqualTo(Protos.Response.Type.LIST_FILES);
    assertThat(listed.getListFiles().getFileInfosList())
        .anySatisfy(f -> assertThat(f.getPath()).isEqualTo(dir + "/stdout"));

    Protos.Response read =
        ProtobufHttp.assertSameInBothFormats(
            master.baseUrl(),
            "/api/v1",
            Protos.Call.newBuilder()
                .setType(Protos.Call.Type.READ_FILE)
                .setReadFile(
                    Protos.Call.ReadFile.newBuilder().setPath(dir + "/stdout").setOffset(0))
                .build(),
            Protos.Response.getDefaultInstance());
    assertThat(read.getType()).isEqualTo(Protos.Response.Type.READ_FILE);
    assertThat(read.getReadFile().getData().toString(StandardCharsets.UTF_8))
        .contains("proto-proxied");

    Protos.Response agents =
        ProtobufHttp.assertSameInBothFormats(
            master.baseUrl(),
            "/api/v1",
            Protos.Call.newBuilder().setType(Protos.Call.Type.GET_AGENTS).build(),
            Protos.Response.getDefaultInstance());
    assertThat(agents.getGetAgents().getAgentsList()).hasSize(2);
  }
}
