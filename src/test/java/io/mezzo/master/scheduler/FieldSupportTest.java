package io.mezzo.master.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.MesosJson;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.core.resources.Resources;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every field Mezzo does not honour is refused by name when the task arrives as JSON (so a field
 * the records lacked would fail here, dropped by Jackson), and what it honours passes. One row per
 * field of docs/task-fields.md that is refused.
 */
class FieldSupportTest {
  private static final String BASE =
      """
      {"name": "t", "task_id": {"value": "t"}, "agent_id": {"value": "a1"},
       "resources": [{"name": "cpus", "type": "SCALAR", "scalar": {"value": 1}},
                     {"name": "mem", "type": "SCALAR", "scalar": {"value": 64}},
                     {"name": "ports", "type": "RANGES",
                      "ranges": {"range": [{"begin": 31000, "end": 31000}]}}],
       "command": {"value": "true"}}
      """;
  private static final String DOCKER =
      "{\"container\": {\"type\": \"DOCKER\", \"docker\": {\"image\": \"busybox\"}}}";
  private static final String BRIDGE =
      "{\"container\": {\"type\": \"DOCKER\","
          + " \"docker\": {\"image\": \"busybox\", \"network\": \"BRIDGE\"}}}";
  private static final String MESOS = "{\"container\": {\"type\": \"MESOS\"}}";

