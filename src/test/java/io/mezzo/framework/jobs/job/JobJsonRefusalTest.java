package io.mezzo.framework.jobs.job;

import static io.mezzo.framework.jobs.job.JobFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mezzo.framework.jobs.JobsException;
import org.junit.jupiter.api.Test;

class JobJsonRefusalTest {
  /** The message of the 400 that parsing {@code {name, command, <fields>}} throws. */
  static String refusal(String fields) {
    String body = "{'name': 'a', 'command': 'x'" + (fields.isEmpty() ? "" : ", " + fields) + "}";
    JobsException e = catchThrowableOfType(JobsException.class, () -> JobJson.parse(json(body)));
    assertThat(e).as("a refusal for %s", body).isNotNull();
    assertThat(e.status()).isEqualTo(400);
    return e.getMessage();
  }

  @Test
  void anUnknownFieldIsRefusedNamingIt() {
    assertThat(refusal("'foo': 1")).isEqualTo("unknown field 'foo'");
    assertThat(refusal("'container': {'image': 'i', 'ports': []}"))
        .isEqualTo("unknown field 'ports' in container");
    assertThat(refusal("'fetch': [{'uri': 'u', 'sha': 'x'}]"))
        .isEqualTo("unknown field 'sha' in fetch[0]");
  }

  @Test
  void wrongTypesAreRefusedNamingTheField() {
    assertThat(refusal("'cpus': 'abc'")).isEqualTo("cpus: must be a number, got \"abc\"");
    assertThat(refusal("'mem': true")).isEqualTo("mem: must be a number, got true");
    assertThat(refusal("'retries': 1.5")).isEqualTo("retries: must be a whole number, got 1.5");
    assertThat(refusal("'retries': 99999999999"))
        .isEqualTo("retries: must be a whole number of at most 9 digits, got 99999999999");
    assertThat(refusal("'shell': 'yes'")).isEqualTo("shell: must be true or false, got \"yes\"");
    assertThat(refusal("'command': 3")).isEqualTo("command: must be a string, got 3");
    assertThat(refusal("'parents': 'b'")).isEqualTo("parents: must be an array, got \"b\"");
    assertThat(refusal("'arguments': ['-v', 2]"))
        .isEqualTo("arguments[1]: must be a string, got 2");
    assertThat(refusal("'epsilon': '15 minutes'"))
        .isEqualTo("epsilon: must be an ISO-8601 duration such as PT60S, got \"15 minutes\"");
    assertThat(refusal("'container': 'busybox'"))
        .isEqualTo("container: must be a JSON object (a container), got \"busybox\"");
  }

  @Test
  void malformedPartsAreRefusedAtTheirPath() {
    assertThat(refusal("'environmentVariables': [{'name': 'A'}]"))
        .isEqualTo("environmentVariables[0].value: required");
    assertThat(refusal("'fetch': [{'cache': true}]")).isEqualTo("fetch[0].uri: required");
    assertThat(refusal("'container': {'image': 'i', 'volumes': [{'hostPath': '/x'}]}"))
        .isEqualTo("container.volumes[0].containerPath: required");
    assertThat(refusal("'container': {'image': 'i', 'type': 'rkt'}"))
        .isEqualTo("container.type: must be one of DOCKER, MESOS, got \"rkt\"");
    assertThat(refusal("'container': {'image': 'i', 'network': 'NONE'}"))
        .isEqualTo("container.network: must be one of HOST, BRIDGE, USER, got \"NONE\"");
    assertThat(
            refusal(
                "'container': {'image': 'i', 'volumes': [{'containerPath': '/c', 'mode': 'RX'}]}"))
        .isEqualTo("container.volumes[0].mode: must be one of RO, RW, got \"RX\"");
    assertThat(refusal("'container': {'image': 'i', 'parameters': [{'value': 'v'}]}"))
        .isEqualTo("container.parameters[0].key: required");
    assertThat(refusal("'constraints': [['rack', 'EQUALS']]"))
        .isEqualTo(
            "constraints[0]: must be [attribute, EQUALS|LIKE|UNLIKE, value], got [\"rack\",\"EQUALS\"]");
    assertThat(refusal("'constraints': [['rack', 'GROUP_BY', '2']]"))
        .isEqualTo("constraints[0][1]: must be EQUALS, LIKE or UNLIKE, got \"GROUP_BY\"");
    assertThat(refusal("'constraints': [['rack', 'LIKE', 3]]"))
        .isEqualTo("constraints[0][2]: must be a string, got 3");
    assertThat(refusal("'lastSuccess': 'yesterday'"))
        .isEqualTo(
            "lastSuccess: must be an ISO-8601 time such as 2026-01-31T12:00:00.000Z or \"\","
                + " got \"yesterday\"");
    assertThat(refusal("'successCount': -1")).isEqualTo("successCount: must be >= 0, got -1");
  }

  @Test
  void aBodyThatIsNotAJobIsRefused() {
    JobsException e = catchThrowableOfType(JobsException.class, () -> JobJson.parse(json("['a']")));
    assertThat(e.getMessage()).isEqualTo("the job: must be a JSON object (a job), got an array");
    e = catchThrowableOfType(JobsException.class, () -> JobJson.parse(json("{'command': 'x'}")));
    assertThat(e.getMessage()).isEqualTo("name: required");
  }

  @Test
  void fieldsMezzoDoesNotHonourAreRefusedSayingWhy() {
    assertThat(refusal("'async': true"))
        .isEqualTo(
            "async: async jobs need Chronos's async executor protocol, which Mezzo does not run");
    assertThat(refusal("'executor': '/opt/exec'"))
        .isEqualTo(
            "executor: custom executors are not supported by Mezzo; jobs run as command tasks");
    assertThat(refusal("'executorFlags': '-x'"))
        .isEqualTo(
            "executorFlags: custom executors are not supported by Mezzo;"
                + " jobs run as command tasks");
    assertThat(refusal("'dataJob': true"))
        .isEqualTo(
            "dataJob: data tracking jobs need Chronos's Cassandra job stats, which Mezzo has not");
    assertThat(refusal("'dataProcessingJobType': true"))
        .startsWith("dataProcessingJobType: data tracking jobs need Chronos's Cassandra");
    assertThat(
            refusal(
                "'container': {'image': 'i', 'volumes': [{'containerPath': '/c',"
                    + " 'external': {'name': 'v', 'provider': 'dvdi'}}]}"))
        .isEqualTo(
            "container.volumes[0].external: external volumes (Docker volume drivers) are not"
                + " supported by Mezzo; mount a hostPath");
    assertThat(refusal("'container': {'image': 'i', 'networkInfos': [{'name': 'n'}]}"))
        .startsWith("container.networkInfos: Mezzo does not support network infos");
  }
}
