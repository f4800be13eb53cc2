package io.mezzo.framework.services.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.framework.services.app.AppDefinition;
import io.mezzo.framework.services.instance.Instance;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/**
 * Marathon's {@code tasksStats} embed: counts and life times of the app's active instances, in
 * total and split by whether they run the latest configuration and started after the last scaling.
 * A part with no instance is left out, as Marathon does.
 */
final class TaskStats {
  private TaskStats() {}

  static ObjectNode of(AppDefinition app, List<Instance> active, Instant now) {
    Instant lastConfig =
        app.versionInfo() == null ? app.version() : app.versionInfo().lastConfigChangeAt();
    Instant lastScaling =
        app.versionInfo() == null ? app.version() : app.versionInfo().lastScalingAt();
    ObjectNode o = MarathonJson.object();
    part(
        o,
        "startedAfterLastScaling",
        active,
        i -> lastScaling != null && i.stagedAt() != null && !i.stagedAt().isBefore(lastScaling),
        now);
    part(
        o,
        "withLatestConfig",
        active,
        i -> lastConfig != null && i.appVersion() != null && !i.appVersion().isBefore(lastConfig),
        now);
    part(
        o,
        "withOutdatedConfig",
        active,
        i -> lastConfig != null && i.appVersion() != null && i.appVersion().isBefore(lastConfig),
        now);
    part(o, "totalSummary", active, i -> true, now);
    return o;
  }

  private static void part(
      ObjectNode out, String name, List<Instance> all, Predicate<Instance> which, Instant now) {
    List<Instance> these = all.stream().filter(which).toList();
    if (these.isEmpty()) {
      return;
    }
    ObjectNode stats = out.putObject(name).putObject("stats");
    MarathonJson.Counts c = MarathonJson.Counts.of(these);
    ObjectNode counts = stats.putObject("counts");
    counts.put("staged", c.staged());
    counts.put("running", c.running());
    counts.put("healthy", c.healthy());
    counts.put("unhealthy", c.unhealthy());
    double[] lives =
        these.stream()
            .filter(i -> i.startedAt() != null)
            .mapToDouble(i -> Duration.between(i.startedAt(), now).toMillis() / 1000.0)
            .sorted()
            .toArray();
    if (lives.length > 0) {
      ObjectNode life = stats.putObject("lifeTime");
      life.put("averageSeconds", java.util.Arrays.stream(lives).average().orElse(0));
      int m = lives.length / 2;
      life.put("medianSeconds", lives.length % 2 == 1 ? lives[m] : (lives[m - 1] + lives[m]) / 2);
    }
  }
}
