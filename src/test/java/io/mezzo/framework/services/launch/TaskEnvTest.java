package io.mezzo.framework.services.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The port variables, case by case: host ports, bridge mappings without a host port, names. */
class TaskEnvTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "host ports from port definitions with port 0",
            List.of(0, 0),
            Arrays.asList(null, null),
            List.of(31000, 31001),
            Map.of(
                "PORT0", "31000",
                "PORT1", "31001",
                "PORT_31000", "31000",
                "PORT_31001", "31001",
                "PORT", "31000",
                "PORTS", "31000,31001")),
        Arguments.of(
            "bridge mapping with a host port: the host port",
            List.of(8080),
            List.of("http"),
            List.of(31005),
            Map.of(
                "PORT0", "31005",
                "PORT_8080", "31005",
                "PORT_HTTP", "31005",
                "PORT", "31005",
                "PORTS", "31005")),
        Arguments.of(
            "bridge mapping without a host port: the container port, never 0",
            List.of(8080, 9090),
            Arrays.asList("web", null),
            List.of(0, 31002),
            Map.of(
                "PORT0", "8080",
                "PORT1", "31002",
                "PORT_8080", "8080",
                "PORT_9090", "31002",
                "PORT_WEB", "8080",
                "PORT", "8080",
                "PORTS", "8080,31002")),
        Arguments.of(
            "neither a host nor a container port: no variable for that index",
            List.of(0, 7000),
            Arrays.asList("none", null),
            List.of(0, 0),
            Map.of("PORT1", "7000", "PORT_7000", "7000", "PORT", "7000", "PORTS", "7000")),
        Arguments.of("no ports at all", List.of(), List.of(), List.of(), Map.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void portVariables(
      String name,
      List<Integer> requested,
      List<String> names,
      List<Integer> hostPorts,
      Map<String, String> expected) {
    assertThat(TaskEnv.ports(requested, names, hostPorts))
        .containsExactlyInAnyOrderEntriesOf(expected);
  }
}
