package io.mezzo.framework.services.app;

import static io.mezzo.framework.services.app.AppJsonTest.errors;
import static io.mezzo.framework.services.app.AppJsonTest.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One row per rule a user can trip: the definition, the path, and a part of the message. */
class AppValidatorTest {
  record Row(String fields, String path, String message) {}

  static final String DOCKER_BRIDGE =
      "'container': {'type': 'DOCKER', 'docker': {'image': 'i'}, 'portMappings': [%s]},"
          + " 'networks': [{'mode': 'container/bridge'}]";

  static final List<Row> ROWS =
      List.of(
          new Row("'cmd': 'x', 'args': ['y']", "/", "both 'cmd' and 'args'"),
          new Row("'cpus': 1", "/", "one of 'cmd' or 'args'"),
          new Row("'cmd': ''", "/cmd", "empty"),
          new Row("'container': {'type': 'MESOS'}", "/", "no image to run"),
          new Row("'cmd': 'x', 'id': 'a_b'", "/id", "lowercase"),
          new Row("'cmd': 'x', 'cpus': 'lots'", "/cpus", "must be a number"),
          new Row("'cmd': 'x', 'disk': -1", "/disk", "0 or more"),
          new Row("'cmd': 'x', 'instances': 1.5", "/instances", "whole number"),
          new Row("'cmd': 'x', 'constraints': [['hostname']]", "/constraints(0)", "2 or 3"),
          new Row(
              "'cmd': 'x', 'constraints': [['', 'UNIQUE']]", "/constraints(0)", "missing field"),
          new Row(
              "'cmd': 'x', 'constraints': [['hostname', 'UNIQUE', 'x']]",
              "/constraints(0)",
              "does not accept"),
          new Row(
              "'cmd': 'x', 'constraints': [['rack', 'MAX_PER']]",
              "/constraints(0)",
              "MAX_PER requires"),
          new Row(
              "'cmd': 'x', 'constraints': [['rack', 'MAX_PER', 'two']]",
              "/constraints(0)",
              "MAX_PER requires"),
          new Row(
              "'cmd': 'x', 'constraints': [['rack', 'GROUP_BY', 'x']]",
              "/constraints(0)",
              "GROUP_BY"),
          new Row(
              "'cmd': 'x', 'constraints': [['rack', 'LIKE']]",
              "/constraints(0)",
              "regular expression"),
          new Row(
              "'cmd': 'x', 'constraints': [['rack', 'UNLIKE', '[']]",
              "/constraints(0)",
              "not a valid regular expression"),
          new Row(
              "'cmd': 'x', 'constraints': [['rack', 'IS', 'a b']]",
              "/constraints(0)",
              "IS requires"),
          new Row(
              "'cmd': 'x', 'portDefinitions': [{'name': 'a'}, {'name': 'a'}]",
              "/portDefinitions(1)/name",
              "unique"),
          new Row(
              "'cmd': 'x', 'portDefinitions': [{'port': 80}, {'port': 80}]",
              "/portDefinitions(1)/port",
              "unique"),
          new Row("'cmd': 'x', 'requirePorts': true", "/portDefinitions(0)/port", "requirePorts"),
          new Row(
              "'cmd': 'x', 'portDefinitions': [{'port': 70000}]",
              "/portDefinitions(0)/port",
              "between 0 and 65535"),
          new Row(
              "'cmd': 'x', 'portDefinitions': [{'name': 'Web'}]",
              "/portDefinitions(0)/name",
              "lowercase"),
          new Row("'container': {'type': 'DOCKER'}", "/container/docker", "must be set"),
          new Row(
              "'cmd': 'x', 'container': {'type': 'MESOS', 'docker': {'image': 'i'}}",
              "/container/docker",
              "no image provisioner"),
          new Row(
              "'cmd': 'x', 'container': {'type': 'MESOS', 'volumes': [{}]}",
              "/container/volumes",
              "DOCKER"),
          new Row(
              "'cmd': 'x', 'container': {'type': 'DOCKER', 'docker': {'image': 'i'}, 'volumes': [{'containerPath': '/d', 'persistent': {'size': 1}}]}",
              "/container/volumes(0)/persistent",
              "persistent"),
          new Row(
              "'cmd': 'x', 'container': {'type': 'DOCKER', 'docker': {'image': 'i', 'parameters': [{'key': 'cap-add', 'value': 'ALL'}]}}",
              "/container/docker/parameters(0)/key",
              "not supported"),
          new Row(
              "'cmd': 'x', 'container': {'type': 'DOCKER', 'docker': {'image': 'i'}, 'portMappings': [{'containerPort': 80}]}",
              "/container/portMappings",
              "host networking"),
          new Row("'cmd': 'x', 'networks': [{'mode': 'container/bridge'}]", "/networks", "DOCKER"),
          new Row(
              "'cmd': 'x', 'networks': [{'mode': 'container', 'name': 'dcos'}]",
              "/networks(0)/mode",
              "CNI"),
          new Row(
              "'cmd': 'x', 'networks': [{'mode': 'host'}, {'mode': 'host'}]",
              "/networks",
              "at most one"),
          new Row(
              "'cmd': 'x', " + DOCKER_BRIDGE.formatted("") + ", 'portDefinitions': [{'port': 0}]",
              "/portDefinitions",
              "host networking"),
          new Row(
              "'cmd': 'x', " + DOCKER_BRIDGE.formatted("{'name': 'a'}, {'name': 'a'}"),
              "/container/portMappings(1)/name",
              "unique"),
          new Row(
              "'cmd': 'x', 'healthChecks': [{'protocol': 'MESOS_TCP', 'portIndex': 1}]",
              "/healthChecks(0)/portIndex",
              "out of range"),
          new Row(
              "'cmd': 'x', 'portDefinitions': [], 'healthChecks': [{'protocol': 'MESOS_TCP'}]",
              "/healthChecks(0)",
              "no ports"),
          new Row(
              "'cmd': 'x', 'healthChecks': [{'protocol': 'COMMAND'}]",
              "/healthChecks(0)/command",
              "must be set"),
          new Row(
              "'cmd': 'x', 'healthChecks': [{'protocol': 'MESOS_HTTP', 'ipProtocol': 'IPv6'}]",
              "/healthChecks(0)/ipProtocol",
              "IPv6"),
          new Row(
              "'cmd': 'x', 'healthChecks': [{'protocol': 'MESOS_HTTP', 'path': 'health'}]",
              "/healthChecks(0)/path",
              "'/'"),
          new Row(
              "'cmd': 'x', 'readinessChecks': [{'portName': 'nope'}]",
              "/readinessChecks(0)/portName",
              "nope"),
          new Row(
              "'cmd': 'x', 'readinessChecks': [{'portName': 'default', 'intervalSeconds': 5, 'timeoutSeconds': 5}]",
              "/readinessChecks(0)/timeoutSeconds",
              "less than"),
          new Row(
              "'cmd': 'x', 'upgradeStrategy': {'minimumHealthCapacity': 1.5}",
              "/upgradeStrategy/minimumHealthCapacity",
              "between 0.0 and 1.0"),
          new Row(
              "'cmd': 'x', 'upgradeStrategy': {'maximumOverCapacity': -0.1}",
              "/upgradeStrategy/maximumOverCapacity",
              "between 0.0 and 1.0"),
          new Row(
              "'cmd': 'x', 'unreachableStrategy': {'inactiveAfterSeconds': 10, 'expungeAfterSeconds': 5}",
              "/unreachableStrategy/inactiveAfterSeconds",
              "less or equal"),
          new Row(
              "'cmd': 'x', 'unreachableStrategy': 'sometimes'", "/unreachableStrategy", "disabled"),
          new Row("'cmd': 'x', 'killSelection': 'RANDOM'", "/killSelection", "YOUNGEST_FIRST"),
          new Row("'cmd': 'x', 'backoffFactor': 0.5", "/backoffFactor", "at least 1.0"),
          new Row(
              "'cmd': 'x', 'acceptedResourceRoles': ['prod']",
              "/acceptedResourceRoles(0)",
              "can only contain"),
          new Row(
              "'cmd': 'x', 'acceptedResourceRoles': []",
              "/acceptedResourceRoles",
              "must not be empty"),
          new Row("'cmd': 'x', 'role': '..'", "/role", "role name"),
          new Row(
              "'cmd': 'x', 'instances': 2, 'labels': {'MARATHON_SINGLE_INSTANCE_APP': 'true'}",
              "/instances",
              "Single instance"),
          new Row("'cmd': 'x', 'fetch': [{'uri': 'hdfs://nn/x'}]", "/fetch(0)/uri", "hdfs"),
          new Row(
              "'cmd': 'x', 'fetch': [{'uri': 'http://h/x'}], 'uris': ['http://h/y']",
              "/uris",
              "fetch"),
          new Row("'cmd': 'x', 'ports': [1], 'portDefinitions': [{'port': 2}]", "/ports", "both"),
          new Row("'cmd': 'x', 'dependencies': ['../../..']", "/dependencies(0)", "above the root"),
          new Row("'cmd': 'x', 'check': {}", "/check", "not supported"),
          new Row("'cmd': 'x', 'resourceLimits': {}", "/resourceLimits", "limits"),
          new Row(
              "'cmd': 'x', 'upgradeStrategy': {'minimumHealthCapacity': 1, 'x': 1}",
              "/upgradeStrategy/x",
              "unknown field"));

  @Test
  void everyRuleReportsItsPathAndReason() {
    for (Row r : ROWS) {
      String body = "{'id': '/a', " + r.fields() + "}";
      if (r.fields().contains("'id'")) {
        body = "{" + r.fields() + "}";
      }
      Map<String, List<String>> e = errors(body);
      assertThat(e).as(body).containsKey(r.path());
      assertThat(String.join(" | ", e.get(r.path()))).as(body).contains(r.message());
    }
  }

  @Test
  void validDefinitionsOfEveryOperatorPass() {
    parse(
        "{'id': '/a', 'cmd': 'x', 'constraints': [['hostname', 'UNIQUE'], ['rack', 'CLUSTER', 'r1'],"
            + " ['zone', 'GROUP_BY'], ['zone', 'GROUP_BY', '3'], ['hostname', 'LIKE', 'n[0-9]+'],"
            + " ['hostname', 'UNLIKE', 'bad.*'], ['rack', 'MAX_PER', '2'], ['os', 'IS', 'linux'],"
            + " ['rack', 'cluster']]}");
    assertThat(AppValidator.validate(parse("{'id': '/ok', 'cmd': 'x'}")).isEmpty()).isTrue();
  }
}
