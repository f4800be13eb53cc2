package io.mezzo;

import static io.mezzo.testing.ProtoOracle.Schema.SCHEDULER_EVENT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.mezzo.testing.MezzoProcess;
import io.mezzo.testing.ProtoOracle;
import io.mezzo.testing.V1SchedulerClient;
import io.mezzo.testing.executor.ExecutorCommands;
import io.mezzo.testing.executor.TestExecutor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 on the packaged jar: one standalone Mezzo and a v1 framework over HTTP launch the
 * README's health-checked task, a task group, a task on a custom executor (the test program {@code
 * TestExecutor}, which proves the standalone wiring of {@code /api/v1/executor} and {@code
 * MESOS_AGENT_ENDPOINT}) and a task whose tarball the test serves. Every event parses strictly as
 * {@code mesos.v1.scheduler.Event}.
 */
class TasksAsMesosRunsThemIT {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static MezzoProcess mezzo;
  private V1SchedulerClient framework;

  @BeforeAll
  static void start() {
    mezzo = MezzoProcess.standalone("tasks-it");
  }

  @AfterAll
  static void stop() {
    if (mezzo != null) {
      mezzo.close();
    }
  }

  @BeforeEach
  void subscribe() {
    framework =
        V1SchedulerClient.subscribe(
            mezzo.baseUrl(), StandaloneIT.frameworkInfo("tasks-it-" + System.nanoTime()));
    framework.awaitEvent("SUBSCRIBED", WAIT);
  }

  @AfterEach
  void teardown() {
    if (framework != null) {
      for (String raw : framework.allRawEvents()) {
        ProtoOracle.check(SCHEDULER_EVENT, raw);
      }
      framework.teardown();
      framework.close();
    }
  }

  private JsonNode offer(double cpus) {
    return framework.awaitOffer(
        o ->
            V1SchedulerClient.scalar(o, "cpus") >= cpus
                && V1SchedulerClient.scalar(o, "mem") >= 256,
        WAIT);
  }

  @Test
  void healthCheckedTaskReportsHealthy() {
    JsonNode offer = offer(0.1);
    int port = MezzoProcess.freePort();
    ObjectNode task =
        (ObjectNode)
            V1SchedulerClient.parse(
                V1SchedulerClient.commandTask(
                    "web",
                    0.1,
                    32,
                    "mkdir -p www && echo ok > www/index.html && exec busybox httpd -f -p 127.0.0.1:"
                        + port
                        + " -h www"));
    ObjectNode check = task.putObject("health_check");
    check.put("type", "HTTP");
    check.putObject("http").put("port", port).put("path", "/");
    check.put("delay_seconds", 1).put("interval_seconds", 1);
    check.put("consecutive_failures", 3).put("grace_period_seconds", 5);
    V1SchedulerClient.Response r = framework.accept(offer, task.toString());
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    JsonNode healthy =
        framework.awaitUpdate(
            "web", "TASK_RUNNING", "REASON_TASK_HEALTH_CHECK_STATUS_UPDATED", WAIT);
    assertThat(healthy.path("healthy").asBoolean(false)).isTrue();
    kill("web", offer);
  }

  @Test
  void taskGroupRunsBothTasks() {
    JsonNode offer = offer(0.5);
    ObjectNode executor = V1SchedulerClient.parse("{}").deepCopy();
    executor.put("type", "DEFAULT");
    executor.putObject("executor_id").put("value", "group-it");
    executor.set("resources", V1SchedulerClient.scalarResources(offer, 0.1, 32));
    ArrayNode tasks = V1SchedulerClient.parse("[]").deepCopy();
    for (String id : new String[] {"g-a", "g-b"}) {
      ObjectNode t = tasks.addObject();
      t.put("name", id);
      t.putObject("task_id").put("value", id);
      t.set("agent_id", offer.get("agent_id"));
      t.set("resources", V1SchedulerClient.scalarResources(offer, 0.1, 32));
      t.putObject("command").put("value", "sleep 60");
    }
    ObjectNode call = framework.newCall("ACCEPT");
    ObjectNode accept = call.putObject("accept");
    accept.putArray("offer_ids").add(offer.get("id"));
    ObjectNode op = accept.putArray("operations").addObject();
    op.put("type", "LAUNCH_GROUP");
    ObjectNode group = op.putObject("launch_group");
    group.set("executor", executor);
    group.putObject("task_group").set("tasks", tasks);
    V1SchedulerClient.Response r = framework.call(call.toString());
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    framework.awaitUpdate("g-a", "TASK_RUNNING", WAIT);
    framework.awaitUpdate("g-b", "TASK_RUNNING", WAIT);
    kill("g-a", offer);
    // A killed task of a group kills the group, as Mesos's default executor does.
    framework.awaitUpdate("g-b", "TASK_KILLED", WAIT);
  }

