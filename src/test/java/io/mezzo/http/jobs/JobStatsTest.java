package io.mezzo.http.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.framework.jobs.JobsSnapshot;
import io.mezzo.framework.jobs.job.JobDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobStatsTest {
  private static final Instant T0 = Instant.parse("2026-12-02T06:00:00Z");
  private static final JobDefinition DEF = JobDefinition.scheduled("etl", "run.sh", "R/P1D");

  static JobsSnapshot.Run run(String id, String state, Instant start, Duration took) {
    return new JobsSnapshot.Run(
        "run-" + id,
        "schedule",
        Optional.of(start),
        0,
        Optional.of("ct:" + id + ":0:etl:"),
        state,
        Optional.of("agent-1"),
        Optional.of("ct:" + id + ":0:etl:"),
        Optional.of(start),
        took == null ? Optional.empty() : Optional.of(start.plus(took)),
        Optional.empty(),
        Optional.empty());
  }

  static JobsSnapshot.Job job(List<JobsSnapshot.Run> runs) {
    return new JobsSnapshot.Job(
        DEF, JobsSnapshot.Counters.ZERO, Optional.empty(), "running", 0, runs);
  }

  @Test
  void taskHistoryHasChronosFieldsAndForms() {
    JobsSnapshot.Job job =
        job(
            List.of(
                run("3", "TASK_RUNNING", T0.plusSeconds(7200), null),
                run("2", "TASK_FAILED", T0.plusSeconds(3600), Duration.ofSeconds(3725)),
                run("1", "TASK_FINISHED", T0, Duration.ofSeconds(65))));
    JsonNode history = JobStats.stat(job).get("taskStatHistory");
    assertThat(history).hasSize(3);
    JsonNode running = history.get(0);
    assertThat(running.get("taskId").asText()).isEqualTo("ct:3:0:etl:");
    assertThat(running.get("jobName").asText()).isEqualTo("etl");
    assertThat(running.get("slaveId").asText()).isEqualTo("agent-1");
    assertThat(running.get("startTime").asText()).isEqualTo("12/02/26 08:00:00");
    assertThat(running.get("endTime").asText()).isEqualTo("N/A");
    assertThat(running.has("duration")).isFalse();
    assertThat(running.get("status").asText()).isEqualTo("Running");
    assertThat(history.get(1).get("duration").asText()).isEqualTo("1h2m5s");
    assertThat(history.get(1).get("status").asText()).isEqualTo("Fail");
    assertThat(history.get(2).get("duration").asText()).isEqualTo("1m5s");
    assertThat(history.get(2).get("status").asText()).isEqualTo("Success");
  }

  @Test
  void eachTaskAlsoSaysWhereItsSandboxIsAndHowItEnded() {
    JobsSnapshot.Run failed =
        new JobsSnapshot.Run(
            "run-2",
            "schedule",
            Optional.of(T0),
            1,
            Optional.of("ct:2:1:etl:"),
            "TASK_FAILED",
            Optional.of("agent-1"),
            Optional.of("ct:2:1:etl:"),
            Optional.of(T0),
            Optional.of(T0.plusSeconds(3)),
            Optional.of(3),
            Optional.of("Command exited with status 3"));
    JsonNode task =
        JobStats.stat(job(List.of(failed)), Optional.of("fw-1")).get("taskStatHistory").get(0);
    assertThat(task.get("frameworkId").asText()).isEqualTo("fw-1");
    assertThat(task.get("executorId").asText()).isEqualTo("ct:2:1:etl:");
    assertThat(task.get("taskState").asText()).isEqualTo("TASK_FAILED");
    assertThat(task.get("exitStatus").asInt()).isEqualTo(3);
    assertThat(task.get("message").asText()).isEqualTo("Command exited with status 3");
    JsonNode bare =
        JobStats.stat(job(List.of(run("1", "TASK_RUNNING", T0, null))))
            .get("taskStatHistory")
            .get(0);
    assertThat(bare.has("frameworkId")).isFalse();
    assertThat(bare.has("exitStatus")).isFalse();
    assertThat(bare.has("message")).isFalse();
  }

  @Test
  void aRunNotYetLaunchedIsNotATask() {
    JobsSnapshot.Run claimed =
        new JobsSnapshot.Run(
            "r",
            "manual",
            Optional.empty(),
            0,
            Optional.empty(),
            "CLAIMED",
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    assertThat(JobStats.stat(job(List.of(claimed))).get("taskStatHistory")).isEmpty();
  }

  @Test
  void histogramIsOfSuccessfulRunTimesInMilliseconds() {
    JobsSnapshot.Job job =
        job(
            List.of(
                run("1", "TASK_FINISHED", T0, Duration.ofSeconds(1)),
                run("2", "TASK_FINISHED", T0, Duration.ofSeconds(2)),
                run("3", "TASK_FINISHED", T0, Duration.ofSeconds(3)),
                run("4", "TASK_FINISHED", T0, Duration.ofSeconds(10)),
                run("5", "TASK_FAILED", T0, Duration.ofSeconds(500))));
    JsonNode h = JobStats.stat(job).get("histogram");
    assertThat(h.get("count").asInt()).isEqualTo(4);
    assertThat(h.get("median").asDouble()).isEqualTo(2500.0);
    assertThat(h.get("mean").asDouble()).isEqualTo(4000.0);
    assertThat(h.get("75thPercentile").asDouble()).isEqualTo(8250.0);
    assertThat(h.get("99thPercentile").asDouble()).isEqualTo(10000.0);
    assertThat(h.fieldNames())
        .toIterable()
        .containsExactly(
            "75thPercentile",
            "95thPercentile",
            "98thPercentile",
            "99thPercentile",
            "median",
            "mean",
            "count");
  }

  @Test
  void anEmptyHistogramIsZeros() {
    JsonNode h = JobStats.histogram(job(List.of()));
    assertThat(h.get("count").asInt()).isZero();
    assertThat(h.get("median").asDouble()).isZero();
    assertThat(h.get("mean").asDouble()).isZero();
  }

  @Test
  void quantileClampsToTheExtremesAndInterpolatesBetween() {
    double[] one = {5};
    assertThat(JobStats.quantile(one, 0.5)).isEqualTo(5);
    double[] xs = {10, 20, 30};
    assertThat(JobStats.quantile(xs, 0.01)).isEqualTo(10);
    assertThat(JobStats.quantile(xs, 0.5)).isEqualTo(20);
    assertThat(JobStats.quantile(xs, 0.625)).isEqualTo(25);
    assertThat(JobStats.quantile(xs, 0.99)).isEqualTo(30);
  }

  @Test
  void durationsAndStatusesAreChronosForms() {
    assertThat(JobStats.duration(Duration.ZERO)).isEqualTo("0s");
    assertThat(JobStats.duration(Duration.ofSeconds(3600))).isEqualTo("1h0s");
    assertThat(JobStats.duration(Duration.ofHours(30).plusMinutes(1))).isEqualTo("30h1m0s");
    assertThat(JobStats.duration(Duration.ofMillis(1999))).isEqualTo("1s");
    assertThat(JobStats.status("TASK_KILLED")).isEqualTo("Fail");
    assertThat(JobStats.status("TASK_LOST")).isEqualTo("Fail");
    assertThat(JobStats.status("TASK_STAGING")).isEqualTo("Idle");
  }
}
