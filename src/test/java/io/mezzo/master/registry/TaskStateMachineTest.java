package io.mezzo.master.registry;

import static io.mezzo.api.v1.TaskState.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mezzo.api.v1.TaskState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaskStateMachineTest {

  @ParameterizedTest(name = "{0} -> {1} allowed={2}")
  @CsvSource({
    "TASK_STAGING, TASK_STARTING, true",
    "TASK_STAGING, TASK_RUNNING, true",
    "TASK_STARTING, TASK_RUNNING, true",
    "TASK_RUNNING, TASK_RUNNING, true", // health-check changes repeat RUNNING
    "TASK_RUNNING, TASK_KILLING, true",
    "TASK_KILLING, TASK_KILLED, true",
    "TASK_RUNNING, TASK_FINISHED, true",
    "TASK_STAGING, TASK_ERROR, true",
    "TASK_RUNNING, TASK_UNREACHABLE, true",
    "TASK_UNREACHABLE, TASK_RUNNING, true", // a partitioned agent came back
    "TASK_LOST, TASK_RUNNING, true", // LOST only means the master lost sight of it
    "TASK_RUNNING, TASK_STARTING, false",
    "TASK_RUNNING, TASK_STAGING, false",
    "TASK_FINISHED, TASK_RUNNING, false",
    "TASK_KILLED, TASK_FAILED, false",
    "TASK_ERROR, TASK_RUNNING, false",
    "TASK_GONE, TASK_RUNNING, false",
    "TASK_RUNNING, TASK_UNKNOWN, false",
  })
  void transitions(TaskState from, TaskState to, boolean allowed) {
    assertThat(TaskStateMachine.canTransition(from, to)).isEqualTo(allowed);
  }

  @Test
  void refusedTransitionNamesBothStates() {
    assertThatThrownBy(() -> TaskStateMachine.transition(TASK_FINISHED, TASK_RUNNING))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cannot go from TASK_FINISHED to TASK_RUNNING");
  }

  @Test
  void noTerminalStateExceptLostLeadsAnywhere() {
    for (TaskState from : TaskState.values()) {
      if (!from.isTerminal() || from == TASK_LOST) {
        continue;
      }
      for (TaskState to : TaskState.values()) {
        assertThat(TaskStateMachine.canTransition(from, to)).as(from + " -> " + to).isFalse();
      }
    }
  }

  @Test
  void partitionAwareStatesCollapseToLostForOldFrameworks() {
    assertThat(TASK_UNREACHABLE.forFramework(false)).isEqualTo(TASK_LOST);
    assertThat(TASK_DROPPED.forFramework(false)).isEqualTo(TASK_LOST);
    assertThat(TASK_GONE_BY_OPERATOR.forFramework(false)).isEqualTo(TASK_LOST);
    assertThat(TASK_UNREACHABLE.forFramework(true)).isEqualTo(TASK_UNREACHABLE);
    assertThat(TASK_FINISHED.forFramework(false)).isEqualTo(TASK_FINISHED);
  }
}
