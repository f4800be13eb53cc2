package io.mezzo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tasks of the master's {@code /master/state}, each with its framework's name and its agent's
 * hostname: one request gives a consistent picture of all three.
 */
final class MesosTasks {
  private static final Set<String> TERMINAL =
      Set.of(
          "TASK_FINISHED",
          "TASK_FAILED",
          "TASK_KILLED",
          "TASK_ERROR",
          "TASK_LOST",
          "TASK_DROPPED",
          "TASK_GONE",
          "TASK_GONE_BY_OPERATOR");

  /** A task as the legacy state shows it, with where it runs. */
  record Task(JsonNode json, String frameworkName, String agentHost, boolean completed) {
    String id() {
      return json.path("id").asText();
    }

    String state() {
      return json.path("state").asText();
    }

    /** When its first status came (the legacy state gives seconds since the epoch). */
    Instant started() {
      double first = Double.MAX_VALUE;
      for (JsonNode s : json.path("statuses")) {
        if (s.path("timestamp").isNumber()) {
          first = Math.min(first, s.path("timestamp").asDouble());
        }
      }
      return first == Double.MAX_VALUE ? null : Instant.ofEpochMilli((long) (first * 1000));
    }
  }

  private MesosTasks() {}

  static boolean isTerminal(String state) {
    return TERMINAL.contains(state);
  }

  /** Every task of the state: active and unreachable ones, then the completed ones. */
  static List<Task> of(JsonNode state) {
    Map<String, String> hosts = new HashMap<>();
    for (JsonNode a : state.path("slaves")) {
      hosts.put(a.path("id").asText(), a.path("hostname").asText());
    }
    List<Task> out = new ArrayList<>();
    for (String list : new String[] {"tasks", "unreachable_tasks", "completed_tasks"}) {
      for (String frameworks : new String[] {"frameworks", "completed_frameworks"}) {
        for (JsonNode f : state.path(frameworks)) {
          for (JsonNode t : f.path(list)) {
            out.add(
                new Task(
                    t,
                    f.path("name").asText(),
                    hosts.get(t.path("slave_id").asText()),
                    list.equals("completed_tasks")));
          }
        }
      }
    }
    return out;
  }
}
