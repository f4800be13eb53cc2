package io.mezzo;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.bootstrap.Role;
import io.mezzo.testing.CompatibilityDoc;
import io.mezzo.testing.CompatibilityDoc.Row;
import io.mezzo.testing.CompatibilityDoc.Status;
import io.mezzo.testing.CompatibilityDoc.Table;
import io.mezzo.testing.RegisteredPaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * docs/mesos-compatibility.md held against the official Mesos 1.11 enums and Mezzo's code, so the
 * table cannot drift: one row per enum value, {@code refused} exactly where the code refuses (and
 * quoting its reason), and the endpoints exactly those each node registers.
 */
class MesosCompatibilityMatrixTest {
  private static final CompatibilityDoc DOC =
      CompatibilityDoc.read(Path.of("docs/mesos-compatibility.md"));

  @Test
  void everyOfficialTypeHasExactlyOneRowAndNoRowNamesATypeTheProtosLack() {
    Map<String, Class<? extends Enum<?>>> tables = new TreeMap<>();
    tables.put("Scheduler API: Call types", org.apache.mesos.v1.scheduler.Protos.Call.Type.class);
    tables.put("Scheduler API: Event types", org.apache.mesos.v1.scheduler.Protos.Event.Type.class);
    tables.put("Executor API: Call types", org.apache.mesos.v1.executor.Protos.Call.Type.class);
    tables.put("Executor API: Event types", org.apache.mesos.v1.executor.Protos.Event.Type.class);
    tables.put(
        "Master operator API: Call types", org.apache.mesos.v1.master.Protos.Call.Type.class);
    tables.put(
        "Master operator API: Event types", org.apache.mesos.v1.master.Protos.Event.Type.class);
    tables.put("Agent operator API: Call types", org.apache.mesos.v1.agent.Protos.Call.Type.class);
    tables.forEach(
        (heading, official) -> {
          List<String> named = new ArrayList<>();
          for (Row row : DOC.table(heading).rows()) {
            assertThat(row.names()).as("line %d names one type", row.line()).hasSize(1);
            named.add(row.names().get(0));
          }
          List<String> values = Arrays.stream(official.getEnumConstants()).map(Enum::name).toList();
          assertThat(named).as(heading).doesNotHaveDuplicates();
          assertThat(named).as(heading).containsExactlyInAnyOrderElementsOf(values);
        });
  }

  @Test
  void schedulerCallsAreRefusedInTheDocExactlyWhenTheMasterAnswers501() {
    assertRefusedExactlyAsTheCode(
        "Scheduler API: Call types", io.mezzo.master.scheduler.NotBuiltCalls.NOT_BUILT);
  }

  @Test
  void masterOperatorCallsAreRefusedInTheDocExactlyWhenTheMasterAnswers501() {
    assertRefusedExactlyAsTheCode(
        "Master operator API: Call types", io.mezzo.master.operator.OperatorCalls.NOT_BUILT);
  }

  @Test
  void agentOperatorCallsAreRefusedInTheDocExactlyWhenTheAgentAnswers501() {
    assertRefusedExactlyAsTheCode(
        "Agent operator API: Call types", io.mezzo.agent.operator.AgentOperatorCalls.NOT_BUILT);
  }

  @Test
  void executorCallsAndEventsAreNeverRefused() {
    // The agent answers every executor call type; events are sent or not, never refused.
    for (String heading :
        List.of(
            "Executor API: Call types",
            "Scheduler API: Event types",
            "Executor API: Event types",
            "Master operator API: Event types")) {
      for (Row row : DOC.table(heading).rows()) {
        assertThat(row.status())
            .as("%s, line %d", heading, row.line())
            .isNotEqualTo(Status.REFUSED);
      }
    }
  }

  @Test
  void everyServedEndpointIsRegisteredOnItsNodeAndEveryRegisteredPathIsListed() {
    RegisteredPaths registered =
        new RegisteredPaths(
            List.of("io.mezzo.http.master", "io.mezzo.http.agent", "io.mezzo.http.common"));
    Map<Role, Set<String>> documented = new HashMap<>();
    for (String heading :
        List.of(
            "v1 API endpoints",
            "Legacy endpoints of the master",
            "Legacy endpoints of the agent",
            "Legacy endpoints of every node")) {
      Table table = DOC.table(heading);
      for (Row row : table.rows()) {
        // A served path may still refuse what it cannot do (501), so any status goes here.
        for (Role role : roles(row.cell(table.header(), "Node"), row.line())) {
          documented.computeIfAbsent(role, r -> new TreeSet<>()).addAll(row.names());
        }
      }
    }
    Table absent = DOC.table("Mesos endpoints Mezzo does not serve");
    for (Role role : List.of(Role.MASTER, Role.AGENT)) {
      Set<String> served = registered.of(role);
      assertThat(documented.get(role))
          .as("paths the doc says a %s node serves, against what it registers", role)
          .containsExactlyInAnyOrderElementsOf(served);
      for (Row row : absent.rows()) {
        assertThat(row.status()).as("line %d", row.line()).isEqualTo(Status.REFUSED);
        if (roles(row.cell(absent.header(), "Node"), row.line()).contains(role)) {
          assertThat(served)
              .as("line %d says a %s node does not serve these; move the row", row.line(), role)
              .doesNotContainAnyElementsOf(row.names());
        }
      }
    }
  }

  /**
   * The rows of {@code heading}: {@code refused} exactly for the types in {@code notBuilt} (every
   * type but UNKNOWN, which Mesos refuses too), each quoting the code's reason when it has one, and
   * every refusal naming the issue that builds it (or that none does).
   */
  private static void assertRefusedExactlyAsTheCode(
      String heading, Map<? extends Enum<?>, String> notBuilt) {
    Map<String, String> reasons = new HashMap<>();
    notBuilt.forEach((type, why) -> reasons.put(type.name(), why));
    for (Row row : DOC.table(heading).rows()) {
      String type = row.names().get(0);
      if (type.equals("UNKNOWN")) {
        assertThat(row.status())
            .as("%s UNKNOWN: Mesos refuses it too", heading)
            .isNotEqualTo(Status.REFUSED);
        continue;
      }
      boolean refusedByCode = reasons.containsKey(type);
      assertThat(row.status() == Status.REFUSED)
          .as(
              "%s %s (line %d) is marked %s, but the code %s it",
              heading, type, row.line(), row.status(), refusedByCode ? "refuses" : "serves")
          .isEqualTo(refusedByCode);
      if (!refusedByCode) {
        continue;
      }
      assertThat(row.note()).as("%s %s names an issue", heading, type).contains("issue");
      // The code's 501 message may lead with "<TYPE> is not supported by Mezzo yet: ".
      String why = reasons.get(type).replaceFirst("^" + type + " is not supported by [^:]*: ", "");
      if (!why.isEmpty()) {
        assertThat(normalized(row.note()))
            .as("%s %s (line %d) quotes the code's reason", heading, type, row.line())
            .contains(normalized(why));
      }
    }
  }

  private static Set<Role> roles(String node, int line) {
    return switch (node) {
      case "master" -> EnumSet.of(Role.MASTER);
      case "agent" -> EnumSet.of(Role.AGENT);
      case "every node" -> EnumSet.of(Role.MASTER, Role.AGENT);
      default ->
          throw new IllegalStateException(
              "line " + line + ": Node must be master, agent or every node; got '" + node + "'");
    };
  }

  private static String normalized(String s) {
    return s.replaceAll("\\s+", " ").toLowerCase(java.util.Locale.ROOT);
  }
}
