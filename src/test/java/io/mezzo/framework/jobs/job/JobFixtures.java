package io.mezzo.framework.jobs.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mezzo.framework.jobs.job.JobDefinition.Constraint;
import io.mezzo.framework.jobs.job.JobDefinition.Constraint.Operator;
import io.mezzo.framework.jobs.job.JobDefinition.Container;
import io.mezzo.framework.jobs.job.JobDefinition.Container.Network;
import io.mezzo.framework.jobs.job.JobDefinition.Container.Parameter;
import io.mezzo.framework.jobs.job.JobDefinition.Container.Type;
import io.mezzo.framework.jobs.job.JobDefinition.Container.Volume;
import io.mezzo.framework.jobs.job.JobDefinition.Container.Volume.Mode;
import io.mezzo.framework.jobs.job.JobDefinition.EnvVar;
import io.mezzo.framework.jobs.job.JobDefinition.Fetch;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Jobs and JSON shared by the job tests. */
final class JobFixtures {
  static final ObjectMapper M = new ObjectMapper();

  private JobFixtures() {}

  /** JSON written with single quotes for readability. */
  static JsonNode json(String s) {
    try {
      return M.readTree(s.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  /**
   * A scheduled job with every field set to something other than its default (but {@code uris},
   * which may not go with {@code fetch}).
   */
  static JobDefinition everyField() {
    return new JobDefinition(
        "nightly.report-v2",
        "builds the nightly report",
        "/opt/report/run",
        false,
        List.of("--day", "yesterday"),
        List.of(new EnvVar("REPORT_DIR", "/data/out"), new EnvVar("A", "")),
        0.5,
        512,
        1024,
        Optional.of(
            new Container(
                Type.DOCKER,
                "registry.local/report:3",
                Network.USER,
                Optional.of("backend"),
                true,
                List.of(
                    new Volume("/data", Optional.of("/srv/data"), Mode.RO),
                    new Volume("/scratch", Optional.empty(), Mode.RW)),
                List.of(new Parameter("label", "team=data"), new Parameter("label", "x=y")))),
        List.of(),
        List.of(
            new Fetch("http://files.local/tool", true, false, true, Optional.of("tool")),
            new Fetch("http://files.local/data.tgz", false, true, false, Optional.empty())),
        "data@example.com",
        "Data Team",
        5,
        false,
        true,
        true,
        Duration.ofMinutes(30),
        List.of(
            new Constraint("rack", Operator.EQUALS, "r1"),
            new Constraint("zone", Operator.LIKE, "eu-.*"),
            new Constraint("host", Operator.UNLIKE, "gpu[0-9]+")),
        Optional.of("reports"),
        Optional.of("R/2026-01-01T02:30:00Z/P1D"),
        Optional.of("Europe/Berlin"),
        List.of(),
        true,
        false,
        true,
        Optional.of(3600L),
        Optional.of("{\"k\":1}"));
  }
}
