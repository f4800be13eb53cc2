package io.mezzo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.testing.MarathonHttp;
import io.mezzo.testing.MezzoProcess;
import io.mezzo.testing.V1SchedulerClient;
import io.mezzo.testing.executor.ExecutorCommands;
import io.mezzo.testing.executor.TestExecutor;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Mesos's {@code --authenticate_http_executors} on the packaged jar: a standalone node with {@code
 * mezzo.security.authenticate-http-executors=true}. A custom executor launched from the scheduler
 * API gets its token in {@code MESOS_EXECUTOR_AUTHENTICATION_TOKEN}, sends it, and runs its task; a
 * task of the built-in Marathon reaches TASK_RUNNING. From outside, an executor call without a
 * token or with a forged one is 401 with a Bearer challenge, and the real executor's token used for
 * another executor is 403; the executor that really holds it is still accepted.
 */
class ExecutorAuthenticationIT {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final HttpClient HTTP = V1SchedulerClient.newHttpClient();
  private static final String EXECUTOR = "auth-exec";

  @Test
  void executorsNeedTheirOwnTokenAndRealTasksStillRun() throws Exception {
    try (MezzoProcess mezzo =
        MezzoProcess.start(
            "executor-authn-it",
            "standalone",
            Map.of("mezzo.security.authenticate-http-executors", "true"))) {
      V1SchedulerClient framework =
          V1SchedulerClient.subscribe(
              mezzo.baseUrl(), StandaloneIT.frameworkInfo("exec-authn-" + System.nanoTime()));
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
        executor.putObject("executor_id").put("value", EXECUTOR);
        // The executor keeps a copy of its token in its sandbox, so this test can reuse it.
        executor
            .putObject("command")
            .put(
                "value",
                "printenv MESOS_EXECUTOR_AUTHENTICATION_TOKEN > token.txt; "
                    + ExecutorCommands.java(TestExecutor.class));
        executor.set("resources", V1SchedulerClient.scalarResources(offer, 0.1, 128));
        V1SchedulerClient.Response accepted =
            framework.accept(offer, task("authn-long", executor, "sleep 120"));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);

        // The executor subscribed and sent TASK_RUNNING with its token: the agent accepted it.
        JsonNode running = framework.awaitUpdate("authn-long", "TASK_RUNNING", WAIT);
        assertThat(running.path("source").asText()).isEqualTo("SOURCE_EXECUTOR");

        String frameworkId = framework.frameworkId();
        String token = awaitToken(mezzo.workDir());
        URI api = mezzo.baseUrl().resolve("/slave(1)/api/v1/executor");
        String heartbeat = heartbeat(frameworkId, EXECUTOR);

        HttpResponse<String> none = post(api, heartbeat, null);
        assertThat(none.statusCode()).as(none.body()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate"))
            .hasValue("Bearer realm=\"mesos-agent-executor\"");
        assertThat(none.body()).contains("MESOS_EXECUTOR_AUTHENTICATION_TOKEN");

        HttpResponse<String> forged = post(api, heartbeat, "Bearer " + forge(token));
        assertThat(forged.statusCode()).as(forged.body()).isEqualTo(401);
        assertThat(forged.body()).contains("signature");

        HttpResponse<String> basic = post(api, heartbeat, "Basic b3BzOnMzY3JldA==");
        assertThat(basic.statusCode()).as(basic.body()).isEqualTo(401);

        HttpResponse<String> other =
            post(api, heartbeat(frameworkId, "someone-else"), "Bearer " + token);
        assertThat(other.statusCode()).as(other.body()).isEqualTo(403);
        assertThat(other.body()).contains("'" + EXECUTOR + "'", "'someone-else'");

        HttpResponse<String> own = post(api, heartbeat, "Bearer " + token);
        assertThat(own.statusCode()).as(own.body()).isEqualTo(202);

        // A command task of the built-in Marathon runs too (the agent's own command executor).
        MarathonHttp marathon = new MarathonHttp(mezzo.baseUrl());
        MarathonHttp.Reply created =
            marathon.post(
                "/v2/apps",
                "{\"id\": \"/it/authn\", \"cmd\": \"sleep 120\", \"cpus\": 0.1, \"mem\": 32,"
                    + " \"instances\": 1}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        await("the Marathon app's task is running")
            .atMost(WAIT)
            .ignoreExceptions()
            .until(
                () -> {
                  JsonNode tasks = marathon.get("/v2/apps/it/authn/tasks").json().path("tasks");
                  return tasks.size() == 1
                      && "TASK_RUNNING".equals(tasks.get(0).path("state").asText());
                });
        marathon.delete("/v2/apps/it/authn");

        framework.kill("authn-long", offer.at("/agent_id/value").asText());
        framework.awaitUpdate("authn-long", "TASK_KILLED", WAIT);
      } finally {
        framework.teardown();
        framework.close();
      }
    }
  }

  private static String awaitToken(Path workDir) {
    return await("the executor's token in its sandbox")
        .atMost(WAIT)
        .ignoreExceptions()
        .until(() -> readToken(workDir), Optional::isPresent)
        .get();
  }

  private static Optional<String> readToken(Path workDir) throws IOException {
    try (Stream<Path> files = Files.walk(workDir)) {
      List<Path> found =
          files
              .filter(p -> p.getFileName().toString().equals("token.txt"))
              .filter(p -> p.toString().contains("/executors/" + EXECUTOR + "/"))
              .toList();
      for (Path p : found) {
        String token = Files.readString(p).strip();
        if (!token.isEmpty()) {
          return Optional.of(token);
        }
      }
      return Optional.empty();
    }
  }

  /** The same token with its claims changed to another executor's: its signature no longer fits. */
  private static String forge(String token) {
    String[] parts = token.split("\\.");
    String json = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    String changed = json.replace(EXECUTOR, "forged-exec");
    return parts[0]
        + "."
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(changed.getBytes(StandardCharsets.UTF_8))
        + "."
        + parts[2];
  }

  private static String heartbeat(String frameworkId, String executorId) {
    return "{\"type\":\"HEARTBEAT\",\"framework_id\":{\"value\":\""
        + frameworkId
        + "\"},\"executor_id\":{\"value\":\""
        + executorId
        + "\"}}";
  }

  private static HttpResponse<String> post(URI api, String body, String authorization)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(api)
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String task(String id, ObjectNode executor, String shell) {
    ObjectNode task =
        (ObjectNode) V1SchedulerClient.parse(V1SchedulerClient.commandTask(id, 0.1, 32, ""));
    task.remove("command");
    task.set("executor", executor);
    task.put("data", Base64.getEncoder().encodeToString(shell.getBytes(StandardCharsets.UTF_8)));
    return task.toString();
  }
}
