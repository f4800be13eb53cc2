package io.mezzo.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mezzo.agent.fetcher.Archives;
import io.mezzo.agent.fetcher.Archives.Entry;
import io.mezzo.agent.fetcher.TestServer;
import io.mezzo.api.v1.CommandInfo;
import io.mezzo.api.v1.Filters;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.api.v1.scheduler.Call;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fetcher on a real agent running real processes: a tarball served over HTTP by the test is
 * fetched, extracted and run, the second time from the cache; bad URIs fail their task.
 */
class FetcherClusterTest {
  @TempDir Path work;
  private InProcessCluster cluster;
  private TestServer server;
  private TestScheduler framework;

  @BeforeEach
  void start() throws Exception {
    server = new TestServer();
    cluster = new InProcessCluster(work);
    cluster.addAgent("cpus:2;mem:1024;disk:1024");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> cluster.agents.stream().allMatch(a -> a.isRegistered()));
    framework = new TestScheduler(cluster.master, "fetching").subscribe();
  }

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aServedTarballIsFetchedExtractedAndRunAndTheSecondTaskIsServedFromTheCache()
      throws Exception {
    byte[] tarball =
        Archives.compress(
            "app.tar.gz",
            Archives.of(
                    Entry.dir("app/"),
                    Entry.file("app/hello.sh", "#!/bin/sh\necho hello-fetched\n", 0755))
                .tar());
    server.serve("/app.tar.gz", tarball);
    CommandInfo.Uri uri = new CommandInfo.Uri(server.url("/app.tar.gz"), null, null, true, null);

    launch("first", "./app/hello.sh", uri);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> framework.saw("first", TaskState.TASK_FINISHED));
    launch("second", "./app/hello.sh", uri);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> framework.saw("second", TaskState.TASK_FINISHED));

    assertThat(sandboxFile("first", "stdout")).contains("hello-fetched");
    assertThat(sandboxFile("second", "stdout")).contains("hello-fetched");
    assertThat(sandboxFile("first", "stderr"))
        .contains("Fetching URI '" + server.url("/app.tar.gz") + "'");
    assertThat(sandboxFile("second", "stderr")).contains("Using the cached copy");
    assertThat(server.hits("/app.tar.gz")).isEqualTo(1);
  }

  @Test
  void anUnreachableUriFailsTheTaskNamingIt() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port + "/gone.tgz";

    launch("unreachable", "true", new CommandInfo.Uri(url, null, null, null, null));

    TaskStatus failed = awaitFailed("unreachable");
    assertThat(failed.reason()).isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
    assertThat(failed.message()).contains(url).contains("connection failed");
    assertThat(framework.saw("unreachable", TaskState.TASK_RUNNING)).isFalse();
  }

  @Test
  void anArchiveThatEscapesTheSandboxFailsTheTask() throws Exception {
    server.serve(
        "/evil.tar.gz",
        Archives.compress(
            "evil.tar.gz", Archives.of(Entry.file("../../../../planted.sh", "x", 0755)).tar()));

    launch("evil", "true", new CommandInfo.Uri(server.url("/evil.tar.gz"), null, null, null, null));

    TaskStatus failed = awaitFailed("evil");
    assertThat(failed.reason()).isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
    assertThat(failed.message()).contains("evil.tar.gz").contains("'..'");
    try (Stream<Path> all = Files.walk(work)) {
      assertThat(all.filter(p -> p.getFileName().toString().equals("planted.sh"))).isEmpty();
    }
  }

  @Test
  void aKillDuringTheFetchEndsTheTaskKilledWithoutWaitingForTheDownload() throws Exception {
    server.serve("/slow.tgz", new byte[10]).hold();

    String agent =
        launch(
            "slow", "true", new CommandInfo.Uri(server.url("/slow.tgz"), null, null, null, null));
    await().atMost(Duration.ofSeconds(60)).until(() -> server.hits("/slow.tgz") == 1);
    framework.callAndWait(
        Call.kill(
            framework.id,
            new Call.Kill(new TaskId("slow"), new io.mezzo.api.v1.AgentId(agent), null)));

    // The server still holds its answer (for up to 30 s): only the kill can end the task this soon.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> framework.saw("slow", TaskState.TASK_KILLED));
    TaskStatus killed =
        framework.updates("slow").stream()
            .filter(s -> s.state() == TaskState.TASK_KILLED)
            .findFirst()
            .orElseThrow();
    assertThat(killed.reason()).isEqualTo(TaskStatus.Reason.REASON_TASK_KILLED_DURING_LAUNCH);
    assertThat(framework.saw("slow", TaskState.TASK_RUNNING)).isFalse();
  }

  private TaskStatus awaitFailed(String task) {
    await().atMost(Duration.ofSeconds(60)).until(() -> framework.saw(task, TaskState.TASK_FAILED));
    return framework.updates(task).stream()
        .filter(s -> s.state() == TaskState.TASK_FAILED)
        .findFirst()
        .orElseThrow();
  }

  private String launch(String id, String command, CommandInfo.Uri uri) {
    Offer offer = framework.awaitOffer();
    TaskInfo task =
        new TaskInfo(
            id,
            new TaskId(id),
            offer.agentId(),
            List.of(Resource.scalar("cpus", 0.1), Resource.scalar("mem", 32)),
            null,
            new CommandInfo(List.of(uri), null, true, command, null, null),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    assertThat(
            framework
                .callAndWait(
                    Call.accept(
                        framework.id,
                        new Call.Accept(
                            List.of(offer.id()),
                            List.of(Call.Operation.launch(List.of(task))),
                            new Filters(0.0))))
                .status())
        .isEqualTo(202);
    return offer.agentId().value();
  }

  private String sandboxFile(String task, String name) throws Exception {
    try (Stream<Path> files = Files.walk(work)) {
      Path file =
          files
              .filter(
                  p ->
                      p.getFileName().toString().equals(name)
                          && p.toString().contains("/executors/" + task + "/"))
              .findFirst()
              .orElseThrow();
      return Files.readString(file);
    }
  }
}
