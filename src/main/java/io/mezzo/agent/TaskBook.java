package io.mezzo.agent;

import io.mezzo.agent.containerizer.ComposingContainerizer;
import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.ResourceMapping;
import io.mezzo.api.v1.TaskId;
import io.mezzo.core.resources.Resources;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * What the agent knows of its tasks: the open ones by id (not yet acknowledged terminal), the
 * frameworks they belong to, the last {@value #COMPLETED_KEPT} completed ones, and the views the
 * state endpoints and re-registration read. The phases of a task ({@link TaskLaunch}, {@link
 * TaskEnds}, {@link TaskRecovery}) change it; {@link AgentTasks} is their front.
 *
 * <p>Confined to the agent's context, like every class of the task phases.
 */
final class TaskBook {
  private static final Logger LOG = Logger.getLogger(AgentTasks.class);

  /** Completed tasks kept for the state endpoints (Mesos keeps up to 1000 per framework). */
  static final int COMPLETED_KEPT = 1000;

  static final int COMPLETED_FRAMEWORKS_KEPT = 50;

  final Map<TaskId, TaskRun> tasks = new LinkedHashMap<>();
  final Map<FrameworkId, FrameworkInfo> frameworks = new LinkedHashMap<>();
  final Deque<TaskRun> completed = new ArrayDeque<>();

  /** Frameworks whose last task completed, newest last, for GET_FRAMEWORKS. */
  private final Map<FrameworkId, FrameworkInfo> completedFrameworks = new LinkedHashMap<>();

  private final ComposingContainerizer containerizer;

  /** The id updates carry; set at registration (and at recovery, from the checkpoint). */
  AgentId agentId;

  /** The agent's total resources, once detected; tasks are checked against them. */
  Resources total;

  TaskBook(ComposingContainerizer containerizer) {
    this.containerizer = containerizer;
  }

  /** Moves an acknowledged terminal task to the completed ones. */
  void complete(TaskRun t) {
    tasks.remove(t.id());
    completed.addLast(t);
    while (completed.size() > COMPLETED_KEPT) {
      completed.removeFirst();
    }
    if (tasks.values().stream().noneMatch(o -> o.frameworkId().equals(t.frameworkId()))) {
      FrameworkInfo done = frameworks.remove(t.frameworkId());
      if (done != null) {
        completedFrameworks.remove(t.frameworkId());
        completedFrameworks.put(t.frameworkId(), done);
        // Mesos's agent keeps the last 50 completed frameworks (--max_completed_frameworks).
        if (completedFrameworks.size() > COMPLETED_FRAMEWORKS_KEPT) {
          completedFrameworks.remove(completedFrameworks.keySet().iterator().next());
        }
      }
    }
    LOG.infof(
        "Task %s of framework %s completed: %s acknowledged", t.id(), t.frameworkId(), t.state());
  }

  /** The tasks to report when re-registering: everything not yet acknowledged terminal. */
  List<AgentCall.RunningTask> reportable() {
    return tasks.values().stream()
        .map(t -> new AgentCall.RunningTask(t.frameworkId(), t.task, t.state(), t.latest))
        .toList();
  }

  List<FrameworkInfo> frameworks() {
    return List.copyOf(frameworks.values());
  }

  /**
   * Each framework with its executors: a command task is its own executor (id = task id), the tasks
   * of a custom executor's run are listed under that executor's id, and the tasks of a default
   * executor's groups under that one executor, with its container id (the parent of theirs).
   */
  List<AgentSnapshot.FrameworkView> frameworkViews() {
    List<AgentSnapshot.FrameworkView> out = new ArrayList<>();
    for (FrameworkInfo f : frameworks.values()) {
      List<AgentSnapshot.ExecutorView> executors = new ArrayList<>();
      Map<ExecutorRun, List<TaskRun>> custom = new LinkedHashMap<>();
      Map<DefaultExecutorRun, List<AgentSnapshot.TaskView>> grouped = new LinkedHashMap<>();
      for (TaskRun t : tasks.values()) {
        if (!t.frameworkId().equals(f.id())) {
          continue;
        }
        if (t.group != null) {
          grouped.computeIfAbsent(t.group.executor, e -> new ArrayList<>()).add(view(t));
        } else if (t.executor != null) {
          custom.computeIfAbsent(t.executor, e -> new ArrayList<>()).add(t);
        } else {
          executors.add(
              new AgentSnapshot.ExecutorView(
                  t.run.executorId(),
                  t.run.containerId(),
                  containerizer.ownerOf(t.run.containerId()).orElse(null),
                  t.run.sandbox(),
                  List.of(view(t))));
        }
      }
      custom.forEach(
          (ex, ts) ->
              executors.add(
                  new AgentSnapshot.ExecutorView(
                      ex.run.executorId(),
                      ex.run.containerId(),
                      containerizer.ownerOf(ex.run.containerId()).orElse(null),
                      ex.run.sandbox(),
                      ts.stream().map(TaskBook::view).toList(),
                      ex.info)));
      grouped.forEach(
          (ex, views) ->
              executors.add(
                  new AgentSnapshot.ExecutorView(
                      ex.executorId(),
                      ex.run.containerId(),
                      views.stream()
                          .map(v -> containerizer.ownerOf(v.containerId()).orElse(null))
                          .filter(java.util.Objects::nonNull)
                          .findFirst()
                          .orElse(null),
                      ex.run.sandbox(),
                      views,
                      ex.info)));
      out.add(new AgentSnapshot.FrameworkView(f, executors));
    }
    return out;
  }

  /**
   * The resources of the tasks that have not ended; a task with unreadable resources counts none.
   */
  Resources used() {
    Resources sum = Resources.empty();
    for (TaskRun t : tasks.values()) {
      if (!t.isTerminal()) {
        try {
          sum = sum.plus(ResourceMapping.toCore(t.task.resources()));
        } catch (IllegalArgumentException e) {
          LOG.debugf("Task %s has resources that do not add up: %s", t.id(), e.getMessage());
        }
      }
    }
    return sum;
  }

  /** Completed frameworks that have no open task again (a framework may come back). */
  List<FrameworkInfo> completedFrameworks() {
    return completedFrameworks.values().stream()
        .filter(f -> !frameworks.containsKey(f.id()))
        .toList();
  }

  List<AgentSnapshot.TaskView> completedViews() {
    return completed.stream().map(TaskBook::view).toList();
  }

  private static AgentSnapshot.TaskView view(TaskRun t) {
    return new AgentSnapshot.TaskView(
        t.frameworkId(),
        t.id(),
        t.task.name(),
        t.state(),
        t.run.executorId(),
        t.run.containerId(),
        t.sandboxRemoved ? null : t.run.sandbox(),
        t.task.resources(),
        t.latest,
        t.task.command() == null ? null : t.task.command().user());
  }
}