  static Stream<Arguments> refused() {
    return Stream.of(
        row("limits", "{\"limits\": {\"cpus\": {\"value\": \"Infinity\"}}}"),
        row(
            "container.linux_info",
            MESOS,
            "{\"container\": {\"linux_info\": {\"share_pid_namespace\": true}}}"),
        row(
            "container.rlimit_info",
            DOCKER,
            "{\"container\": {\"rlimit_info\": {\"rlimits\": [{\"type\": \"RLMT_NOFILE\"}]}}}"),
        row(
            "container.tty_info",
            MESOS,
            "{\"container\": {\"tty_info\": {\"window_size\": {\"rows\": 1, \"columns\": 1}}}}"),
        row(
            "container.network_infos",
            MESOS,
            "{\"container\": {\"network_infos\": [{\"name\": \"cni\"}]}}"),
        row(
            "container.mesos.image",
            "{\"container\": {\"type\": \"MESOS\", \"mesos\": {\"image\": {\"type\": \"DOCKER\","
                + " \"docker\": {\"name\": \"busybox\"}}}}}"),
        row("use type DOCKER", MESOS, "{\"container\": {\"docker\": {\"image\": \"busybox\"}}}"),
        row("container.volumes", MESOS, volume("\"host_path\": \"/tmp\"")),
        row("container.hostname", MESOS, "{\"container\": {\"hostname\": \"h\"}}"),
        row("container.mesos is set", DOCKER, "{\"container\": {\"mesos\": {\"image\": {}}}}"),
        row(
            "container.docker.network USER",
            "{\"container\": {\"type\": \"DOCKER\","
                + " \"docker\": {\"image\": \"busybox\", \"network\": \"USER\"}}}"),
        row(
            "container.docker.volume_driver",
            DOCKER,
            "{\"container\": {\"docker\": {\"volume_driver\": \"local\"}}}"),
        row("container.hostname cannot", DOCKER, "{\"container\": {\"hostname\": \"h\"}}"),
        row(
            "container.volumes[0].mode must be RW or RO",
            DOCKER,
            "{\"container\": {\"volumes\":"
                + " [{\"container_path\": \"/d\", \"host_path\": \"/tmp\"}]}}"),
        row(
            "container.volumes[0].mode must be RW or RO",
            DOCKER,
            "{\"container\": {\"volumes\":"
                + " [{\"container_path\": \"/d\", \"mode\": \"RX\", \"host_path\": \"/tmp\"}]}}"),
        row(
            "container.volumes[0].container_path is required",
            DOCKER,
            "{\"container\": {\"volumes\": [{\"mode\": \"RW\", \"host_path\": \"/tmp\"}]}}"),
        row(
            "container.volumes[0].image is not supported by Mezzo",
            DOCKER,
            volume("\"image\": {\"type\": \"DOCKER\", \"docker\": {\"name\": \"busybox\"}}")),
        row(
            "container.volumes[0] has both host_path and source",
            DOCKER,
            volume(
                "\"host_path\": \"/tmp\", \"source\": {\"type\": \"DOCKER_VOLUME\","
                    + " \"docker_volume\": {\"name\": \"v\"}}")),
        row(
            "container.volumes[0].host_path '../../etc' leaves the sandbox",
            DOCKER,
            volume("\"host_path\": \"../../etc\"")),
        row("container.volumes[0] needs host_path or source", DOCKER, volume("\"x\": 1")),
        row(
            "container.volumes[0].source.type SANDBOX_PATH is not supported",
            DOCKER,
            volume(
                "\"source\": {\"type\": \"SANDBOX_PATH\","
                    + " \"sandbox_path\": {\"type\": \"PARENT\", \"path\": \"shared\"}}")),
        row(
            "container.volumes[0].source.type SECRET is not supported",
            DOCKER,
            volume("\"source\": {\"type\": \"SECRET\", \"secret\": {\"type\": \"REFERENCE\"}}")),
        row(
            "container.volumes[0].source.type CSI_VOLUME is not supported",
            DOCKER,
            volume("\"source\": {\"type\": \"CSI_VOLUME\", \"csi_volume\": {}}")),
        row(
            "container.volumes[0].source.type HOST_PATH is not supported",
            DOCKER,
            volume("\"source\": {\"type\": \"HOST_PATH\", \"host_path\": {\"path\": \"/tmp\"}}")),
        row(
            "container.volumes[1].source.docker_volume.name is required",
            DOCKER,
            "{\"container\": {\"volumes\": [{\"container_path\": \"/a\", \"mode\": \"RO\","
                + " \"host_path\": \"/tmp\"}, {\"container_path\": \"/b\", \"mode\": \"RW\","
                + " \"source\": {\"type\": \"DOCKER_VOLUME\", \"docker_volume\": {}}}]}}"),
        row(
            "command.environment.variables[TOKEN] is not supported by Mezzo",
            "{\"command\": {\"environment\": {\"variables\": [{\"name\": \"TOKEN\","
                + " \"type\": \"SECRET\", \"secret\": {\"type\": \"REFERENCE\"}}]}}}"),
        row(
            "variables[A] has type UNKNOWN",
            "{\"command\": {\"environment\": {\"variables\": [{\"name\": \"A\","
                + " \"type\": \"UNKNOWN\", \"value\": \"x\"}]}}}"),
        row(
            "variables[A] is of type VALUE but has no 'value'",
            "{\"command\": {\"environment\": {\"variables\": [{\"name\": \"A\"}]}}}"),
        row(
            "variables[A] is of type VALUE but has a 'secret'",
            "{\"command\": {\"environment\": {\"variables\": [{\"name\": \"A\", \"value\": \"x\","
                + " \"secret\": {\"type\": \"VALUE\", \"value\": {\"data\": \"eA==\"}}}]}}}"),
        row(
            "executor.container.linux_info",
            "{\"command\": null, \"executor\": {\"executor_id\": {\"value\": \"e\"},"
                + " \"command\": {\"value\": \"x\"}, \"container\": {\"type\": \"MESOS\","
                + " \"linux_info\": {\"share_pid_namespace\": true}}}}"));
  }

