package io.mezzo;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.testing.MezzoProcess;
import io.mezzo.testing.ProtoOracle;
import io.mezzo.testing.V1SchedulerClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.ContainerID;
import org.apache.mesos.v1.Protos.DurationInfo;
import org.apache.mesos.v1.agent.Protos.Call;
import org.apache.mesos.v1.agent.Protos.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent calls a Mesos tool makes beyond the reads, against a standalone Mezzo in protobuf as
 * the official 1.11 classes write them: the logging level, the empty operation and
 * resource-provider lists, WAIT_CONTAINER and KILL_CONTAINER on a running task's container (the
 * task then fails, as on a Mesos agent), and the 501 of a call Mezzo does not build.
 */
class AgentContainerCallsIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String PROTOBUF = "application/x-protobuf";
  private static final HttpClient HTTP = V1SchedulerClient.newHttpClient();
  private static MezzoProcess mezzo;
  private static V1SchedulerClient framework;

  @BeforeAll
  static void start() {
    mezzo = MezzoProcess.standalone("agent-container-calls");
  }

  @AfterAll
  static void stop() {
    try {
      if (framework != null) {
        framework.teardown();
        framework.close();
      }
    } finally {
      if (mezzo != null) {
        mezzo.close();
      }
    }
  }

  private static HttpRequest request(Call call, String accept) {
    return HttpRequest.newBuilder(mezzo.baseUrl().resolve("/slave(1)/api/v1"))
        .timeout(TIMEOUT)
        .header("Content-Type", PROTOBUF)
        .header("Accept", accept)
        .POST(HttpRequest.BodyPublishers.ofByteArray(call.toByteArray()))
        .build();
  }

  private static HttpResponse<byte[]> send(Call call) throws Exception {
    return HTTP.send(request(call, PROTOBUF), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static Response ok(Call call) throws Exception {
    HttpResponse<byte[]> r = send(call);
    assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).contains(PROTOBUF);
    return Response.parseFrom(r.body());
  }

  private static Call of(Call.Type type) {
    return Call.newBuilder().setType(type).build();
  }

  @Test
  void loggingLevelOperationsProvidersAndA501() throws Exception {
    Call set =
        Call.newBuilder()
            .setType(Call.Type.SET_LOGGING_LEVEL)
            .setSetLoggingLevel(
                Call.SetLoggingLevel.newBuilder()
                    .setLevel(1)
                    .setDuration(DurationInfo.newBuilder().setNanoseconds(60_000_000_000L)))
            .build();
    HttpResponse<byte[]> setAnswer = send(set);
    assertThat(setAnswer.statusCode()).isEqualTo(200);
    assertThat(setAnswer.body()).as("an empty 200, as Mesos").isEmpty();
    assertThat(ok(of(Call.Type.GET_LOGGING_LEVEL)).getGetLoggingLevel().getLevel()).isEqualTo(1);

    Response ops = ok(of(Call.Type.GET_OPERATIONS));
    assertThat(ops.getType()).isEqualTo(Response.Type.GET_OPERATIONS);
    assertThat(ops.getGetOperations().getOperationsList()).isEmpty();
    Response rps = ok(of(Call.Type.GET_RESOURCE_PROVIDERS));
    assertThat(rps.getType()).isEqualTo(Response.Type.GET_RESOURCE_PROVIDERS);
    HttpResponse<String> json =
        HTTP.send(
            request(of(Call.Type.GET_RESOURCE_PROVIDERS), "application/json"),
            HttpResponse.BodyHandlers.ofString());
    ProtoOracle.check(ProtoOracle.Schema.AGENT_RESPONSE, json.body());

    HttpResponse<byte[]> prune = send(of(Call.Type.PRUNE_IMAGES));
    assertThat(prune.statusCode()).isEqualTo(501);
    assertThat(new String(prune.body()))
        .startsWith("PRUNE_IMAGES is not supported by Mezzo agents: image garbage collection");
  }

  @Test
  void killContainerEndsARunningTaskAndWaitContainerReportsHow() throws Exception {
    framework =
        V1SchedulerClient.subscribe(
            mezzo.baseUrl(), StandaloneIT.frameworkInfo("agent-container-calls-it"));
    var offer =
        framework.awaitOffer(
            o ->
                V1SchedulerClient.scalar(o, "cpus") >= 0.1
                    && V1SchedulerClient.scalar(o, "mem") >= 32,
            TIMEOUT);
    String taskId = "sleeper-" + UUID.randomUUID();
    var accepted =
        framework.accept(offer, 0.0, V1SchedulerClient.commandTask(taskId, 0.1, 32, "sleep 600"));
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    framework.awaitUpdate(taskId, "TASK_RUNNING", TIMEOUT);

    ContainerID id = null;
    for (var c : ok(of(Call.Type.GET_CONTAINERS)).getGetContainers().getContainersList()) {
      if (c.getExecutorId().getValue().equals(taskId)) {
        id = c.getContainerId();
      }
    }
    assertThat(id).as("GET_CONTAINERS lists the task's container").isNotNull();
    Call wait =
        Call.newBuilder()
            .setType(Call.Type.WAIT_CONTAINER)
            .setWaitContainer(Call.WaitContainer.newBuilder().setContainerId(id))
            .build();
    CompletableFuture<HttpResponse<byte[]>> waiting =
        HTTP.sendAsync(request(wait, PROTOBUF), HttpResponse.BodyHandlers.ofByteArray());

    Call kill =
        Call.newBuilder()
            .setType(Call.Type.KILL_CONTAINER)
            .setKillContainer(Call.KillContainer.newBuilder().setContainerId(id))
            .build();
    HttpResponse<byte[]> killed = send(kill);
    assertThat(killed.statusCode()).as(new String(killed.body())).isEqualTo(200);

    HttpResponse<byte[]> ended = waiting.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertThat(ended.statusCode()).isEqualTo(200);
    Response.WaitContainer how = Response.parseFrom(ended.body()).getWaitContainer();
    assertThat(how.getExitStatus()).as("SIGKILL, 128+9, in bits 8-15").isEqualTo(137 << 8);
    framework.awaitUpdate(taskId, "TASK_FAILED", TIMEOUT);

    HttpResponse<byte[]> again = send(kill);
    assertThat(again.statusCode()).as("already ended").isEqualTo(404);
    assertThat(ok(wait).getWaitContainer().getExitStatus()).as("a late wait").isEqualTo(137 << 8);
  }
}
