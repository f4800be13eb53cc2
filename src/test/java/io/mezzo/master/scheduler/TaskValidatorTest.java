package io.mezzo.master.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.CommandInfo;
import io.mezzo.api.v1.ContainerInfo;
import io.mezzo.api.v1.DurationInfo;
import io.mezzo.api.v1.KillPolicy;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.core.resources.Resources;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TaskValidatorTest {
  private static final AgentId AGENT = new AgentId("a1");
  private static final Resources OFFER = Resources.parse("cpus:2;mem:512");

  private static TaskInfo task(String id, List<Resource> res, CommandInfo cmd) {
    return new TaskInfo(
        "n",
        new TaskId(id),
        AGENT,
        res,
        null,
        cmd,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  private static TaskValidator.Result validate(TaskInfo t) {
    return TaskValidator.validate(t, AGENT, "*", OFFER, Set.of("running"));
  }

  private static final List<Resource> SMALL =
      List.of(Resource.scalar("cpus", 1), Resource.scalar("mem", 64));

  @Test
  void validTaskYieldsItsResources() {
    TaskValidator.Result r = validate(task("t", SMALL, CommandInfo.shell("true")));
    assertThat(r.valid()).isTrue();
    assertThat(r.resources()).isEqualTo(Resources.parse("cpus:1;mem:64"));
  }

  @Test
  void problemsAreNamed() {
    assertThat(validate(task("running", SMALL, CommandInfo.shell("true"))).error())
        .contains("duplicate ID");
    assertThat(validate(task("a/b", SMALL, CommandInfo.shell("true"))).error()).contains("'/'");
    assertThat(validate(task("..", SMALL, CommandInfo.shell("true"))).error()).contains("reserved");
    assertThat(validate(task("x".repeat(256), SMALL, CommandInfo.shell("true"))).error())
        .contains("255");
    assertThat(validate(task("t", SMALL, null)).error()).contains("at least one of CommandInfo");
    assertThat(validate(task("t", SMALL, CommandInfo.shell(" "))).error())
        .contains("nothing to run");
    assertThat(validate(task("t", List.of(), CommandInfo.shell("true"))).error())
        .contains("no resources");
    assertThat(
            validate(task("t", List.of(Resource.scalar("cpus", 3)), CommandInfo.shell("true")))
                .error())
        .contains("more resources");
    assertThat(
            validate(task("t", List.of(Resource.scalar("cpus", -1)), CommandInfo.shell("true")))
                .error())
        .contains("finite non-negative");
  }

  @Test
  void taskForAnotherAgentIsInvalid() {
    TaskInfo t =
        new TaskInfo(
            "n",
            new TaskId("t"),
            new AgentId("other"),
            SMALL,
            null,
            CommandInfo.shell("true"),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    assertThat(validate(t).error()).contains("agent other");
  }

  @Test
  void resourcesAllocatedToAnotherRoleAreInvalid() {
    Resource cpus =
        new Resource(
            "cpus",
            io.mezzo.api.v1.Value.Type.SCALAR,
            new io.mezzo.api.v1.Value.Scalar(1.0),
            null,
            null,
            null,
            new Resource.AllocationInfo("eng"),
            null);
    assertThat(validate(task("t", List.of(cpus), CommandInfo.shell("true"))).error())
        .contains("role 'eng'");
  }

  @Test
  void executorTaskIsLeftToItsValidatorAndBothFormsAreRefused() {
    TaskInfo exec =
        new TaskInfo(
            "n",
            new TaskId("t"),
            AGENT,
            SMALL,
            new io.mezzo.api.v1.ExecutorInfo(
                null,
                io.mezzo.api.v1.ExecutorId.of("e"),
                null,
                null,
                null,
                null,
                "my-executor",
                null),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    // The task itself is fine; its executor is ExecutorValidator's to check.
    assertThat(validate(exec).valid()).isTrue();
    TaskInfo both =
        new TaskInfo(
            "n",
            new TaskId("t"),
            AGENT,
            SMALL,
            new io.mezzo.api.v1.ExecutorInfo(
                null,
                io.mezzo.api.v1.ExecutorId.of("e"),
                null,
                null,
                null,
                null,
                "my-executor",
                null),
            CommandInfo.shell("true"),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    assertThat(validate(both).error()).contains("at most one");
  }

  @Test
  void dockerTaskNeedsAnImageButNotACommand() {
    ContainerInfo noImage =
        new ContainerInfo(
            ContainerInfo.Type.DOCKER,
            null,
            null,
            new ContainerInfo.DockerInfo(null, null, null, null, null, null),
            null,
            null);
    TaskInfo t =
        new TaskInfo(
            "n",
            new TaskId("t"),
            AGENT,
            SMALL,
            null,
            new CommandInfo(null, null, null, null, null, null),
            noImage,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    assertThat(validate(t).error()).contains("image");
  }

  @Test
  void negativeGracePeriodIsInvalid() {
    TaskInfo t =
        new TaskInfo(
            "n",
            new TaskId("t"),
            AGENT,
            SMALL,
            null,
            CommandInfo.shell("true"),
            null,
            null,
            null,
            new KillPolicy(new DurationInfo(-1L)),
            null,
            null,
            null,
            null,
            null);
    assertThat(validate(t).error()).contains("grace period");
  }
}
