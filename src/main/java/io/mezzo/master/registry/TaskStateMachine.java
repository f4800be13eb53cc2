package io.mezzo.master.registry;

import io.mezzo.api.v1.TaskState;

/**
 * Which task state changes the master accepts from agents. The agent is the authority on a task,
 * but a terminal task does not come back to life, except TASK_LOST and TASK_UNREACHABLE, which only
 * mean the master lost sight of it (a partitioned agent can re-register with the task still
 * running).
 *
 * <pre>
 *   STAGING ──▶ STARTING ──▶ RUNNING ──▶ KILLING ──▶ FINISHED | FAILED | KILLED
 *      │            │           │  ▲                  ERROR | DROPPED | GONE | GONE_BY_OPERATOR
 *      └────────────┴───────────┴──┴──▶ (any terminal state)
 *   any non-terminal ──▶ UNREACHABLE ──▶ (any state: the agent came back)
 *   LOST ──▶ (any state: the agent came back)           RUNNING ──▶ RUNNING (health changes)
 * </pre>
 */
public final class TaskStateMachine {
  private TaskStateMachine() {}

  public static boolean canTransition(TaskState from, TaskState to) {
    if (from == TaskState.TASK_LOST || from == TaskState.TASK_UNREACHABLE) {
      return true;
    }
    if (from.isTerminal()) {
      return false;
    }
    return switch (to) {
      case TASK_STAGING -> false;
      case TASK_STARTING -> from == TaskState.TASK_STAGING || from == TaskState.TASK_STARTING;
      case TASK_RUNNING ->
          from == TaskState.TASK_STAGING
              || from == TaskState.TASK_STARTING
              || from == TaskState.TASK_RUNNING;
      case TASK_KILLING -> true;
      case TASK_UNKNOWN -> false;
      default -> true;
    };
  }

  /**
   * @throws IllegalStateException naming both states when the change is not allowed
   */
  public static TaskState transition(TaskState from, TaskState to) {
    if (!canTransition(from, to)) {
      throw new IllegalStateException("cannot go from " + from + " to " + to);
    }
    return to;
  }
}
