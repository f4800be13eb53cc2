package io.mezzo.framework.jobs.job;

import static io.mezzo.framework.jobs.job.JobFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.mezzo.framework.jobs.JobsSnapshot.Counters;
import io.mezzo.framework.jobs.job.JobDefinition.Constraint;
import io.mezzo.framework.jobs.job.JobDefinition.Constraint.Operator;
import io.mezzo.framework.jobs.job.JobDefinition.Container;
import io.mezzo.framework.jobs.job.JobDefinition.Container.Volume.Mode;
import io.mezzo.framework.jobs.job.JobDefinition.EnvVar;
import io.mezzo.framework.jobs.job.JobDefinition.Fetch;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobJsonTest {
  static JobDefinition parse(String s) {
    return JobJson.parse(json(s)).job();
  }

  @Test
  void aScheduledJobAsChronosDocumentsItReadsEveryField() {
    JobJson.Parsed p =
        JobJson.parse(
            json(
                """
                {'name': 'disk-usage', 'command': 'du -sh /var/log',
                 'schedule': 'R/2026-03-01T08:00:00.000Z/PT12H', 'scheduleTimeZone': 'UTC',
                 'epsilon': 'PT15M', 'owner': 'ops@example.com', 'ownerName': 'Ops',
                 'async': false, 'cpus': 0.2, 'mem': 64, 'disk': 16,
                 'environmentVariables': [{'name': 'LEVEL', 'value': 'info'}],
                 'constraints': [['rack', 'EQUALS', 'r2']]}
                """));
    JobDefinition j = p.job();
    assertThat(j.name()).isEqualTo("disk-usage");
    assertThat(j.command()).isEqualTo("du -sh /var/log");
    assertThat(j.schedule()).contains("R/2026-03-01T08:00:00.000Z/PT12H");
    assertThat(j.scheduleTimeZone()).contains("UTC");
    assertThat(j.epsilon()).isEqualTo(Duration.ofMinutes(15));
    assertThat(j.owner()).isEqualTo("ops@example.com");
    assertThat(j.ownerName()).isEqualTo("Ops");
    assertThat(j.cpus()).isEqualTo(0.2);
    assertThat(j.mem()).isEqualTo(64);
    assertThat(j.disk()).isEqualTo(16);
    assertThat(j.environmentVariables()).containsExactly(new EnvVar("LEVEL", "info"));
    assertThat(j.constraints()).containsExactly(new Constraint("rack", Operator.EQUALS, "r2"));
    assertThat(j.scheduled()).isTrue();
    assertThat(p.counters()).isEmpty();
    assertThat(JobJson.parse(JobJson.definition(j)).job()).isEqualTo(j);
  }

  @Test
  void aDependentJobAsChronosDocumentsItReadsItsParents() {
    JobDefinition j =
        parse(
            """
            {'name': 'aggregate', 'command': 'aggregate.sh', 'parents': ['extract', 'load'],
             'owner': 'data@example.com', 'async': false, 'epsilon': 'PT30M'}
            """);
    assertThat(j.parents()).containsExactly("extract", "load");
    assertThat(j.schedule()).isEmpty();
    assertThat(j.scheduled()).isFalse();
    assertThat(JobJson.parse(JobJson.definition(j)).job()).isEqualTo(j);
  }

  @Test
  void aMinimalJobGetsChronossDefaults() {
    JobDefinition j =
        parse("{'name': 'a', 'command': 'true', 'schedule': 'R/2026-01-01T00:00:00Z/PT1H'}");
    assertThat(j).isEqualTo(JobDefinition.scheduled("a", "true", "R/2026-01-01T00:00:00Z/PT1H"));
    assertThat(j.shell()).isTrue();
    assertThat(j.retries()).isEqualTo(2);
    assertThat(j.cpus()).isEqualTo(0.1);
    assertThat(j.mem()).isEqualTo(128);
    assertThat(j.disk()).isEqualTo(256);
    assertThat(j.epsilon()).isEqualTo(Duration.ofSeconds(60));
    assertThat(j.disabled()).isFalse();
    assertThat(j.concurrent()).isFalse();
    assertThat(j.container()).isEmpty();
  }

  @Test
  void numbersMayBeNumericStrings() {
    JobDefinition j =
        parse(
            "{'name': 'a', 'command': 'x', 'cpus': '0.5', 'mem': ' 256 ', 'disk': '0',"
                + " 'retries': '3', 'maxCompletionTime': '60'}");
    assertThat(j.cpus()).isEqualTo(0.5);
    assertThat(j.mem()).isEqualTo(256);
    assertThat(j.disk()).isEqualTo(0);
    assertThat(j.retries()).isEqualTo(3);
    assertThat(j.maxCompletionTime()).contains(60L);
  }

  @Test
  void chronossNoneFormsReadAsAbsent() {
    JobDefinition j =
        parse(
            "{'name': 'a', 'command': 'x', 'schedule': '', 'scheduleTimeZone': '', 'runAsUser': '',"
                + " 'taskInfoData': '', 'maxCompletionTime': 0, 'executor': '', 'executorFlags': '',"
                + " 'async': false, 'dataProcessingJobType': false, 'dataJob': false,"
                + " 'description': null}");
    assertThat(j.schedule()).isEmpty();
    assertThat(j.scheduleTimeZone()).isEmpty();
    assertThat(j.runAsUser()).isEmpty();
    assertThat(j.taskInfoData()).isEmpty();
    assertThat(j.maxCompletionTime()).isEmpty();
    assertThat(j.description()).isEmpty();
  }

  @Test
  void containerFetchAndVolumesReadWithChronossDefaults() {
    JobDefinition j =
        parse(
            """
            {'name': 'a', 'command': 'x', 'uris': ['http://u/a'],
             'fetch': [{'uri': 'http://u/b.tgz'}, {'uri': 'http://u/c', 'cache': true,
                        'extract': false, 'executable': true, 'output_file': 'c'}],
             'container': {'type': 'docker', 'image': 'busybox', 'network': 'bridge',
                           'forcePullImage': 'true', 'networkInfos': [],
                           'volumes': [{'containerPath': '/in', 'hostPath': '/srv', 'mode': 'ro'},
                                       {'containerPath': '/tmp2'}],
                           'parameters': [{'key': 'memory-swap', 'value': '-1'}]}}
            """);
    assertThat(j.uris()).containsExactly("http://u/a");
    assertThat(j.fetch())
        .containsExactly(
            new Fetch("http://u/b.tgz", false, true, false, Optional.empty()),
            new Fetch("http://u/c", true, false, true, Optional.of("c")));
    Container c = j.container().orElseThrow();
    assertThat(c.type()).isEqualTo(Container.Type.DOCKER);
    assertThat(c.image()).isEqualTo("busybox");
    assertThat(c.network()).isEqualTo(Container.Network.BRIDGE);
    assertThat(c.forcePullImage()).isTrue();
    assertThat(c.volumes())
        .containsExactly(
            new Container.Volume("/in", Optional.of("/srv"), Mode.RO),
            new Container.Volume("/tmp2", Optional.empty(), Mode.RW));
    assertThat(c.parameters()).containsExactly(new Container.Parameter("memory-swap", "-1"));
  }

  @Test
  void countersAreReadWhenTheBodyCarriesThem() {
    JobJson.Parsed p =
        JobJson.parse(
            json(
                "{'name': 'a', 'command': 'x', 'successCount': 4, 'errorCount': '1',"
                    + " 'errorsSinceLastSuccess': 0, 'lastSuccess': '2026-02-01T10:00:00.123Z',"
                    + " 'lastError': '', 'nextRun': null, 'state': 'idle', 'skippedCount': 7}"));
    assertThat(p.counters())
        .contains(
            new Counters(
                4, 1, 0, Optional.of(Instant.parse("2026-02-01T10:00:00.123Z")), Optional.empty()));
  }

  @Test
  void aLastErrorWithAnOffsetIsReadAsItsInstant() {
    JobJson.Parsed p =
        JobJson.parse(
            json("{'name': 'a', 'command': 'x', 'lastError': '2026-02-01T11:00:00.000+01:00'}"));
    assertThat(p.counters().orElseThrow().lastError())
        .contains(Instant.parse("2026-02-01T10:00:00Z"));
    assertThat(p.counters().orElseThrow().successCount()).isZero();
  }

  @Test
  void aJobWithEveryFieldSetSurvivesStorage() {
    JobDefinition j = JobFixtures.everyField();
    assertThat(JobJson.parse(JobJson.definition(j)).job()).isEqualTo(j);
    assertThat(JobJson.parse(JobJson.definition(j)).counters()).isEmpty();
  }

  @Test
  void aDependentJobWithEveryFieldSetSurvivesStorage() {
    JobDefinition s = JobFixtures.everyField();
    JobDefinition j =
        new JobDefinition(
            s.name(),
            s.description(),
            s.command(),
            true,
            List.of(),
            s.environmentVariables(),
            s.cpus(),
            s.mem(),
            s.disk(),
            Optional.empty(),
            List.of("http://files.local/a.tgz", "http://files.local/b"),
            List.of(),
            s.owner(),
            s.ownerName(),
            0,
            false,
            false,
            false,
            Duration.ofMillis(1500),
            s.constraints(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            List.of("p1", "p2"),
            false,
            false,
            false,
            Optional.empty(),
            Optional.empty());
    assertThat(JobJson.parse(JobJson.definition(j)).job()).isEqualTo(j);
    assertThatCode(
            () -> JobValidator.validate(j, JobValidator.Kind.DEPENDENT, d -> Optional.empty()))
        .doesNotThrowAnyException();
  }

  @Test
  void aJobAsChronosListsItPostsBackToMezzo() {
    JobJson.Parsed p =
        JobJson.parse(
            json(
                """
                {'name': 'cleanup', 'command': 'rm -rf /tmp/old', 'shell': true, 'executor': '',
                 'executorFlags': '', 'taskInfoData': '', 'retries': 1, 'owner': '',
                 'ownerName': '', 'description': '', 'successCount': 9, 'errorCount': 0,
                 'lastSuccess': '2026-03-02T04:00:01.250Z', 'lastError': '', 'cpus': 0.25,
                 'disk': 256.0, 'mem': 64.0, 'disabled': false, 'softError': false,
                 'dataProcessingJobType': false, 'errorsSinceLastSuccess': 0, 'fetch': [],
                 'uris': [], 'environmentVariables': [], 'arguments': [], 'highPriority': false,
                 'runAsUser': 'root', 'concurrent': false, 'maxCompletionTime': 0,
                 'container': {'type': 'DOCKER', 'image': 'alpine:3', 'network': 'HOST',
                               'networkInfos': [], 'volumes': [], 'forcePullImage': false,
                               'parameters': []},
                 'constraints': [], 'schedule': 'R/2026-03-02T04:00:00.000Z/P1D',
                 'scheduleTimeZone': ''}
                """));
    JobDefinition j = p.job();
    assertThat(j.runAsUser()).contains("root");
    assertThat(j.scheduleTimeZone()).isEmpty();
    assertThat(j.maxCompletionTime()).isEmpty();
    assertThat(j.container().orElseThrow().image()).isEqualTo("alpine:3");
    assertThat(p.counters().orElseThrow().successCount()).isEqualTo(9);
    assertThatCode(
            () -> JobValidator.validate(j, JobValidator.Kind.SCHEDULED, d -> Optional.empty()))
        .doesNotThrowAnyException();
    assertThat(JobJson.parse(JobJson.definition(j)).job()).isEqualTo(j);
  }
}
