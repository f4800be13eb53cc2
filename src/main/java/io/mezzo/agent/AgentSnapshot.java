package io.mezzo.agent;

import io.mezzo.agent.gc.GcCounts;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.ContainerId;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.core.resources.Attributes;
import io.mezzo.core.resources.Resources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A read-only copy of the agent's state at one moment, for health checks, the state endpoints and
 * metrics. Immutable; taking it costs one hop onto the agent's context.
 *
 * @param agentId null until the agent first registers
 * @param masterId the id of the master it is registered with, null when not registered
 * @param resources total resources (detected and flagged), null before the agent started
 * @param used what the tasks that have not ended use (their {@code TaskInfo.resources})
 * @param frameworks frameworks with tasks that are not yet acknowledged terminal, with their
 *     executors
 * @param completedTasks recently completed tasks (terminal update acknowledged), oldest first
 * @param completedFrameworks frameworks that had tasks here and have none open now, oldest first
 */
public record AgentSnapshot(
    Agent.State state,
    AgentId agentId,
    String masterId,
    String hostname,
    String endpoint,
    Resources resources,
    Resources used,
    Attributes attributes,
    List<FrameworkView> frameworks,
    List<TaskView> completedTasks,
    List<FrameworkInfo> completedFrameworks,
    GcCounts gc) {

  public AgentSnapshot {
    gc = gc == null ? GcCounts.NONE : gc;
    frameworks = List.copyOf(frameworks);
    completedTasks = List.copyOf(completedTasks);
    completedFrameworks =
        completedFrameworks == null ? List.of() : List.copyOf(completedFrameworks);
  }

  /**
   * A snapshot that remembers no completed framework and collected no garbage (tests, and callers
   * that need neither).
   */
  public AgentSnapshot(
      Agent.State state,
      AgentId agentId,
      String masterId,
      String hostname,
      String endpoint,
      Resources resources,
      Resources used,
      Attributes attributes,
      List<FrameworkView> frameworks,
      List<TaskView> completedTasks) {
    this(
        state,
        agentId,
        masterId,
        hostname,
        endpoint,
        resources,
        used,
        attributes,
        frameworks,
        completedTasks,
        List.of(),
        GcCounts.NONE);
  }

  public boolean isRegistered() {
    return state == Agent.State.REGISTERED;
  }

  /** Every task not yet acknowledged terminal. */
  public List<TaskView> tasks() {
    List<TaskView> out = new ArrayList<>();
    frameworks.forEach(f -> f.executors().forEach(e -> out.addAll(e.tasks())));
    return out;
  }

  /** Tasks (current and completed) counted by state, for {@code slave/tasks_*} style metrics. */
  public Map<TaskState, Long> tasksByState() {
    Map<TaskState, Long> counts = new EnumMap<>(TaskState.class);
    tasks().forEach(t -> counts.merge(t.state(), 1L, Long::sum));
    completedTasks.forEach(t -> counts.merge(t.state(), 1L, Long::sum));
    return counts;
  }

  /** A framework with work on this agent. */
  public record FrameworkView(FrameworkInfo info, List<ExecutorView> executors) {
    public FrameworkView {
      executors = List.copyOf(executors);
    }
  }

  /**
   * An executor; for a command task the executor id is the task id and it runs that one task.
   *
   * @param info a custom executor's ExecutorInfo (with its framework id); null for a command task
   * @param directory the sandbox (what {@code /files} serves)
   * @param info the executor's own info for a default executor (its tasks in nested containers
   *     under {@code containerId}); null for a command task's executor
   */
  public record ExecutorView(
      ExecutorId executorId,
      ContainerId containerId,
      String containerizer,
      Path directory,
      List<TaskView> tasks,
      ExecutorInfo info) {
    public ExecutorView {
      tasks = List.copyOf(tasks);
    }

    /** A command task's executor, which has no ExecutorInfo of its own. */
    public ExecutorView(
        ExecutorId executorId,
        ContainerId containerId,
        String containerizer,
        Path directory,
        List<TaskView> tasks) {
      this(executorId, containerId, containerizer, directory, tasks, null);
    }

    /**
     * The user its own command names: its ExecutorInfo's command user, or for a command task (no
     * ExecutorInfo) that task's; null when none is named and it runs as its framework's user.
     */
    public String user() {
      if (info != null) {
        return info.command() == null ? null : info.command().user();
      }
      return tasks.size() == 1 ? tasks.get(0).user() : null;
    }
  }

  /**
   * One task and its latest status update.
   *
   * @param user the user its own command names ({@code TaskInfo.command.user}); null when it names
   *     none, so it runs as its framework's user (which authorization then looks at)
   */
  public record TaskView(
      FrameworkId frameworkId,
      TaskId taskId,
      String name,
      TaskState state,
      ExecutorId executorId,
      ContainerId containerId,
      Path sandbox,
      List<Resource> resources,
      TaskStatus latest,
      String user) {

    /** A task whose command names no user of its own (it runs as its framework's). */
    public TaskView(
        FrameworkId frameworkId,
        TaskId taskId,
        String name,
        TaskState state,
        ExecutorId executorId,
        ContainerId containerId,
        Path sandbox,
        List<Resource> resources,
        TaskStatus latest) {
      this(
          frameworkId,
          taskId,
          name,
          state,
          executorId,
          containerId,
          sandbox,
          resources,
          latest,
          null);
    }
  }
}
