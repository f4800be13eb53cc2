package io.mezzo.framework.jobs.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.ContainerInfo;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.framework.jobs.job.JobDefinition;
import io.mezzo.framework.jobs.job.JobDefinition.Container;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobTaskFactoryTest {
  private static JobDefinition withContainer(JobDefinition j, Container c, boolean shell) {
    return new JobDefinition(
        j.name(),
        j.description(),
        j.command(),
        shell,
        j.arguments(),
        List.of(
            new JobDefinition.EnvVar("CHRONOS_JOB_OWNER", "ops"),
            new JobDefinition.EnvVar("A", "1")),
        j.cpus(),
        j.mem(),
        j.disk(),
        Optional.of(c),
        List.of("http://x/a.tgz"),
        j.fetch(),
        "me@example",
        j.ownerName(),
        j.retries(),
        j.async(),
        j.disabled(),
        j.concurrent(),
        j.epsilon(),
        j.constraints(),
        Optional.of("nobody"),
        j.schedule(),
        j.scheduleTimeZone(),
        j.parents(),
        j.softError(),
        j.dataProcessingJobType(),
        j.highPriority(),
        j.maxCompletionTime(),
        Optional.of("hello"));
  }

  @Test
  void aDockerJobRunsInItsImageWithItsVolumesParametersAndUser() {
    Container c =
        new Container(
            Container.Type.DOCKER,
            "busybox:1",
            Container.Network.BRIDGE,
            Optional.empty(),
            true,
            List.of(new Container.Volume("/data", Optional.of("/srv"), Container.Volume.Mode.RO)),
            List.of(new Container.Parameter("label", "a=b")));
    JobDefinition job =
        withContainer(
            JobDefinition.scheduled("dj", "ls /data", "R/2030-01-01T00:00:00Z/P1D"), c, true);
    TaskInfo t =
        JobTaskFactory.build(
            job, JobTaskIds.of(5, 0, "dj"), AgentId.of("a1"), List.of(), Optional.empty(), "root");
    assertThat(t.container().type()).isEqualTo(ContainerInfo.Type.DOCKER);
    assertThat(t.container().docker().image()).isEqualTo("busybox:1");
    assertThat(t.container().docker().network()).isEqualTo(ContainerInfo.DockerInfo.Network.BRIDGE);
    assertThat(t.container().docker().forcePullImage()).isTrue();
    assertThat(t.container().docker().parameters())
        .containsExactly(new ContainerInfo.DockerInfo.Parameter("label", "a=b"));
    assertThat(t.container().volumes())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.get("container_path").asText()).isEqualTo("/data");
              assertThat(v.get("host_path").asText()).isEqualTo("/srv");
              assertThat(v.get("mode").asText()).isEqualTo("RO");
            });
    assertThat(t.command().user()).isEqualTo("nobody");
    assertThat(t.command().uris()).extracting(u -> u.value()).containsExactly("http://x/a.tgz");
    assertThat(t.command().environment().variables())
        .extracting(v -> v.name() + "=" + v.value())
        .contains("CHRONOS_JOB_OWNER=ops", "A=1", "mesos_task_id=ct:5:0:dj:")
        .doesNotContain("CHRONOS_JOB_OWNER=me@example");
    assertThat(t.data()).isEqualTo("aGVsbG8=");
  }

  @Test
  void aShellJobGetsExtraArgumentsOnItsCommandLine() {
    JobDefinition job = JobDefinition.scheduled("s", "echo hi", "R/2030-01-01T00:00:00Z/P1D");
    TaskInfo t =
        JobTaskFactory.build(
            job,
            JobTaskIds.of(5, 0, "s"),
            AgentId.of("a1"),
            List.of(),
            Optional.of(" there "),
            "u");
    assertThat(t.command().shell()).isTrue();
    assertThat(t.command().value()).isEqualTo("echo hi there");
    assertThat(t.command().user()).isEqualTo("u");
    assertThat(t.container()).isNull();
  }
}
