package io.mezzo.http.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mezzo.framework.jobs.JobsException;
import io.mezzo.framework.jobs.JobsSnapshot;
import io.mezzo.framework.jobs.job.JobDefinition;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class JobSearchTest {
  private static final JobDefinition ETL =
      JobDefinition.scheduled("Nightly-ETL", "run.sh --all", "R/2026-12-02T00:00:00Z/P1D");
  private static final JobDefinition REPORT =
      JobDefinition.scheduled("report", "python etl_report.py", "R/2026-12-02T00:00:00Z/P1D");
  private static final JobDefinition CLEAN =
      JobDefinition.scheduled("clean", "rm -rf /tmp/x", "R/2026-12-02T00:00:00Z/P1D");

  private static JobSearch search(String... kv) {
    Map<String, List<String>> q = new java.util.TreeMap<>();
    for (int i = 0; i + 1 < kv.length; i += 2) {
      q.computeIfAbsent(kv[i], k -> new java.util.ArrayList<>()).add(kv[i + 1]);
    }
    return JobSearch.of(new ChronosRequest("GET", "/v1/scheduler", "/jobs/search", q, null));
  }

  @Test
  void nameMatchesAsACaseInsensitiveSubstring() {
    assertThat(search("name", "etl").matches(ETL)).isTrue();
    assertThat(search("name", "etl").matches(REPORT)).isFalse();
    assertThat(search("name", "NIGHTLY").matches(ETL)).isTrue();
  }

  @Test
  void nameAndCommandMustBothMatchWhenBothAreGiven() {
    assertThat(search("name", "report", "command", "PYTHON").matches(REPORT)).isTrue();
    assertThat(search("name", "report", "command", "bash").matches(REPORT)).isFalse();
  }

  @Test
  void anyMatchesNameOrCommandAndAloneDoesNotMatchEverything() {
    JobSearch any = search("any", "etl");
    assertThat(any.matches(ETL)).isTrue();
    assertThat(any.matches(REPORT)).isTrue(); // in its command
    assertThat(any.matches(CLEAN)).isFalse();
  }

  @Test
  void anyAddsMatchesToAFieldSearch() {
    JobSearch s = search("name", "clean", "any", "report");
    assertThat(s.matches(CLEAN)).isTrue();
    assertThat(s.matches(REPORT)).isTrue();
    assertThat(s.matches(ETL)).isFalse();
  }

  @Test
  void noTermOrEmptyTermsMatchEveryJob() {
    assertThat(search().matches(CLEAN)).isTrue();
    assertThat(search("name", "", "any", "").matches(CLEAN)).isTrue();
  }

  @Test
  void pagesWithChronosDefaultsOfTenFromZero() {
    List<JobsSnapshot.Job> jobs =
        IntStream.range(0, 25)
            .mapToObj(
                i ->
                    InMemoryJobs.job(
                        JobDefinition.scheduled(String.format("j%02d", i), "true", "R/P1D")))
            .toList();
    assertThat(search().apply(jobs))
        .hasSize(10)
        .first()
        .satisfies(j -> assertThat(j.definition().name()).isEqualTo("j00"));
    assertThat(search("limit", "5", "offset", "22").apply(jobs))
        .extracting(j -> j.definition().name())
        .containsExactly("j22", "j23", "j24");
    assertThat(search("limit", "0").apply(jobs)).isEmpty();
  }

  @Test
  void refusesBadPagingAndUnknownParameters() {
    assertThatThrownBy(() -> search("limit", "-1"))
        .isInstanceOf(JobsException.class)
        .hasMessage("Query parameter 'limit' must be a whole number >= 0, not '-1'");
    assertThatThrownBy(() -> search("offset", "ten"))
        .hasMessageContaining("'offset' must be a whole number >= 0, not 'ten'");
    assertThatThrownBy(() -> search("nmae", "x"))
        .hasMessage(
            "Unknown query parameter 'nmae' on GET /v1/scheduler/jobs/search; this endpoint takes"
                + " any, command, limit, name, offset");
    assertThatThrownBy(() -> search("name", "a", "name", "b"))
        .hasMessageContaining("'name' is given 2 times");
    assertThat(search("_", "123").matches(ETL)).isTrue();
  }
}
