package io.mezzo.http.jobs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.framework.jobs.JobsSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Chronos's run statistics of a job, from the runs the jobs snapshot keeps (its most recent ones,
 * bounded): {@code GET /job/stat/{name}} is {@code {"histogram": {…}, "taskStatHistory": […]}}, and
 * {@code GET /stats/{percentile}} ranks every job by one of the histogram's figures.
 *
 * <p>The histogram is of successful runs' durations in milliseconds, as Chronos's run-time
 * histogram is; percentiles interpolate between the two nearest samples. Chronos reports the median
 * as {@code mean}; Mezzo reports the mean.
 */
final class JobStats {
  /** The histogram's figures, in Chronos's order; {@code /stats/{percentile}} takes any of them. */
  static final List<String> FIGURES =
      List.of(
          "75thPercentile", "95thPercentile", "98thPercentile", "99thPercentile", "median", "mean");

  /** Chronos's task time format; Mezzo writes it in UTC. */
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("MM/dd/yy HH:mm:ss").withZone(ZoneOffset.UTC);

  private static final Set<String> FAILED =
      Set.of(
          "TASK_FAILED",
          "TASK_KILLED",
          "TASK_LOST",
          "TASK_ERROR",
          "TASK_DROPPED",
          "TASK_GONE",
          "TASK_GONE_BY_OPERATOR",
          "TASK_UNREACHABLE",
          "TASK_UNKNOWN");

  private JobStats() {}

  /** The body of {@code GET /job/stat/{name}}, without the framework id. */
  static ObjectNode stat(JobsSnapshot.Job job) {
    return stat(job, Optional.empty());
  }

  /**
   * The body of {@code GET /job/stat/{name}}. Beside Chronos's fields each task carries what Mezzo
   * knows and Chronos clients ignore, so the web UI can link a run to its sandbox and say how it
   * ended: {@code frameworkId}, {@code executorId}, {@code taskState}, and {@code exitStatus} and
   * {@code message} when the agent reported them.
   */
  static ObjectNode stat(JobsSnapshot.Job job, Optional<String> frameworkId) {
    ObjectNode out = ChronosJson.object();
    out.set("histogram", histogram(job));
    ArrayNode history = out.putArray("taskStatHistory");
    for (JobsSnapshot.Run run : job.runs()) {
      // A run not yet launched has no task for Chronos to report.
      if (run.taskId().isEmpty()) {
        continue;
      }
      ObjectNode t = history.addObject();
      t.put("taskId", run.taskId().get());
      t.put("jobName", job.definition().name());
      t.put("slaveId", run.agentId().orElse(""));
      t.put("startTime", time(run.startTime()));
      t.put("endTime", time(run.endTime()));
      duration(run).ifPresent(d -> t.put("duration", duration(d)));
      t.put("status", status(run.state()));
      t.put("taskState", run.state());
      frameworkId.ifPresent(id -> t.put("frameworkId", id));
      run.executorId().ifPresent(id -> t.put("executorId", id));
      run.exitStatus().ifPresent(code -> t.put("exitStatus", code));
      run.message().ifPresent(m -> t.put("message", m));
    }
    return out;
  }

  /** Chronos's histogram object of the job's successful run times (ms). */
  static ObjectNode histogram(JobsSnapshot.Job job) {
    double[] ms = successMillis(job);
    ObjectNode h = ChronosJson.object();
    for (String figure : FIGURES) {
      h.put(figure, figure(ms, figure));
    }
    h.put("count", ms.length);
    return h;
  }

  /** One histogram figure of the job's run times in milliseconds; 0 when it has no sample. */
  static double figure(JobsSnapshot.Job job, String figure) {
    return figure(successMillis(job), figure);
  }

  /** Chronos's task status: Success, Fail, Running, or Idle before the task runs. */
  static String status(String taskState) {
    if (taskState.equals("TASK_FINISHED")) {
      return "Success";
    }
    if (FAILED.contains(taskState)) {
      return "Fail";
    }
    return taskState.equals("TASK_RUNNING") ? "Running" : "Idle";
  }

  /**
   * Chronos's duration form: hours, minutes and seconds, each only when non-zero except the seconds
   * ({@code 1h0m5s} is written {@code 1h5s}; {@code 0s}); hours are not folded into days.
   */
  static String duration(Duration d) {
    long s = Math.max(0, d.toSeconds());
    StringBuilder out = new StringBuilder();
    if (s >= 3600) {
      out.append(s / 3600).append('h');
    }
    if (s % 3600 >= 60) {
      out.append(s % 3600 / 60).append('m');
    }
    return out.append(s % 60).append('s').toString();
  }

  private static Optional<Duration> duration(JobsSnapshot.Run run) {
    if (run.startTime().isEmpty() || run.endTime().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(Duration.between(run.startTime().get(), run.endTime().get()));
  }

  private static String time(Optional<Instant> t) {
    return t.map(TIME::format).orElse("N/A");
  }

  private static double[] successMillis(JobsSnapshot.Job job) {
    return job.runs().stream()
        .filter(r -> r.state().equals("TASK_FINISHED"))
        .map(JobStats::duration)
        .flatMap(Optional::stream)
        .mapToDouble(d -> Math.max(0, d.toMillis()))
        .sorted()
        .toArray();
  }

  private static double figure(double[] sorted, String figure) {
    return switch (figure) {
      case "75thPercentile" -> quantile(sorted, 0.75);
      case "95thPercentile" -> quantile(sorted, 0.95);
      case "98thPercentile" -> quantile(sorted, 0.98);
      case "99thPercentile" -> quantile(sorted, 0.99);
      case "median" -> quantile(sorted, 0.5);
      case "mean" -> sorted.length == 0 ? 0 : Arrays.stream(sorted).average().orElse(0);
      default -> throw new IllegalArgumentException("unknown figure " + figure);
    };
  }

  /**
   * The q-quantile of sorted samples, interpolating at position q·(n+1) (1-based) and clamped to
   * the smallest and largest sample — the estimate the metrics library behind Chronos uses.
   */
  static double quantile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    double pos = q * (sorted.length + 1);
    if (pos < 1) {
      return sorted[0];
    }
    if (pos >= sorted.length) {
      return sorted[sorted.length - 1];
    }
    int below = (int) pos;
    double lower = sorted[below - 1];
    double upper = sorted[below];
    return lower + (pos - below) * (upper - lower);
  }
}
