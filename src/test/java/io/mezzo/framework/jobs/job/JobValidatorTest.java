package io.mezzo.framework.jobs.job;

import static io.mezzo.framework.jobs.job.JobFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mezzo.framework.jobs.JobsException;
import io.mezzo.framework.jobs.job.JobValidator.Kind;
import io.mezzo.framework.jobs.schedule.Schedules;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class JobValidatorTest {
  static final Function<JobDefinition, Optional<String>> ANY_SCHEDULE = j -> Optional.empty();
  static final String SCHEDULE = "'schedule': 'R/2026-01-01T00:00:00Z/PT1H'";

  /** The refusal of the scheduled job {@code {name a, command x, schedule, <fields>}}. */
  static String refusal(String fields) {
    return refusal(Kind.SCHEDULED, "'name': 'a', 'command': 'x', " + SCHEDULE + ", " + fields);
  }

  static String refusal(Kind kind, String fields) {
    JobDefinition job = JobJson.parse(json("{" + fields + "}")).job();
    JobsException e =
        catchThrowableOfType(
            JobsException.class, () -> JobValidator.validate(job, kind, ANY_SCHEDULE));
    assertThat(e).as("a refusal of %s", fields).isNotNull();
    assertThat(e.status()).isEqualTo(400);
    return e.getMessage();
  }

  @Test
  void chronossSampleJobsAndAJobWithEveryFieldAreValid() {
    assertThatCode(
            () ->
                JobValidator.validate(
                    JobDefinition.scheduled("a", "x", "R/2026-01-01T00:00:00Z/PT1H"),
                    Kind.SCHEDULED,
                    ANY_SCHEDULE))
        .doesNotThrowAnyException();
    assertThatCode(
            () ->
                JobValidator.validate(
                    JobDefinition.dependent("b", "x", List.of("a")), Kind.DEPENDENT, ANY_SCHEDULE))
        .doesNotThrowAnyException();
    assertThatCode(
            () -> JobValidator.validate(JobFixtures.everyField(), Kind.SCHEDULED, ANY_SCHEDULE))
        .doesNotThrowAnyException();
  }

  @Test
  void theNameFollowsChronossRule() {
    assertThat(refusal(Kind.SCHEDULED, "'name': 'a b', 'command': 'x', " + SCHEDULE))
        .isEqualTo("name: must be letters, digits, '_', '.' and '-' only ([\\w.-]+), got \"a b\"");
    assertThat(refusal(Kind.SCHEDULED, "'name': '', 'command': 'x', " + SCHEDULE))
        .isEqualTo("name: required");
    String longName = "n".repeat(201);
    assertThat(refusal(Kind.SCHEDULED, "'name': '" + longName + "', 'command': 'x', " + SCHEDULE))
        .isEqualTo("name: must be at most 200 characters, got 201");
  }

  @Test
  void aCommandIsRequiredUnlessAContainerRunsItsEntrypoint() {
    String noCommand = "'name': 'a', " + SCHEDULE;
    String required =
        "command: required (only a container job with shell false may leave it empty,"
            + " to run the image's entrypoint)";
    assertThat(refusal(Kind.SCHEDULED, noCommand)).isEqualTo(required);
    assertThat(refusal(Kind.SCHEDULED, noCommand + ", 'container': {'image': 'busybox'}"))
        .isEqualTo(required);
    JobDefinition entrypoint =
        JobJson.parse(
                json(
                    "{"
                        + noCommand
                        + ", 'shell': false, 'arguments': ['--once'],"
                        + " 'container': {'image': 'busybox'}}"))
            .job();
    assertThatCode(() -> JobValidator.validate(entrypoint, Kind.SCHEDULED, ANY_SCHEDULE))
        .doesNotThrowAnyException();
  }

  @Test
  void resourcesRetriesAndLimitsAreChecked() {
    assertThat(refusal("'retries': -1")).isEqualTo("retries: must be >= 0, got -1");
    assertThat(refusal("'cpus': 0")).isEqualTo("cpus: must be > 0, got 0");
    assertThat(refusal("'cpus': -0.5")).isEqualTo("cpus: must be > 0, got -0.5");
    assertThat(refusal("'mem': '0'")).isEqualTo("mem: must be > 0, got 0");
    assertThat(refusal("'disk': -1")).isEqualTo("disk: must be >= 0, got -1");
    assertThat(refusal("'epsilon': 'PT0S'"))
        .isEqualTo("epsilon: must be a positive duration, got PT0S");
    assertThat(refusal("'epsilon': 'PT-5S'"))
        .isEqualTo("epsilon: must be a positive duration, got PT-5S");
    assertThat(refusal("'maxCompletionTime': -3"))
        .isEqualTo("maxCompletionTime: must be > 0 seconds (leave it out for no limit), got -3");
  }

  @Test
  void theEndpointDecidesBetweenScheduleAndParents() {
    assertThat(refusal("'parents': ['b']"))
        .isEqualTo(
            "parents: a job posted to /iso8601 has a schedule, not parents; post it to /dependency");
    assertThat(refusal(Kind.SCHEDULED, "'name': 'a', 'command': 'x'"))
        .isEqualTo(
            "schedule: required for a job posted to /iso8601 (a dependent job goes to /dependency)");
    assertThat(
            refusal(Kind.DEPENDENT, "'name': 'a', 'command': 'x', 'parents': ['b'], " + SCHEDULE))
        .isEqualTo(
            "schedule: a job posted to /dependency has parents, not a schedule; post it to /iso8601");
    assertThat(refusal(Kind.DEPENDENT, "'name': 'a', 'command': 'x', 'parents': []"))
        .isEqualTo(
            "parents: required for a job posted to /dependency (a scheduled job goes to /iso8601)");
    assertThat(
            refusal(
                Kind.DEPENDENT,
                "'name': 'a', 'command': 'x', 'parents': ['b'], 'scheduleTimeZone': 'UTC'"))
        .isEqualTo(
            "scheduleTimeZone: only a scheduled job has a time zone (a dependent job has none)");
  }

  @Test
  void parentsAreOtherWellNamedJobsListedOnce() {
    String dependent = "'name': 'a', 'command': 'x', 'parents': ";
    assertThat(refusal(Kind.DEPENDENT, dependent + "['b', 'a']"))
        .isEqualTo("parents: a job may not be its own parent ('a')");
    assertThat(refusal(Kind.DEPENDENT, dependent + "['b', 'b']"))
        .isEqualTo("parents: 'b' is listed twice");
    assertThat(refusal(Kind.DEPENDENT, dependent + "['b', 'c d']"))
        .isEqualTo(
            "parents[1]: must be letters, digits, '_', '.' and '-' only ([\\w.-]+), got \"c d\"");
  }

  @Test
  void theTimeZoneMustBeKnown() {
    assertThat(refusal("'scheduleTimeZone': 'Mars/Olympus'"))
        .isEqualTo(
            "scheduleTimeZone: unknown time zone \"Mars/Olympus\""
                + " (use a tz database name such as Europe/Berlin)");
    JobDefinition pst =
        JobJson.parse(
                json("{'name': 'a', 'command': 'x', " + SCHEDULE + ", 'scheduleTimeZone': 'PST'}"))
            .job();
    assertThatCode(() -> JobValidator.validate(pst, Kind.SCHEDULED, ANY_SCHEDULE))
        .doesNotThrowAnyException();
  }

  @Test
  void constraintsMustBeWellFormed() {
    assertThat(refusal("'constraints': [['', 'EQUALS', 'r1']]"))
        .isEqualTo("constraints[0][0]: the attribute must not be empty");
    assertThat(refusal("'constraints': [['rack', 'EQUALS', 'r1'], ['zone', 'LIKE', 'eu-(']]"))
        .startsWith("constraints[1][2]: LIKE takes a regular expression, \"eu-(\" is not one: ");
    assertThat(refusal("'constraints': [['host', 'UNLIKE', '[a']]"))
        .startsWith("constraints[0][2]: UNLIKE takes a regular expression, \"[a\" is not one: ");
    JobDefinition equalsTakesAnyValue =
        JobJson.parse(
                json(
                    "{'name': 'a', 'command': 'x', "
                        + SCHEDULE
                        + ", 'constraints': [['host', 'EQUALS', '[a']]}"))
            .job();
    assertThatCode(() -> JobValidator.validate(equalsTakesAnyValue, Kind.SCHEDULED, ANY_SCHEDULE))
        .doesNotThrowAnyException();
  }

  @Test
  void containersNeedAnImageAndAbsolutePaths() {
    assertThat(refusal("'container': {'type': 'DOCKER'}")).isEqualTo("container.image: required");
    assertThat(refusal("'container': {'type': 'mesos', 'image': 'i'}"))
        .isEqualTo(
            "container.type: MESOS needs an image provisioner, which Mezzo's MESOS containerizer"
                + " does not have (see docs/task-fields.md, mesos.image); use DOCKER");
    assertThat(refusal("'container': {'image': 'i', 'volumes': [{'containerPath': 'data'}]}"))
        .isEqualTo("container.volumes[0].containerPath: must be an absolute path, got \"data\"");
    assertThat(refusal("'container': {'image': 'i', 'network': 'USER'}"))
        .isEqualTo("container.networkName: required with network USER");
    assertThat(refusal("'container': {'image': 'i', 'networkName': 'n'}"))
        .isEqualTo(
            "container.networkName: only network USER joins a named network,"
                + " this container's network is HOST");
    assertThat(refusal("'container': {'image': 'i', 'parameters': [{'key': '', 'value': 'v'}]}"))
        .isEqualTo("container.parameters[0].key: must not be empty");
  }

  @Test
  void listsAreChecked() {
    assertThat(refusal("'environmentVariables': [{'name': '', 'value': 'v'}]"))
        .isEqualTo("environmentVariables[0].name: must not be empty");
    assertThat(refusal("'uris': ['http://a'], 'fetch': [{'uri': 'http://b'}]"))
        .isEqualTo("uris: give either uris (deprecated) or fetch, not both");
    assertThat(refusal("'fetch': [{'uri': ' '}]")).isEqualTo("fetch[0].uri: must not be empty");
  }

  @Test
  void valuesThatWouldReadBackAsAbsentAreRefused() {
    JobDefinition s = JobDefinition.scheduled("a", "x", "R/2026-01-01T00:00:00Z/PT1H");
    JobDefinition emptyUser =
        new JobDefinition(
            s.name(),
            s.description(),
            s.command(),
            s.shell(),
            s.arguments(),
            s.environmentVariables(),
            s.cpus(),
            s.mem(),
            s.disk(),
            s.container(),
            s.uris(),
            s.fetch(),
            s.owner(),
            s.ownerName(),
            s.retries(),
            false,
            false,
            false,
            s.epsilon(),
            s.constraints(),
            Optional.of(""),
            s.schedule(),
            s.scheduleTimeZone(),
            s.parents(),
            false,
            false,
            false,
            Optional.of(0L),
            s.taskInfoData());
    JobsException e =
        catchThrowableOfType(
            JobsException.class,
            () -> JobValidator.validate(emptyUser, Kind.SCHEDULED, ANY_SCHEDULE));
    assertThat(e.getMessage())
        .isEqualTo("maxCompletionTime: must be > 0 seconds (leave it out for no limit), got 0");
    JobDefinition async =
        new JobDefinition(
            s.name(),
            s.description(),
            s.command(),
            s.shell(),
            s.arguments(),
            s.environmentVariables(),
            s.cpus(),
            s.mem(),
            s.disk(),
            s.container(),
            s.uris(),
            s.fetch(),
            s.owner(),
            s.ownerName(),
            s.retries(),
            true,
            false,
            false,
            s.epsilon(),
            s.constraints(),
            Optional.of(""),
            s.schedule(),
            s.scheduleTimeZone(),
            s.parents(),
            false,
            false,
            false,
            Optional.empty(),
            s.taskInfoData());
    e =
        catchThrowableOfType(
            JobsException.class, () -> JobValidator.validate(async, Kind.SCHEDULED, ANY_SCHEDULE));
    assertThat(e.getMessage()).startsWith("async: async jobs need");
    JobDefinition user =
        new JobDefinition(
            s.name(),
            s.description(),
            s.command(),
            s.shell(),
            s.arguments(),
            s.environmentVariables(),
            s.cpus(),
            s.mem(),
            s.disk(),
            s.container(),
            s.uris(),
            s.fetch(),
            s.owner(),
            s.ownerName(),
            s.retries(),
            false,
            false,
            false,
            s.epsilon(),
            s.constraints(),
            Optional.of(""),
            s.schedule(),
            s.scheduleTimeZone(),
            s.parents(),
            false,
            false,
            false,
            Optional.empty(),
            s.taskInfoData());
    e =
        catchThrowableOfType(
            JobsException.class, () -> JobValidator.validate(user, Kind.SCHEDULED, ANY_SCHEDULE));
    assertThat(e.getMessage())
        .isEqualTo("runAsUser: must not be empty (leave it out to run as the framework's user)");
  }

  @Test
  void theScheduleCheckRunsLastAndItsMessageNamesTheSchedule() {
    JobDefinition j = JobDefinition.scheduled("a", "x", "R/nope/PT1H");
    JobsException e =
        catchThrowableOfType(
            JobsException.class,
            () ->
                JobValidator.validate(
                    j, Kind.SCHEDULED, d -> Optional.of("start 'nope' is not an ISO-8601 time")));
    assertThat(e.getMessage()).isEqualTo("schedule: start 'nope' is not an ISO-8601 time");
    e =
        catchThrowableOfType(
            JobsException.class,
            () ->
                JobValidator.validate(
                    j, Kind.SCHEDULED, d -> Optional.of("schedule: period 'P' has no parts")));
    assertThat(e.getMessage()).isEqualTo("schedule: period 'P' has no parts");
    JobDefinition dependent = JobDefinition.dependent("b", "x", List.of("a"));
    assertThatCode(
            () ->
                JobValidator.validate(
                    dependent,
                    Kind.DEPENDENT,
                    d -> {
                      throw new AssertionError("a dependent job has no schedule to check");
                    }))
        .doesNotThrowAnyException();
  }

  @Test
  void theRealScheduleParserPlugsInAsTheCheck() {
    Function<JobDefinition, Optional<String>> parser =
        d -> {
          try {
            Schedules.parse(
                d.schedule().orElseThrow(),
                d.scheduleTimeZone(),
                Instant.parse("2026-01-01T00:00:00Z"));
            return Optional.empty();
          } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
          }
        };
    assertThatCode(
            () ->
                JobValidator.validate(
                    JobDefinition.scheduled("a", "x", "R/2026-01-01T00:00:00Z/PT1H"),
                    Kind.SCHEDULED,
                    parser))
        .doesNotThrowAnyException();
    JobsException e =
        catchThrowableOfType(
            JobsException.class,
            () ->
                JobValidator.validate(
                    JobDefinition.scheduled("a", "x", "R/2026-01-01T00:00:00Z/P"),
                    Kind.SCHEDULED,
                    parser));
    assertThat(e.getMessage()).startsWith("schedule: ");
  }
}
