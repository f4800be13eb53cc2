package io.mezzo.framework.services.api;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What {@code embed=…} adds to an app's JSON. Marathon accepts each name with the prefix {@code
 * apps.}, {@code app.} or {@code group.apps.} (or none), and logs and ignores names it does not
 * know; Mezzo answers 400 naming the unknown one instead, so a typo is not silently an app without
 * its tasks.
 */
enum AppEmbed {
  TASKS,
  COUNTS,
  DEPLOYMENTS,
  LAST_TASK_FAILURE,
  TASK_STATS,
  READINESS;

  private static final List<String> PREFIXES = List.of("group.apps.", "apps.", "app.");

  /** Parses embed values; group-level ones ({@code group.groups}, …) are left to the caller. */
  static Set<AppEmbed> parse(List<String> values) {
    Set<AppEmbed> out = EnumSet.noneOf(AppEmbed.class);
    for (String value : values) {
      String name = value;
      for (String p : PREFIXES) {
        if (value.startsWith(p)) {
          name = value.substring(p.length());
          break;
        }
      }
      switch (name) {
        case "tasks" -> {
          out.add(TASKS);
          out.add(DEPLOYMENTS); // Marathon's documented side effect of embedding tasks
        }
        case "counts", "count" -> out.add(COUNTS);
        case "deployments" -> out.add(DEPLOYMENTS);
        case "lastTaskFailure" -> out.add(LAST_TASK_FAILURE);
        case "taskStats" -> out.add(TASK_STATS);
        case "readiness" -> out.add(READINESS);
        case "failures" -> out.addAll(EnumSet.of(TASKS, LAST_TASK_FAILURE, DEPLOYMENTS));
        default ->
            throw ApiReply.badRequest(
                "Unknown embed '"
                    + value
                    + "'; known: apps.tasks, apps.counts, apps.deployments, apps.lastTaskFailure,"
                    + " apps.taskStats, apps.readiness, apps.failures (also with the app. or"
                    + " group.apps. prefix)");
      }
    }
    return out;
  }
}
