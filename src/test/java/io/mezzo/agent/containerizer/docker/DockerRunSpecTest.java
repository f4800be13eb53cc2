package io.mezzo.agent.containerizer.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.agent.TestTasks;
import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.agent.state.Paths;
import io.mezzo.agent.user.UserAccount;
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
import io.mezzo.api.v1.Value;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a task becomes as a Docker create request: pure, no engine. */
class DockerRunSpecTest {
  private static final Path WORK = Path.of("/work-dir");
  private static final Resource PORTS =
      new Resource(
          "ports",
          Value.Type.RANGES,
          null,
          new Value.Ranges(List.of(new Value.Range(31000L, 31002L))),
          null,
          null,
          null,
          null);

  private static ContainerConfig config(
      DockerInfo docker, CommandInfo command, Resource... resources) {
    TaskInfo task =
        new TaskInfo(
            "t",
            TaskId.of("t1"),
            null,
            List.of(resources),
            null,
            command,
            new ContainerInfo(ContainerInfo.Type.DOCKER, null, "web-1", docker, null, null),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    Paths.Run run =
        new Paths(WORK)
            .run(AgentId.of("a1"), FrameworkId.of("f1"), ExecutorId.of("t1"), ContainerId.of("c1"));
    return new ContainerConfig(run, task, TestTasks.framework("f1"));
  }

  private static DockerInfo image(
      DockerInfo.Network network,
      List<DockerInfo.PortMapping> mappings,
      List<DockerInfo.Parameter> params) {
    return new DockerInfo("local/busybox", network, mappings, null, params, null);
  }

  @Test
  void aShellTaskOnBridgeWithLimitsPortsSandboxAndEnvironment() {
    ContainerConfig c =
        config(
            image(
                DockerInfo.Network.BRIDGE,
                List.of(
                    new DockerInfo.PortMapping(31001, 8080, null),
                    new DockerInfo.PortMapping(31002, 53, "UDP")),
                List.of(
                    new DockerInfo.Parameter("env", "EXTRA=1"),
                    new DockerInfo.Parameter("label", "team=a"))),
            TestTasks.shellWithEnv("echo hi", Map.of("GREETING", "hello")),
            Resource.scalar("cpus", 0.5),
            Resource.scalar("mem", 64),
            PORTS);

    JsonNode spec = DockerRunSpec.of(c, "/agent-work", "/mezzo/docker/c1", true);

    assertThat(spec.at("/Image").asText()).isEqualTo("local/busybox");
    assertThat(spec.at("/Cmd").toString()).isEqualTo("[\"/bin/sh\",\"-c\",\"echo hi\"]");
    assertThat(spec.has("Entrypoint")).isFalse();
    assertThat(spec.at("/WorkingDir").asText()).isEqualTo("/mnt/mesos/sandbox");
    assertThat(spec.at("/Hostname").asText()).isEqualTo("web-1");
    assertThat(spec.at("/HostConfig/NetworkMode").asText()).isEqualTo("bridge");
    assertThat(spec.at("/HostConfig/PortBindings/8080~1tcp/0/HostPort").asText())
        .isEqualTo("31001");
    assertThat(spec.at("/HostConfig/PortBindings/53~1udp/0/HostPort").asText()).isEqualTo("31002");
    assertThat(spec.at("/ExposedPorts").has("8080/tcp")).isTrue();
    assertThat(spec.at("/HostConfig/CpuShares").asLong()).isEqualTo(512);
    assertThat(spec.at("/HostConfig/CpuQuota").asLong()).isEqualTo(50_000);
    assertThat(spec.at("/HostConfig/CpuPeriod").asLong()).isEqualTo(100_000);
    assertThat(spec.at("/HostConfig/Memory").asLong()).isEqualTo(64L << 20);
    assertThat(spec.at("/HostConfig/MemorySwap").asLong())
        .as("no swap beyond the limit")
        .isEqualTo(64L << 20);
    assertThat(spec.at("/HostConfig/CgroupParent").asText()).isEqualTo("/mezzo/docker/c1");
    assertThat(spec.at("/HostConfig/Binds/0").asText()).endsWith("/runs/c1:/mnt/mesos/sandbox");
    assertThat(spec.at("/Env").toString())
        .contains(
            "\"GREETING=hello\"",
            "\"EXTRA=1\"",
            "\"MESOS_SANDBOX=/mnt/mesos/sandbox\"",
            "\"MESOS_CONTAINER_NAME=mezzo-c1\"",
            "\"MESOS_TASK_ID=t1\"");
    assertThat(spec.at("/Labels/io.mezzo.container-id").asText()).isEqualTo("c1");
    assertThat(spec.at("/Labels/io.mezzo.owner").asText()).isEqualTo("/agent-work");
    assertThat(spec.at("/Labels/team").asText()).isEqualTo("a");
  }

  private static ContainerConfig withVolumes(String volumesJson) {
    ContainerConfig plain = config(image(null, null, null), CommandInfo.shell("true"));
    TaskInfo t = plain.task();
    List<JsonNode> volumes = new java.util.ArrayList<>();
    io.mezzo.api.v1.MesosJson.read(volumesJson, JsonNode.class).forEach(volumes::add);
    ContainerInfo c = t.container();
    TaskInfo task =
        new TaskInfo(
            t.name(),
            t.taskId(),
            null,
            t.resources(),
            null,
            t.command(),
            new ContainerInfo(c.type(), volumes, null, c.docker(), null, null),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    return new ContainerConfig(plain.run(), task, plain.framework());
  }

  @Test
  void volumesBecomeBindsUnderTheSandboxAndNamedVolumeMounts() {
    ContainerConfig c =
        withVolumes(
            "[{\"mode\": \"RO\", \"container_path\": \"/etc/app\", \"host_path\": \"/srv/app\"},"
                + " {\"mode\": \"RW\", \"container_path\": \"cache\", \"host_path\": \"data/c\"},"
                + " {\"mode\": \"RO\", \"container_path\": \"/v\", \"source\": {\"type\":"
                + " \"DOCKER_VOLUME\", \"docker_volume\": {\"driver\": \"local\", \"name\": \"vol\","
                + " \"driver_options\": {\"parameter\": [{\"key\": \"type\", \"value\": \"tmpfs\"}]}}}},"
                + " {\"mode\": \"RW\", \"container_path\": \"/w\", \"source\": {\"type\":"
                + " \"DOCKER_VOLUME\", \"docker_volume\": {\"name\": \"plain\"}}}]");

    JsonNode spec = DockerRunSpec.of(c, "o", null, false);

    JsonNode binds = spec.at("/HostConfig/Binds");
    assertThat(binds.get(1).asText()).isEqualTo("/srv/app:/etc/app:ro");
    assertThat(binds.get(2).asText())
        .isEqualTo(c.sandbox().toAbsolutePath() + "/data/c:/mnt/mesos/sandbox/cache:rw");
    JsonNode named = spec.at("/HostConfig/Mounts/0");
    assertThat(named.at("/Type").asText()).isEqualTo("volume");
    assertThat(named.at("/Source").asText()).isEqualTo("vol");
    assertThat(named.at("/Target").asText()).isEqualTo("/v");
    assertThat(named.at("/ReadOnly").asBoolean()).isTrue();
    assertThat(named.at("/VolumeOptions/DriverConfig/Name").asText()).isEqualTo("local");
    assertThat(named.at("/VolumeOptions/DriverConfig/Options/type").asText()).isEqualTo("tmpfs");
    JsonNode plainVolume = spec.at("/HostConfig/Mounts/1");
    assertThat(plainVolume.at("/ReadOnly").asBoolean()).isFalse();
    assertThat(plainVolume.has("VolumeOptions")).as("the engine's default driver").isFalse();
    assertThatThrownBy(
            () ->
                DockerRunSpec.of(
                    withVolumes(
                        "[{\"mode\": \"RW\", \"container_path\": \"/x\", \"source\":"
                            + " {\"type\": \"SANDBOX_PATH\"}}]"),
                    "o",
                    null,
                    false))
        .hasMessageContaining("container.volumes[0].source.type SANDBOX_PATH is not supported");
  }

  @Test
  void anArgvTaskOnHostUsesTheValueAsEntrypointAndNoCfsWithoutIt() {
    ContainerConfig c =
        config(
            image(null, null, null),
            TestTasks.argv("/bin/echo", "echo", "a b"),
            Resource.scalar("cpus", 1));

    JsonNode spec = DockerRunSpec.of(c, "/agent-work", null, false);

    assertThat(spec.at("/HostConfig/NetworkMode").asText()).isEqualTo("host");
    assertThat(spec.at("/Entrypoint").toString()).isEqualTo("[\"/bin/echo\"]");
    assertThat(spec.at("/Cmd").toString()).isEqualTo("[\"echo\",\"a b\"]");
    assertThat(spec.has("Hostname")).as("HOST networking keeps the host's name").isFalse();
    assertThat(spec.at("/HostConfig").has("CpuQuota")).isFalse();
    assertThat(spec.at("/HostConfig").has("CgroupParent")).isFalse();
    assertThat(spec.at("/HostConfig").has("Memory")).isFalse();
  }

  @Test
  void badInputIsRefusedSayingWhat() {
    assertThatThrownBy(
            () ->
                DockerRunSpec.of(
                    config(
                        new DockerInfo(" ", null, null, null, null, null),
                        CommandInfo.shell("true")),
                    "o",
                    null,
                    false))
        .hasMessage("a DOCKER container needs ContainerInfo.docker.image");
    assertThatThrownBy(
            () ->
                DockerRunSpec.of(
                    config(
                        image(
                            DockerInfo.Network.BRIDGE,
                            List.of(new DockerInfo.PortMapping(80, 80, null)),
                            null),
                        CommandInfo.shell("true"),
                        PORTS),
                    "o",
                    null,
                    false))
        .hasMessage("host port 80 of a port_mapping is not in the task's ports");
    assertThatThrownBy(
            () ->
                DockerRunSpec.of(
                    config(
                        image(
                            DockerInfo.Network.HOST,
                            List.of(new DockerInfo.PortMapping(31000, 80, null)),
                            null),
                        CommandInfo.shell("true"),
                        PORTS),
                    "o",
                    null,
                    false))
        .hasMessage("port_mappings need BRIDGE networking, the task asks for HOST");
    assertThatThrownBy(
            () ->
                DockerRunSpec.of(
                    config(
                        image(null, null, List.of(new DockerInfo.Parameter("volume", "/:/host"))),
                        CommandInfo.shell("true")),
                    "o",
                    null,
                    false))
        .hasMessage("docker parameter 'volume' is not supported");
    assertThatThrownBy(
            () ->
                DockerRunSpec.of(
                    config(
                        image(null, null, null),
                        CommandInfo.shell("true"),
                        Resource.scalar("cpus", -2)),
                    "o",
                    null,
                    false))
        .hasMessageContaining("cpus must be a positive number, got -2");
    assertThatThrownBy(
            () ->
                DockerRunSpec.of(
                    config(image(DockerInfo.Network.USER, null, null), CommandInfo.shell("true")),
                    "o",
                    null,
                    false))
        .hasMessageContaining("USER networks");
  }

  @Test
  void theTasksUserGoesToTheEngineByNumberAndAnExplicitUserParameterWins() {
    ContainerConfig c = config(image(null, null, null), CommandInfo.shell("id -u"));
    UserAccount nobody = new UserAccount("nobody", 65534, 65533, List.of(), "/nonexistent");
    ContainerConfig asNobody = new ContainerConfig(c.run(), c.task(), c.framework(), nobody);

    assertThat(DockerRunSpec.of(c, "/agent-work", null, false).has("User"))
        .as("the agent's own user: the image's default")
        .isFalse();
    assertThat(DockerRunSpec.of(asNobody, "/agent-work", null, false).at("/User").asText())
        .isEqualTo("65534:65533");
    ContainerConfig p =
        config(
            image(null, null, List.of(new DockerInfo.Parameter("user", "daemon"))),
            CommandInfo.shell("id -u"));
    ContainerConfig withParameter = new ContainerConfig(p.run(), p.task(), p.framework(), nobody);
    assertThat(DockerRunSpec.of(withParameter, "/agent-work", null, false).at("/User").asText())
        .isEqualTo("daemon");
  }
}
