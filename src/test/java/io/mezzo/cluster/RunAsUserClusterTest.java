package io.mezzo.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.mezzo.api.v1.CommandInfo;
import io.mezzo.api.v1.Filters;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.scheduler.Call;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A framework's task runs as the user its command names, through master and a real agent. */
class RunAsUserClusterTest {
  @TempDir Path work;
  private InProcessCluster cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aTaskLaunchedThroughTheMasterRunsAsNobody() throws Exception {
    assumeThat((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid"))
        .as("switching users needs a root agent")
        .isZero();
    cluster = new InProcessCluster(work);
    cluster.addAgent("cpus:2;mem:1024;disk:1024");
    await().atMost(Duration.ofSeconds(60)).until(() -> cluster.agents.get(0).isRegistered());
    TestScheduler f = new TestScheduler(cluster.master, "users").subscribe();
    Offer offer = f.awaitOffer();
    TaskInfo task =
        new TaskInfo(
            "whoami",
            new TaskId("whoami"),
            offer.agentId(),
            List.of(Resource.scalar("cpus", 0.1), Resource.scalar("mem", 32)),
            null,
            new CommandInfo(null, null, true, "id -u", null, "nobody"),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);

    f.callAndWait(
        Call.accept(
            f.id,
            new Call.Accept(
                List.of(offer.id()),
                List.of(Call.Operation.launch(List.of(task))),
                new Filters(0.0))));

    await().atMost(Duration.ofSeconds(60)).until(() -> f.saw("whoami", TaskState.TASK_FINISHED));
    try (Stream<Path> files = Files.walk(work)) {
      Path stdout =
          files
              .filter(
                  p ->
                      p.getFileName().toString().equals("stdout")
                          && p.toString().contains("/executors/whoami/"))
              .findFirst()
              .orElseThrow();
      assertThat(Files.readString(stdout)).isEqualTo("65534\n");
    }
  }
}
