package io.mezzo.api.v1;

import java.util.EnumSet;
import java.util.Set;

/** Mesos task states with their exact wire names ({@code mesos.v1.TaskState}). */
public enum TaskState {
  TASK_STAGING,
  TASK_STARTING,
  TASK_RUNNING,
  TASK_KILLING,
  TASK_FINISHED,
  TASK_FAILED,
  TASK_KILLED,
  TASK_ERROR,
  TASK_LOST,
  TASK_DROPPED,
  TASK_UNREACHABLE,
  TASK_GONE,
  TASK_GONE_BY_OPERATOR,
  TASK_UNKNOWN;

  private static final Set<TaskState> TERMINAL =
      EnumSet.of(
          TASK_FINISHED,
          TASK_FAILED,
          TASK_KILLED,
          TASK_ERROR,
          TASK_LOST,
          TASK_DROPPED,
          TASK_GONE,
          TASK_GONE_BY_OPERATOR);

  /** Terminal as Mesos counts it: the task's resources go back to the pool. */
  public boolean isTerminal() {
    return TERMINAL.contains(this);
  }

  /**
   * The state a framework without PARTITION_AWARE sees: the partition-aware states all collapse to
   * TASK_LOST, as in Mesos.
   */
  public TaskState forFramework(boolean partitionAware) {
    if (partitionAware) {
      return this;
    }
    return switch (this) {
      case TASK_DROPPED, TASK_UNREACHABLE, TASK_GONE, TASK_GONE_BY_OPERATOR, TASK_UNKNOWN ->
          TASK_LOST;
      default -> this;
    };
  }
}
