package io.mezzo.framework.services.launch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.CommandInfo;
import io.mezzo.api.v1.ContainerInfo;
import io.mezzo.api.v1.HealthCheck;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.OfferId;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.Value;
import io.mezzo.core.resources.Resources;
import io.mezzo.framework.services.app.AppDefinition;
import io.mezzo.framework.services.app.AppJson;
import io.mezzo.framework.services.app.PathId;
import io.mezzo.framework.services.placement.Placement;
import io.mezzo.master.scheduler.TaskValidator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TaskFactoryTest {
  static final AgentId AGENT = AgentId.of("m-S1");
  static final UUID U = UUID.fromString("6f1c2d3e-0000-4000-8000-000000000001");

  static AppDefinition app(String s) {
    try {
      return AppJson.parse(new ObjectMapper().readTree(s.replace('\'', '"')), PathId.ROOT);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static Placement placement(List<Integer> ports) {
    List<Resource> res = new java.util.ArrayList<>();
    res.add(Resource.scalar("cpus", 0.5));
    res.add(Resource.scalar("mem", 64));
    for (int p : ports) {
      res.add(
          new Resource(
              "ports",
              Value.Type.RANGES,
              null,
              new Value.Ranges(List.of(new Value.Range((long) p, (long) p))),
              null,
              null,
              new Resource.AllocationInfo("marathon"),
              null));
    }
    Offer offer =
        new Offer(OfferId.of("o1"), null, AGENT, "node-1", null, null, res, List.of(), List.of());
    return new Placement(offer, res, ports);
  }

  static Map<String, String> env(TaskInfo t) {
    return t.command().environment().variables().stream()
        .collect(
            Collectors.toMap(
                CommandInfo.Environment.Variable::name, CommandInfo.Environment.Variable::value));
  }

  @Test
  void taskIdsCarryTheirApp() {
    TaskId id = TaskIds.of(PathId.parse("/prod/web.v2"), U);
    assertThat(id.value()).isEqualTo("prod_web.v2." + U);
    assertThat(TaskIds.appOf(id)).contains(PathId.parse("/prod/web.v2"));
    assertThat(TaskIds.appOf(TaskId.of("not-ours"))).isEmpty();
  }

  @Test
  void environmentTable() {
    AppDefinition a =
        app(
            "{'id': '/prod/web', 'cmd': 'x', 'cpus': 0.5, 'mem': 64, 'env': {'A': '1', 'PORT1':"
                + " 'mine'}, 'labels': {'team.name': 'ops'}, 'portDefinitions': [{'port': 0, 'name':"
                + " 'http'}, {'port': 9000}], 'version': '2026-01-01T00:00:00Z'}");
    Map<String, String> e =
        env(TaskFactory.build(a, placement(List.of(31000, 31001)), TaskIds.of(a.id(), U)));
    Map<String, String> expected =
        Map.ofEntries(
            Map.entry("PORT0", "31000"),
            Map.entry("PORT1", "mine"),
            Map.entry("PORT_31000", "31000"),
            Map.entry("PORT_9000", "31001"),
            Map.entry("PORT_HTTP", "31000"),
            Map.entry("PORT", "31000"),
            Map.entry("PORTS", "31000,31001"),
            Map.entry("HOST", "node-1"),
            Map.entry("MARATHON_APP_ID", "/prod/web"),
            Map.entry("MARATHON_APP_VERSION", "2026-01-01T00:00:00Z"),
            Map.entry("MARATHON_APP_RESOURCE_CPUS", "0.5"),
            Map.entry("MARATHON_APP_RESOURCE_MEM", "64.0"),
            Map.entry("MARATHON_APP_RESOURCE_DISK", "0.0"),
            Map.entry("MARATHON_APP_RESOURCE_GPUS", "0"),
            Map.entry("MARATHON_APP_LABELS", "TEAM_NAME"),
            Map.entry("MARATHON_APP_LABEL_TEAM_NAME", "ops"),
            Map.entry("A", "1"));
    assertThat(e).containsExactlyInAnyOrderEntriesOf(expected);
  }

  @Test
  void healthCheckTable() {
    String host = "{'id': '/h', 'cmd': 'x', 'portDefinitions': [{'port': 0}, {'port': 0}], ";
    String bridge =
        "{'id': '/b', 'container': {'type': 'DOCKER', 'docker': {'image': 'i'}, 'portMappings':"
            + " [{'containerPort': 8080}, {'containerPort': 0}]}, 'networks': [{'mode':"
            + " 'container/bridge'}], ";
    record Row(String app, HealthCheck.Type type, String scheme, Integer port) {}
    List<Row> rows =
        List.of(
            new Row(
                host + "'healthChecks': [{'protocol': 'MESOS_HTTP'}]}",
                HealthCheck.Type.HTTP,
                "http",
                31000),
            new Row(
                host + "'healthChecks': [{'protocol': 'MESOS_HTTPS', 'portIndex': 1}]}",
                HealthCheck.Type.HTTP,
                "https",
                31001),
            new Row(
                host + "'healthChecks': [{'protocol': 'MESOS_TCP', 'port': 22}]}",
                HealthCheck.Type.TCP,
                null,
                22),
            new Row(
                host + "'healthChecks': [{'protocol': 'COMMAND', 'command': {'value': 'true'}}]}",
                HealthCheck.Type.COMMAND,
                null,
                null),
            new Row(
                bridge + "'healthChecks': [{'protocol': 'MESOS_HTTP'}]}",
                HealthCheck.Type.HTTP,
                "http",
                8080),
            new Row(
                bridge + "'healthChecks': [{'protocol': 'MESOS_TCP', 'portIndex': 1}]}",
                HealthCheck.Type.TCP,
                null,
                31001));
    for (Row r : rows) {
      AppDefinition a = app(r.app());
      HealthCheck h =
          TaskFactory.build(a, placement(List.of(31000, 31001)), TaskIds.of(a.id(), U))
              .healthCheck();
      assertThat(h.type()).as(r.app()).isEqualTo(r.type());
      assertThat(h.gracePeriodSeconds()).isEqualTo(300.0);
      assertThat(h.intervalSeconds()).isEqualTo(60.0);
      assertThat(h.timeoutSeconds()).isEqualTo(20.0);
      assertThat(h.consecutiveFailures()).isEqualTo(3);
      assertThat(h.delaySeconds()).isEqualTo(15.0);
      switch (r.type()) {
        case HTTP -> {
          assertThat(h.http().scheme()).as(r.app()).isEqualTo(r.scheme());
          assertThat(h.http().port()).as(r.app()).isEqualTo(r.port());
        }
        case TCP -> assertThat(h.tcp().port()).as(r.app()).isEqualTo(r.port());
        default -> assertThat(h.command().value()).isEqualTo("true");
      }
    }
  }

  @Test
  void dockerBridgeMapsPlacedHostPorts() {
    AppDefinition a =
        app(
            "{'id': '/b', 'container': {'type': 'DOCKER', 'docker': {'image': 'nginx'},"
                + " 'portMappings': [{'containerPort': 80}]}, 'networks': [{'mode':"
                + " 'container/bridge'}], 'args': ['-g', 'daemon off;']}");
    TaskInfo t = TaskFactory.build(a, placement(List.of(31005)), TaskIds.of(a.id(), U));
    assertThat(t.container().type()).isEqualTo(ContainerInfo.Type.DOCKER);
    assertThat(t.container().docker().network()).isEqualTo(ContainerInfo.DockerInfo.Network.BRIDGE);
    assertThat(t.container().docker().portMappings())
        .containsExactly(new ContainerInfo.DockerInfo.PortMapping(31005, 80, "tcp"));
    assertThat(t.command().shell()).isFalse();
    assertThat(t.command().value()).isNull();
    assertThat(t.command().arguments()).containsExactly("-g", "daemon off;");
  }

  @Test
  void builtTasksPassTheMastersTaskValidation() {
    for (String s :
        List.of(
            "{'id': '/prod/web', 'cmd': 'sleep 100', 'fetch': [{'uri': 'http://h/a.tgz'}],"
                + " 'taskKillGracePeriodSeconds': 3, 'labels': {'a': 'b'}, 'healthChecks':"
                + " [{'protocol': 'MESOS_HTTP', 'path': '/'}]}",
            "{'id': '/args', 'args': ['sleep', '100'], 'portDefinitions': []}",
            "{'id': '/d', 'container': {'type': 'DOCKER', 'docker': {'image': 'nginx'}},"
                + " 'networks': [{'mode': 'container/bridge'}], 'healthChecks': [{'protocol':"
                + " 'MESOS_TCP'}]}",
            "{'id': '/u', 'cmd': 'id', 'user': 'nobody', 'container': {'type': 'MESOS'},"
                + " 'portDefinitions': [{'port': 31000}], 'requirePorts': true}",
            "{'id': '/v', 'container': {'type': 'DOCKER', 'docker': {'image': 'busybox',"
                + " 'forcePullImage': true, 'parameters': [{'key': 'env', 'value': 'A=1'}]},"
                + " 'volumes': [{'containerPath': '/data', 'hostPath': '/tmp', 'mode': 'RO'}]},"
                + " 'cmd': 'ls /data', 'healthChecks': [{'protocol': 'COMMAND', 'command':"
                + " {'value': 'true'}}]}")) {
      AppDefinition a = app(s);
      int ports =
          a.portDefinitions().size()
              + (a.container() == null ? 0 : a.container().portMappings().size());
      List<Integer> hostPorts = ports == 0 ? List.of() : List.of(31000);
      Placement p = placement(hostPorts);
      TaskInfo t = TaskFactory.build(a, p, TaskIds.of(a.id(), U));
      TaskValidator.Result r =
          TaskValidator.validate(
              t,
              AGENT,
              "marathon",
              Resources.parse("cpus:1;mem:128;ports:[31000-31010]"),
              Set.of());
      assertThat(r.error()).as(s).isNull();
    }
  }

  @Test
  void nameLabelsFetchKillPolicyAndDiscovery() {
    AppDefinition a =
        app(
            "{'id': '/prod/web', 'cmd': 'x', 'labels': {'b': '2', 'a': '1'}, 'fetch': [{'uri':"
                + " 'http://h/a.tgz', 'executable': true, 'cache': true, 'destPath': 'b.tgz'}],"
                + " 'taskKillGracePeriodSeconds': 7, 'portDefinitions': [{'port': 0, 'name':"
                + " 'http', 'protocol': 'udp,tcp'}]}");
    TaskInfo t = TaskFactory.build(a, placement(List.of(31000)), TaskIds.of(a.id(), U));
    assertThat(t.name()).isEqualTo("web.prod");
    assertThat(t.taskId().value()).isEqualTo("prod_web." + U);
    assertThat(t.agentId()).isEqualTo(AGENT);
    assertThat(t.labels().labels())
        .containsExactly(new io.mezzo.api.v1.Label("a", "1"), new io.mezzo.api.v1.Label("b", "2"));
    assertThat(t.command().uris())
        .containsExactly(new CommandInfo.Uri("http://h/a.tgz", true, true, true, "b.tgz"));
    assertThat(t.killPolicy().gracePeriod().toDuration()).hasSeconds(7);
    assertThat(t.command().shell()).isTrue();
    assertThat(t.command().value()).isEqualTo("x");
    assertThat(t.container()).isNull();
    assertThat(t.discovery().get("name").asText()).isEqualTo("web.prod");
    assertThat(t.discovery().at("/ports/ports").size()).isEqualTo(2);
    assertThat(t.discovery().at("/ports/ports/0/number").asInt()).isEqualTo(31000);
    assertThat(t.discovery().at("/ports/ports/1/protocol").asText()).isEqualTo("tcp");
  }

  @Test
  void aPlacementWithTheWrongNumberOfPortsIsAnError() {
    AppDefinition a = app("{'id': '/a', 'cmd': 'x'}");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> TaskFactory.build(a, placement(List.of()), TaskIds.of(a.id(), U)))
        .hasMessageContaining("1 port(s) but the placement has 0");
  }
}
