package io.mezzo.master.registry;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.core.resources.Resources;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The master's view of one task. Owned by the master's context.
 *
 * <p>{@code state} is the latest state the agent reported; {@code pendingUuid} is the update being
 * delivered to the framework and not yet acknowledged. The task's resources go back to the
 * allocator when a terminal state is received; the task moves to completed when that update is
 * acknowledged (or, for updates without uuid, at once).
 */
public final class TaskEntry {
  private static final int MAX_STATUSES = 32;
  private final FrameworkId frameworkId;
  private final AgentId agentId;
  private final TaskInfo info;
  private final Resources resources;
  private final String role;
  private final Deque<TaskStatus> statuses = new ArrayDeque<>();
  private TaskState state = TaskState.TASK_STAGING;
  private TaskStatus latest;
  private String pendingUuid;
  private boolean resourcesRecovered;

  public TaskEntry(
      FrameworkId frameworkId, AgentId agentId, TaskInfo info, Resources resources, String role) {
    this.frameworkId = frameworkId;
    this.agentId = agentId;
    this.info = info;
    this.resources = resources;
    this.role = role;
  }

  public TaskKey key() {
    return new TaskKey(frameworkId, info.taskId());
  }

  public FrameworkId frameworkId() {
    return frameworkId;
  }

  public AgentId agentId() {
    return agentId;
  }

  public TaskId taskId() {
    return info.taskId();
  }

  public TaskInfo info() {
    return info;
  }

  public Resources resources() {
    return resources;
  }

  public String role() {
    return role;
  }

  public TaskState state() {
    return state;
  }

  public TaskStatus latest() {
    return latest;
  }

  public List<TaskStatus> statuses() {
    return new ArrayList<>(statuses);
  }

  public String pendingUuid() {
    return pendingUuid;
  }

  public void clearPendingUuid() {
    pendingUuid = null;
  }

  /**
   * Records a status; returns false (and changes nothing) when the state change is not allowed by
   * {@link TaskStateMachine}.
   */
  public boolean record(TaskStatus status) {
    if (latest != null && !TaskStateMachine.canTransition(state, status.state())) {
      return false;
    }
    state = status.state();
    latest = status;
    pendingUuid = status.uuid();
    statuses.addLast(status);
    while (statuses.size() > MAX_STATUSES) {
      statuses.removeFirst();
    }
    return true;
  }

  /** Marks the resources as returned; true only the first time, so they are returned once. */
  public boolean markResourcesRecovered() {
    if (resourcesRecovered) {
      return false;
    }
    resourcesRecovered = true;
    return true;
  }

  /** A task is identified by its framework and its id. */
  public record TaskKey(FrameworkId frameworkId, TaskId taskId) {}
}
