package io.mezzo.agent.containerizer.docker;

import static io.mezzo.agent.TestTasks.volume;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.agent.TestTasks;
import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.agent.state.Paths;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.CommandInfo;
import io.mezzo.api.v1.ContainerId;
import io.mezzo.api.v1.ContainerInfo;
import io.mezzo.api.v1.ContainerInfo.DockerInfo;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Docker task's persistent volumes are binds of their directories under the sandbox mount. */
class DockerPersistentVolumesTest {
  @TempDir Path work;

  private ContainerConfig config(Resource... resources) {
    TaskInfo task =
        new TaskInfo(
            "t",
            TaskId.of("t1"),
            null,
            List.of(resources),
            null,
            CommandInfo.shell("true"),
            new ContainerInfo(
                ContainerInfo.Type.DOCKER,
                null,
                null,
                new DockerInfo("local/busybox", null, null, null, null, null, null),
                null,
                null),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    Paths.Run run =
        new Paths(work)
            .run(AgentId.of("a1"), FrameworkId.of("f1"), ExecutorId.of("t1"), ContainerId.of("c1"));
    return new ContainerConfig(run, task, TestTasks.framework("f1"));
  }

  @Test
  void eachVolumeIsABindInItsModeBesideTheSandbox() throws Exception {
    Paths paths = new Paths(work);
    Files.createDirectories(paths.volumeDir("eng/ml", "v1"));
    Files.createDirectories(paths.volumeDir("eng", "v2"));

    JsonNode spec =
        DockerRunSpec.of(
            config(
                Resource.scalar("cpus", 1),
                volume("eng/ml", "v1", "data", false, 10),
                volume("eng", "v2", "conf/ro", true, 1)),
            "o",
            null,
            false);

    assertThat(spec.at("/HostConfig/Binds").toString())
        .contains("\"" + paths.volumeDir("eng/ml", "v1") + ":/mnt/mesos/sandbox/data:rw\"")
        .contains("\"" + paths.volumeDir("eng", "v2") + ":/mnt/mesos/sandbox/conf/ro:ro\"");
    assertThat(spec.at("/HostConfig/Binds/0").asText()).endsWith(":/mnt/mesos/sandbox");
  }

  @Test
  void aVolumeWithoutItsDirectoryIsRefusedNamingIt() {
    assertThatThrownBy(
            () ->
                DockerRunSpec.of(config(volume("eng", "gone", "data", false, 1)), "o", null, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[gone:data]")
        .hasMessageContaining("no directory");
  }
}
