package io.mezzo.api.v1.master;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.Task;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;

/**
 * An event on an operator's SUBSCRIBE stream ({@code mesos.v1.master.Event}). Offers and allocated
 * resources are never part of events, as in Mesos.
 */
public record Event(
    Type type,
    Subscribed subscribed,
    TaskAdded taskAdded,
    TaskUpdated taskUpdated,
    AgentAdded agentAdded,
    AgentRemoved agentRemoved,
    FrameworkAdded frameworkAdded,
    FrameworkUpdated frameworkUpdated,
    FrameworkRemoved frameworkRemoved) {

  public enum Type {
    UNKNOWN,
    SUBSCRIBED,
    TASK_ADDED,
    TASK_UPDATED,
    AGENT_ADDED,
    AGENT_REMOVED,
    FRAMEWORK_ADDED,
    FRAMEWORK_UPDATED,
    FRAMEWORK_REMOVED,
    HEARTBEAT
  }

  public record Subscribed(Response.GetState getState, Double heartbeatIntervalSeconds) {}

  public record TaskAdded(Task task) {}

  /** {@code state} is the task's latest state; {@code status} the update that brought it. */
  public record TaskUpdated(FrameworkId frameworkId, TaskStatus status, TaskState state) {}

  public record AgentAdded(Response.GetAgents.Agent agent) {}

  public record AgentRemoved(AgentId agentId) {}

  public record FrameworkAdded(Response.GetFrameworks.Framework framework) {}

  public record FrameworkUpdated(Response.GetFrameworks.Framework framework) {}

  public record FrameworkRemoved(FrameworkInfo frameworkInfo) {}

  public static Event subscribed(Response.GetState state, double heartbeatSeconds) {
    return new Event(
        Type.SUBSCRIBED,
        new Subscribed(state, heartbeatSeconds),
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  public static Event taskAdded(Task task) {
    return new Event(
        Type.TASK_ADDED, null, new TaskAdded(task), null, null, null, null, null, null);
  }

  public static Event taskUpdated(FrameworkId framework, TaskStatus status, TaskState state) {
    return new Event(
        Type.TASK_UPDATED,
        null,
        null,
        new TaskUpdated(framework, status, state),
        null,
        null,
        null,
        null,
        null);
  }

  public static Event agentAdded(Response.GetAgents.Agent agent) {
    return new Event(
        Type.AGENT_ADDED, null, null, null, new AgentAdded(agent), null, null, null, null);
  }

  public static Event agentRemoved(AgentId id) {
    return new Event(
        Type.AGENT_REMOVED, null, null, null, null, new AgentRemoved(id), null, null, null);
  }

  public static Event frameworkAdded(Response.GetFrameworks.Framework framework) {
    return new Event(
        Type.FRAMEWORK_ADDED,
        null,
        null,
        null,
        null,
        null,
        new FrameworkAdded(framework),
        null,
        null);
  }

  public static Event frameworkUpdated(Response.GetFrameworks.Framework framework) {
    return new Event(
        Type.FRAMEWORK_UPDATED,
        null,
        null,
        null,
        null,
        null,
        null,
        new FrameworkUpdated(framework),
        null);
  }

  public static Event frameworkRemoved(FrameworkInfo info) {
    return new Event(
        Type.FRAMEWORK_REMOVED,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        new FrameworkRemoved(info));
  }

  public static Event heartbeat() {
    return new Event(Type.HEARTBEAT, null, null, null, null, null, null, null, null);
  }
}
