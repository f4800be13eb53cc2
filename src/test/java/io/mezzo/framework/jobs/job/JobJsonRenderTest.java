package io.mezzo.framework.jobs.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.framework.jobs.JobsSnapshot;
import io.mezzo.framework.jobs.JobsSnapshot.Counters;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobJsonRenderTest {
  static JobsSnapshot.Job job(JobDefinition d, Counters c, Optional<Instant> nextRun) {
    return new JobsSnapshot.Job(d, c, nextRun, "idle", 3, List.of());
  }

  @Test
  void aNewJobShowsZeroCountersAndEmptyTimes() {
    ObjectNode o =
        JobJson.render(
            job(
                JobDefinition.scheduled("a", "true", "R/2026-01-01T00:00:00Z/PT1H"),
                Counters.ZERO,
                Optional.of(Instant.parse("2026-01-01T01:00:00Z"))));
    assertThat(o.get("successCount").asLong()).isZero();
    assertThat(o.get("errorCount").asLong()).isZero();
    assertThat(o.get("errorsSinceLastSuccess").asLong()).isZero();
    assertThat(o.get("lastSuccess").asText()).isEmpty();
    assertThat(o.get("lastError").asText()).isEmpty();
    assertThat(o.get("nextRun").asText()).isEqualTo("2026-01-01T01:00:00.000Z");
    assertThat(o.get("state").asText()).isEqualTo("idle");
    assertThat(o.get("skippedCount").asLong()).isEqualTo(3);
  }

  @Test
  void countersAndTimesShowInChronossForm() {
    Counters c =
        new Counters(
            12,
            3,
            2,
            Optional.of(Instant.parse("2026-02-01T10:00:00Z")),
            Optional.of(Instant.parse("2026-02-02T10:00:00.5Z")));
    ObjectNode o =
        JobJson.render(job(JobDefinition.dependent("b", "x", List.of("a")), c, Optional.empty()));
    assertThat(o.get("successCount").asLong()).isEqualTo(12);
    assertThat(o.get("errorCount").asLong()).isEqualTo(3);
    assertThat(o.get("errorsSinceLastSuccess").asLong()).isEqualTo(2);
    assertThat(o.get("lastSuccess").asText()).isEqualTo("2026-02-01T10:00:00.000Z");
    assertThat(o.get("lastError").asText()).isEqualTo("2026-02-02T10:00:00.500Z");
    assertThat(o.get("nextRun").isNull()).isTrue();
  }

  @Test
  void aScheduledJobShowsItsScheduleAndNoParents() {
    JobDefinition d = JobFixtures.everyField();
    ObjectNode o = JobJson.render(job(d, Counters.ZERO, Optional.empty()));
    assertThat(o.get("schedule").asText()).isEqualTo("R/2026-01-01T02:30:00Z/P1D");
    assertThat(o.get("scheduleTimeZone").asText()).isEqualTo("Europe/Berlin");
    assertThat(o.has("parents")).isFalse();
  }

  @Test
  void aDependentJobShowsItsParentsAndNoSchedule() {
    ObjectNode o =
        JobJson.render(
            job(
                JobDefinition.dependent("c", "x", List.of("a", "b")),
                Counters.ZERO,
                Optional.empty()));
    assertThat(o.get("parents").toString()).isEqualTo("[\"a\",\"b\"]");
    assertThat(o.has("schedule")).isFalse();
    assertThat(o.has("scheduleTimeZone")).isFalse();
  }

  @Test
  void everyFieldShowsInChronossNamesAndForms() {
    ObjectNode o = JobJson.render(job(JobFixtures.everyField(), Counters.ZERO, Optional.empty()));
    assertThat(o.get("name").asText()).isEqualTo("nightly.report-v2");
    assertThat(o.get("shell").asBoolean()).isFalse();
    assertThat(o.get("executor").asText()).isEmpty();
    assertThat(o.get("executorFlags").asText()).isEmpty();
    assertThat(o.get("cpus").asDouble()).isEqualTo(0.5);
    assertThat(o.get("mem").asDouble()).isEqualTo(512);
    assertThat(o.get("disk").asDouble()).isEqualTo(1024);
    assertThat(o.get("retries").asInt()).isEqualTo(5);
    assertThat(o.get("epsilon").asText()).isEqualTo("PT30M");
    assertThat(o.get("runAsUser").asText()).isEqualTo("reports");
    assertThat(o.get("maxCompletionTime").asLong()).isEqualTo(3600);
    assertThat(o.get("taskInfoData").asText()).isEqualTo("{\"k\":1}");
    assertThat(o.get("softError").asBoolean()).isTrue();
    assertThat(o.get("highPriority").asBoolean()).isTrue();
    assertThat(o.get("dataProcessingJobType").asBoolean()).isFalse();
    assertThat(o.get("async").asBoolean()).isFalse();
    assertThat(o.get("environmentVariables").get(0).toString())
        .isEqualTo("{\"name\":\"REPORT_DIR\",\"value\":\"/data/out\"}");
    assertThat(o.get("constraints").get(1).toString()).isEqualTo("[\"zone\",\"LIKE\",\"eu-.*\"]");
    assertThat(o.get("fetch").get(0).toString())
        .isEqualTo(
            "{\"uri\":\"http://files.local/tool\",\"executable\":true,\"cache\":true,"
                + "\"extract\":false,\"output_file\":\"tool\"}");
    ObjectNode c = (ObjectNode) o.get("container");
    assertThat(c.get("type").asText()).isEqualTo("DOCKER");
    assertThat(c.get("network").asText()).isEqualTo("USER");
    assertThat(c.get("networkName").asText()).isEqualTo("backend");
    assertThat(c.get("volumes").get(0).toString())
        .isEqualTo("{\"hostPath\":\"/srv/data\",\"containerPath\":\"/data\",\"mode\":\"RO\"}");
    assertThat(c.get("parameters").get(0).toString())
        .isEqualTo("{\"key\":\"label\",\"value\":\"team=data\"}");
  }

  @Test
  void aRenderedJobPostsBackWithItsCounters() {
    Counters c =
        new Counters(1, 2, 2, Optional.empty(), Optional.of(Instant.parse("2026-02-02T10:00:00Z")));
    JobDefinition d = JobFixtures.everyField();
    JobJson.Parsed p =
        JobJson.parse(
            JobJson.render(new JobsSnapshot.Job(d, c, Optional.empty(), "running", 0, List.of())));
    assertThat(p.job()).isEqualTo(d);
    assertThat(p.counters()).contains(c);
  }
}