  static Stream<Arguments> honoured() {
    return Stream.of(
        row("plain command", "{}"),
        row("docker image", DOCKER),
        row("docker hostname on BRIDGE", BRIDGE, "{\"container\": {\"hostname\": \"h\"}}"),
        row("empty mesos info", MESOS, "{\"container\": {\"mesos\": {}}}"),
        row("empty hostname", MESOS, "{\"container\": {\"hostname\": \"\"}}"),
        row(
            "docker force pull",
            DOCKER,
            "{\"container\": {\"docker\": {\"force_pull_image\": true}}}"),
        row(
            "docker bind and named volumes",
            DOCKER,
            "{\"container\": {\"volumes\": [{\"container_path\": \"/a\", \"mode\": \"RO\","
                + " \"host_path\": \"/tmp\"}, {\"container_path\": \"data\", \"mode\": \"RW\","
                + " \"host_path\": \"./in/sandbox\"}, {\"container_path\": \"/b\","
                + " \"mode\": \"RW\", \"source\": {\"type\": \"DOCKER_VOLUME\","
                + " \"docker_volume\": {\"driver\": \"local\", \"name\": \"v\","
                + " \"driver_options\": {\"parameter\": [{\"key\": \"type\","
                + " \"value\": \"tmpfs\"}]}}}}]}}"),
        row(
            "value variables",
            "{\"command\": {\"environment\": {\"variables\": [{\"name\": \"A\", \"value\": \"\"},"
                + " {\"name\": \"B\", \"type\": \"VALUE\", \"value\": \"b\"}]}}}"),
        row(
            "fields other helpers implement",
            "{\"health_check\": {\"type\": \"COMMAND\", \"command\": {\"value\": \"true\"}},"
                + " \"check\": {\"type\": \"COMMAND\", \"command\": {\"command\": {\"value\": \"true\"}}},"
                + " \"max_completion_time\": {\"nanoseconds\": 1000000000},"
                + " \"kill_policy\": {\"grace_period\": {\"nanoseconds\": 1}},"
                + " \"labels\": {\"labels\": [{\"key\": \"k\", \"value\": \"v\"}]},"
                + " \"discovery\": {\"visibility\": \"FRAMEWORK\"}, \"data\": \"eA==\","
                + " \"command\": {\"user\": \"nobody\", \"uris\": [{\"value\": \"http://x/a\"}]}}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void refusesNamingTheField(String expected, TaskInfo task) {
    assertThat(FieldSupport.problem(task))
        .hasValueSatisfying(m -> assertThat(m).contains(expected));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void theValidatorRefusesTheTaskWithTheSameMessage(String expected, TaskInfo task) {
    TaskValidator.Result r =
        TaskValidator.validate(
            task,
            new AgentId("a1"),
            "*",
            Resources.parse("cpus:2;mem:512;ports:[31000-31000]"),
            Set.of());
    assertThat(r.valid()).isFalse();
    if (task.executor() == null) {
      assertThat(r.error()).contains(expected);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("honoured")
  void acceptsWhatMezzoHonours(String name, TaskInfo task) {
    assertThat(FieldSupport.problem(task)).isEmpty();
  }

  /** A task of BASE with the fragments merged in, in order. */
  private static Arguments row(String expected, String... fragments) {
    JsonNode node = MesosJson.tree(MesosJson.read(BASE, JsonNode.class));
    for (String f : fragments) {
      merge((ObjectNode) node, (ObjectNode) MesosJson.read(f, JsonNode.class));
    }
    return Arguments.of(expected, MesosJson.convert(node, TaskInfo.class));
  }

  private static void merge(ObjectNode into, ObjectNode from) {
    for (Iterator<Map.Entry<String, JsonNode>> it = from.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode old = into.get(e.getKey());
      if (old instanceof ObjectNode o && e.getValue() instanceof ObjectNode n) {
        merge(o, n);
      } else if (e.getValue().isNull()) {
        into.remove(e.getKey());
      } else {
        into.set(e.getKey(), e.getValue());
      }
    }
  }

  private static String volume(String fields) {
    return "{\"container\": {\"volumes\": [{\"container_path\": \"/data\", \"mode\": \"RW\", "
        + fields
        + "}]}}";
  }
}