  @Test
  void customExecutorRunsATaskAndEchoesAMessage() {
    JsonNode offer = offer(0.5);
    ObjectNode executor = V1SchedulerClient.parse("{}").deepCopy();
    executor.put("type", "CUSTOM");
    executor.putObject("executor_id").put("value", "exec-it");
    executor.putObject("command").put("value", javaExecutorCommand());
    executor.set("resources", V1SchedulerClient.scalarResources(offer, 0.1, 128));
    ObjectNode task =
        (ObjectNode) V1SchedulerClient.parse(V1SchedulerClient.commandTask("on-exec", 0.1, 32, ""));
    task.remove("command");
    task.set("executor", executor);
    task.put("data", b64("sleep 60"));
    V1SchedulerClient.Response r = framework.accept(offer, task.toString());
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    framework.awaitUpdate("on-exec", "TASK_RUNNING", WAIT);

    ObjectNode call = framework.newCall("MESSAGE");
    ObjectNode message = call.putObject("message");
    message.set("agent_id", offer.get("agent_id"));
    message.putObject("executor_id").put("value", "exec-it");
    message.put("data", b64("ping"));
    V1SchedulerClient.Response sent = framework.call(call.toString());
    assertThat(sent.status()).as(sent.body()).isEqualTo(202);
    JsonNode echo = framework.awaitEvent("MESSAGE", WAIT);
    assertThat(echo.at("/message/executor_id/value").asText()).isEqualTo("exec-it");
    assertThat(
            new String(
                Base64.getDecoder().decode(echo.at("/message/data").asText()),
                StandardCharsets.UTF_8))
        .isEqualTo("echo: ping");
    kill("on-exec", offer);
  }

  @Test
  void servedTarballIsFetchedExtractedRunAndCached() throws Exception {
    byte[] tarball = tarGz("hello.sh", "#!/bin/sh\necho fetched-and-run\n");
    AtomicInteger downloads = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/hello.tar.gz",
        x -> {
          downloads.incrementAndGet();
          x.sendResponseHeaders(200, tarball.length);
          try (OutputStream out = x.getResponseBody()) {
            out.write(tarball);
          }
        });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hello.tar.gz";
      for (String id : new String[] {"fetched", "cached"}) {
        JsonNode offer = offer(0.1);
        ObjectNode task =
            (ObjectNode)
                V1SchedulerClient.parse(V1SchedulerClient.commandTask(id, 0.1, 32, "sh hello.sh"));
        ObjectNode uri = ((ObjectNode) task.get("command")).putArray("uris").addObject();
        uri.put("value", url).put("extract", true).put("cache", true);
        V1SchedulerClient.Response r = framework.accept(offer, task.toString());
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        framework.awaitUpdate(id, "TASK_FINISHED", WAIT);
        assertThat(StandaloneIT.stdout(mezzo, id)).contains("fetched-and-run");
      }
      assertThat(downloads.get())
          .as("the second task is served from the agent's cache")
          .isEqualTo(1);
    } finally {
      server.stop(0);
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  private void kill(String taskId, JsonNode offer) {
    framework.kill(taskId, offer.at("/agent_id/value").asText());
    framework.awaitUpdate(taskId, "TASK_KILLED", WAIT);
  }

  private static String javaExecutorCommand() {
    return ExecutorCommands.java(TestExecutor.class);
  }

  private static byte[] tarGz(String name, String content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] data = content.getBytes(StandardCharsets.UTF_8);
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
      TarArchiveEntry e = new TarArchiveEntry(name);
      e.setSize(data.length);
      e.setMode(0755);
      tar.putArchiveEntry(e);
      tar.write(data);
      tar.closeArchiveEntry();
    }
    return bytes.toByteArray();
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
