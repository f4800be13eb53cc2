package io.mezzo.master;

import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.master.registry.TaskEntry;
import java.util.Map;
import java.util.Optional;

/**
 * The tasks: each live task is in its framework's and its agent's map, and a completed one only in
 * its framework's completed list. Every move goes through here, in one call, so the two indexes
 * never disagree. Owned by the master's context.
 */
final class TaskBook {
  private final Map<io.mezzo.api.v1.FrameworkId, FrameworkEntry> frameworks;
  private final Map<io.mezzo.api.v1.AgentId, AgentEntry> agents;

  TaskBook(
      Map<io.mezzo.api.v1.FrameworkId, FrameworkEntry> frameworks,
      Map<io.mezzo.api.v1.AgentId, AgentEntry> agents) {
    this.frameworks = frameworks;
    this.agents = agents;
  }

  /** A live task by key, found through its framework. */
  Optional<TaskEntry> find(TaskEntry.TaskKey key) {
    FrameworkEntry fw = frameworks.get(key.frameworkId());
    return Optional.ofNullable(fw == null ? null : fw.tasks().get(key));
  }

  /**
   * Books a new live task under its framework and its agent.
   *
   * @throws IllegalStateException if either is unknown or the task id is live already
   */
  void add(TaskEntry task) {
    FrameworkEntry fw = frameworks.get(task.frameworkId());
    AgentEntry agent = agents.get(task.agentId());
    if (fw == null || agent == null) {
      throw new IllegalStateException(
          "cannot add task " + task.taskId() + ": framework or agent " + task.agentId() + " gone");
    }
    if (fw.tasks().containsKey(task.key())) {
      throw new IllegalStateException("cannot add task " + task.taskId() + ": already live");
    }
    fw.tasks().put(task.key(), task);
    agent.tasks().put(task.key(), task);
  }

  /** Moves a task off its agent and to its framework's completed list. */
  void complete(TaskEntry task) {
    AgentEntry agent = agents.get(task.agentId());
    if (agent != null) {
      agent.tasks().remove(task.key());
    }
    FrameworkEntry fw = frameworks.get(task.frameworkId());
    if (fw != null) {
      fw.complete(task);
    }
  }
}
