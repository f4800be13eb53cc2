package io.mezzo.framework.services.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mezzo.framework.services.ServicesException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AppJsonTest {
  static final ObjectMapper M = new ObjectMapper();

  static JsonNode json(String s) {
    try {
      return M.readTree(s.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  static AppDefinition parse(String s) {
    return AppJson.parse(json(s), PathId.ROOT);
  }

  /** Path → errors of the 422 that parsing {@code s} throws. */
  static Map<String, List<String>> errors(String s) {
    try {
      parse(s);
    } catch (ServicesException e) {
      assertThat(e.status()).isEqualTo(422);
      assertThat(e.getMessage()).isEqualTo("Object is not valid");
      return e.details().stream()
          .collect(
              Collectors.toMap(ServicesException.Detail::path, ServicesException.Detail::errors));
    }
    throw new AssertionError("expected a 422 for " + s);
  }

  @Test
  void minimalAppGetsMarathonsDefaults() {
    AppDefinition a = parse("{'id': 'web', 'cmd': 'python3 -m http.server $PORT0'}");
    assertThat(a.id()).isEqualTo(PathId.parse("/web"));
    assertThat(a.instances()).isEqualTo(1);
    assertThat(a.cpus()).isEqualTo(1.0);
    assertThat(a.mem()).isEqualTo(128.0);
    assertThat(a.disk()).isEqualTo(0.0);
    assertThat(a.gpus()).isZero();
    assertThat(a.backoffSeconds()).isEqualTo(1.0);
    assertThat(a.backoffFactor()).isEqualTo(1.15);
    assertThat(a.maxLaunchDelaySeconds()).isEqualTo(300.0);
    assertThat(a.upgradeStrategy()).isEqualTo(new AppDefinition.UpgradeStrategy(1, 1));
    assertThat(a.unreachableStrategy())
        .isEqualTo(new AppDefinition.UnreachableStrategy(false, 0, 0));
    assertThat(a.killSelection()).isEqualTo(AppDefinition.KillSelection.YOUNGEST_FIRST);
    assertThat(a.networks()).containsExactly(new AppDefinition.Network("host", null, Map.of()));
    assertThat(a.portDefinitions())
        .containsExactly(new AppDefinition.PortDefinition(0, "tcp", "default", Map.of()));
    assertThat(a.requirePorts()).isFalse();
    assertThat(a.role()).isEqualTo("marathon");
    assertThat(a.container()).isNull();
    assertThat(a.args()).isNull();
  }

  @Test
  void relativeIdsResolveAgainstTheBaseGroup() {
    AppDefinition a =
        AppJson.parse(
            json("{'id': '../db', 'cmd': 'x', 'dependencies': ['cache']}"),
            PathId.parse("/prod/web"));
    assertThat(a.id()).isEqualTo(PathId.parse("/prod/db"));
    assertThat(a.dependencies()).containsExactly(PathId.parse("/prod/cache"));
  }

  @Test
  void everyProblemIsReportedAtItsMarathonPath() {
    Map<String, List<String>> e =
        errors(
            "{'id': 'Web!', 'cmd': 'x', 'cpus': 0, 'mem': -1, 'instances': -2, 'gpus': 1,"
                + " 'bogus': 1, 'constraints': [['hostname', 'SOMETIMES']],"
                + " 'healthChecks': [{'protocol': 'MESOS_HTTP', 'portIndex': 3}],"
                + " 'container': {'type': 'DOCKER', 'docker': {}}}");
    assertThat(e.keySet())
        .contains(
            "/id",
            "/cpus",
            "/mem",
            "/instances",
            "/gpus",
            "/bogus",
            "/constraints(0)",
            "/healthChecks(0)/portIndex",
            "/container/docker/image");
    assertThat(e.get("/bogus").get(0)).contains("unknown field 'bogus'");
    assertThat(e.get("/gpus").get(0)).contains("no GPU agents");
  }

  @Test
  void marathonFieldsMezzoCannotRunAreRefusedWithTheReason() {
    Map<String, List<String>> e =
        errors(
            "{'id': 'a', 'cmd': 'x', 'env': {'PW': {'secret': 'pw'}}, 'secrets': {'pw': {'source':"
                + " 'x'}}, 'ipAddress': {}, 'tty': true, 'executor': '/my/exec', 'residency': {},"
                + " 'healthChecks': [{'protocol': 'HTTP'}, {'protocol': 'TCP'}]}");
    assertThat(e.get("/env/PW").get(0)).contains("secret");
    assertThat(e.get("/secrets").get(0)).contains("secret store");
    assertThat(e.get("/ipAddress").get(0)).contains("CNI");
    assertThat(e.get("/tty").get(0)).contains("terminal");
    assertThat(e.get("/executor").get(0)).contains("custom executors");
    assertThat(e.get("/residency").get(0)).contains("persistent");
    assertThat(e.get("/healthChecks(0)/protocol").get(0)).contains("MESOS_HTTP");
    assertThat(e.get("/healthChecks(1)/protocol").get(0)).contains("MESOS_TCP");
    assertThat(e.get("/healthChecks").get(0)).contains("one health check");
  }

  @Test
  void deprecatedUrisAndPortsBecomeFetchAndPortDefinitions() {
    AppDefinition a =
        parse(
            "{'id': 'a', 'cmd': 'x', 'uris': ['http://h/app.tgz', 'http://h/conf'], 'ports': [8080, 0]}");
    assertThat(a.fetch())
        .containsExactly(
            new AppDefinition.FetchUri("http://h/app.tgz", true, false, false, null),
            new AppDefinition.FetchUri("http://h/conf", false, false, false, null));
    assertThat(a.portDefinitions())
        .extracting(AppDefinition.PortDefinition::port)
        .containsExactly(8080, 0);
  }

  @Test
  void dockerBridgeGetsADefaultPortMappingAndNoPortDefinitions() {
    AppDefinition a =
        parse(
            "{'id': 'a', 'container': {'type': 'DOCKER', 'docker': {'image': 'nginx', 'network':"
                + " 'BRIDGE'}}}");
    assertThat(a.networks())
        .extracting(AppDefinition.Network::mode)
        .containsExactly("container/bridge");
    assertThat(a.portDefinitions()).isEmpty();
    assertThat(a.container().portMappings())
        .containsExactly(new AppDefinition.PortMapping(0, 0, 0, "tcp", "default", Map.of()));
  }

  @Test
  void writeThenParseGivesTheSameApp() {
    for (String s :
        List.of(
            "{'id': '/a', 'cmd': 'x'}",
            "{'id': '/p/b', 'args': ['sleep', '1'], 'user': 'nobody', 'env': {'A': '1'},"
                + " 'labels': {'team': 'x'}, 'constraints': [['hostname', 'UNIQUE'], ['rack',"
                + " 'GROUP_BY', '2']], 'fetch': [{'uri': 'https://h/f.zip', 'destPath': 'g.zip'}],"
                + " 'portDefinitions': [{'port': 8080, 'name': 'http'}], 'requirePorts': true,"
                + " 'healthChecks': [{'protocol': 'MESOS_HTTP', 'path': '/health'}],"
                + " 'readinessChecks': [{'portName': 'http'}], 'upgradeStrategy':"
                + " {'minimumHealthCapacity': 0.5, 'maximumOverCapacity': 0},"
                + " 'unreachableStrategy': 'disabled', 'killSelection': 'OLDEST_FIRST',"
                + " 'taskKillGracePeriodSeconds': 5, 'acceptedResourceRoles': ['*'],"
                + " 'version': '2026-01-01T00:00:00Z', 'versionInfo': {'lastScalingAt':"
                + " '2026-01-01T00:00:00Z', 'lastConfigChangeAt': '2026-01-01T00:00:00Z'}}",
            "{'id': '/d', 'container': {'type': 'DOCKER', 'docker': {'image': 'nginx',"
                + " 'parameters': [{'key': 'env', 'value': 'A=1'}]}, 'portMappings':"
                + " [{'containerPort': 80, 'name': 'http', 'protocol': 'udp,tcp'}], 'volumes':"
                + " [{'containerPath': '/data', 'hostPath': '/srv', 'mode': 'RO'}]}, 'networks':"
                + " [{'mode': 'container/bridge'}], 'healthChecks': [{'protocol': 'COMMAND',"
                + " 'command': {'value': 'true'}}]}",
            "{'id': '/m', 'cmd': 'x', 'container': {'type': 'MESOS'}, 'portDefinitions': []}")) {
      AppDefinition a = parse(s);
      assertThat(AppJson.parse(AppJson.write(a), PathId.ROOT)).as(s).isEqualTo(a);
    }
  }

  @Test
  void writeSpellsOutEveryDefault() {
    JsonNode w = AppJson.write(parse("{'id': 'a', 'cmd': 'x'}"));
    for (String f :
        List.of(
            "id",
            "cmd",
            "env",
            "instances",
            "cpus",
            "mem",
            "disk",
            "gpus",
            "constraints",
            "fetch",
            "networks",
            "portDefinitions",
            "requirePorts",
            "healthChecks",
            "readinessChecks",
            "dependencies",
            "upgradeStrategy",
            "unreachableStrategy",
            "killSelection",
            "backoffSeconds",
            "backoffFactor",
            "maxLaunchDelaySeconds",
            "labels",
            "role")) {
      assertThat(w.has(f)).as(f).isTrue();
    }
    assertThat(w.get("unreachableStrategy").get("inactiveAfterSeconds").asLong()).isZero();
  }

  @Test
  void patchReplacesTheGivenTopLevelFieldsOnly() {
    AppDefinition a =
        parse(
            "{'id': 'a', 'cmd': 'x', 'mem': 64, 'labels': {'k': 'v'}, 'version': '2026-01-01T00:00:00Z'}");
    AppDefinition p = AppJson.patch(a, json("{'instances': 3, 'args': ['y']}"));
    assertThat(p.instances()).isEqualTo(3);
    assertThat(p.mem()).isEqualTo(64.0);
    assertThat(p.labels()).containsEntry("k", "v");
    assertThat(p.cmd()).isNull();
    assertThat(p.args()).containsExactly("y");
    assertThat(p.version()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThatThrownBy(() -> AppJson.patch(a, json("{'id': '/other'}")))
        .isInstanceOf(ServicesException.class);
    assertThatThrownBy(
            () -> AppJson.patch(a, json("{'version': '2026-01-01T00:00:00Z', 'mem': 1}")))
        .isInstanceOf(ServicesException.class);
    assertThat(AppJson.rollbackVersion(json("{'version': '2026-01-01T00:00:00Z'}")))
        .contains(Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Test
  void anIdFromTheUrlMustMatchTheBody() {
    PathId url = PathId.parse("/prod/web");
    assertThat(AppJson.parse(json("{'cmd': 'x'}"), PathId.ROOT, url).id()).isEqualTo(url);
    assertThat(AppJson.parse(json("{'id': '/prod/web', 'cmd': 'x'}"), PathId.ROOT, url).id())
        .isEqualTo(url);
    assertThatThrownBy(() -> AppJson.parse(json("{'id': '/other', 'cmd': 'x'}"), PathId.ROOT, url))
        .isInstanceOfSatisfying(
            ServicesException.class, e -> assertThat(e.details().get(0).path()).isEqualTo("/id"));
  }

  @Test
  void marathonsGetOutputCanBePostedBack() {
    AppDefinition a =
        parse(
            "{'id': '/myapp', 'cmd': 'sleep 60', 'args': null, 'user': null, 'container': null,"
                + " 'executor': '', 'uris': [], 'ports': [10013], 'tasksRunning': 0, 'deployments':"
                + " [{'id': 'x'}], 'secrets': {}, 'version': '2015-09-25T15:13:48.343Z'}");
    assertThat(a.portDefinitions())
        .extracting(AppDefinition.PortDefinition::port)
        .containsExactly(10013);
    assertThat(errors("[1]").get("/").get(0)).contains("JSON object");
  }

  @Test
  void patchingTheNetworkLetsPortsTakeTheNewNetworksDefaults() {
    AppDefinition host =
        parse(
            "{'id': 'd', 'container': {'type': 'DOCKER', 'docker': {'image': 'nginx'}},"
                + " 'portDefinitions': [{'port': 0, 'name': 'web'}]}");
    AppDefinition bridged =
        AppJson.patch(host, json("{'networks': [{'mode': 'container/bridge'}]}"));
    assertThat(bridged.portDefinitions()).isEmpty();
    assertThat(bridged.container().portMappings()).hasSize(1);
    AppDefinition back = AppJson.patch(bridged, json("{'networks': [{'mode': 'host'}]}"));
    assertThat(back.container().portMappings()).isEmpty();
    assertThat(back.portDefinitions())
        .extracting(AppDefinition.PortDefinition::name)
        .containsExactly("default");
  }
}
