package io.mezzo.framework.jobs.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.v1.TaskId;
import org.junit.jupiter.api.Test;

class JobTaskIdsTest {
  @Test
  void idsHaveChronosFormAndParseBack() {
    TaskId id = JobTaskIds.of(1767225600000L, 2, "nightly.backup");
    assertThat(id.value()).isEqualTo("ct:1767225600000:2:nightly.backup:");
    assertThat(JobTaskIds.parse(id))
        .contains(new JobTaskIds.Parts(1767225600000L, 2, "nightly.backup"));
  }

  @Test
  void idsOfAnotherFormAreNotOurs() {
    assertThat(JobTaskIds.parse(TaskId.of("web.6f1c"))).isEmpty();
    assertThat(JobTaskIds.parse(TaskId.of("ct:x:0:job:"))).isEmpty();
  }

  @Test
  void exitStatusIsReadFromTheExecutorsMessage() {
    assertThat(ExitStatus.of("Command exited with status 3")).contains(3);
    assertThat(ExitStatus.of("Command terminated with signal Killed")).isEmpty();
    assertThat(ExitStatus.of(null)).isEmpty();
  }
}
