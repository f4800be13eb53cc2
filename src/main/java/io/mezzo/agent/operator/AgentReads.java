package io.mezzo.agent.operator;

import io.mezzo.agent.AgentConfig;
import io.mezzo.agent.AgentSnapshot;
import io.mezzo.agent.resources.AttributeMapping;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.AgentInfo;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.ResourceMapping;
import io.mezzo.api.v1.Task;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.agent.Response;
import io.mezzo.core.resources.Attributes;
import io.mezzo.core.resources.Resources;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The agent's GET_FRAMEWORKS, GET_EXECUTORS, GET_TASKS and GET_AGENT answers, in the shapes of
 * {@code mesos.v1.agent.Response}; GET_STATE is the first three together. Everything is read from
 * the snapshot's framework → executor → task tree, so any kind of executor the agent runs (command,
 * custom, default) appears without changes here. Pure functions; any thread.
 */
public final class AgentReads {
  private AgentReads() {}

  /** Frameworks with open tasks, and those whose last task completed. */
  public static Response.GetFrameworks frameworks(AgentSnapshot s) {
    List<Response.GetFrameworks.Framework> open = new ArrayList<>();
    s.frameworks().forEach(f -> open.add(new Response.GetFrameworks.Framework(f.info())));
    List<Response.GetFrameworks.Framework> completed = new ArrayList<>();
    for (FrameworkInfo f : s.completedFrameworks()) {
      completed.add(new Response.GetFrameworks.Framework(f));
    }
    return new Response.GetFrameworks(open, completed);
  }

  /**
   * Executors with a task not yet acknowledged terminal, and the executors of completed tasks. As
   * in Mesos, an executor stays in {@code executors} until every terminal update of its tasks is
   * acknowledged.
   */
  public static Response.GetExecutors executors(AgentSnapshot s) {
    List<Response.GetExecutors.Executor> open = new ArrayList<>();
    Set<Key> seen = new LinkedHashSet<>();
    for (AgentSnapshot.FrameworkView f : s.frameworks()) {
      for (AgentSnapshot.ExecutorView e : f.executors()) {
        seen.add(new Key(f.info().id(), e.executorId()));
        open.add(new Response.GetExecutors.Executor(executor(f.info().id(), e)));
      }
    }
    // A completed task's executor is completed unless it still runs other tasks; one entry per
    // executor, whose resources are those of its last completed task.
    Map<Key, AgentSnapshot.TaskView> done = new LinkedHashMap<>();
    for (AgentSnapshot.TaskView t : s.completedTasks()) {
      Key k = new Key(t.frameworkId(), t.executorId());
      if (!seen.contains(k)) {
        done.remove(k);
        done.put(k, t);
      }
    }
    List<Response.GetExecutors.Executor> completed = new ArrayList<>();
    done.values()
        .forEach(t -> completed.add(new Response.GetExecutors.Executor(AgentViews.executor(t))));
    return new Response.GetExecutors(open, completed);
  }

  /**
   * Tasks split as a Mesos agent splits them: accepted but without a container yet (pending),
   * staging in a container whose executor has not started them (queued), handed to their executor
   * and not ended (launched), ended with the terminal update unacknowledged (terminated), done
   * (completed).
   */
  public static Response.GetTasks tasks(AgentSnapshot s) {
    AgentId agent = s.agentId() == null ? new AgentId("") : s.agentId();
    List<Task> pending = new ArrayList<>();
    List<Task> queued = new ArrayList<>();
    List<Task> launched = new ArrayList<>();
    List<Task> terminated = new ArrayList<>();
    for (AgentSnapshot.TaskView t : s.tasks()) {
      Task task = AgentViews.task(agent, t);
      if (t.state().isTerminal()) {
        terminated.add(task);
      } else if (t.containerId() == null) {
        pending.add(task);
      } else if (t.state() == TaskState.TASK_STAGING) {
        queued.add(task);
      } else {
        launched.add(task);
      }
    }
    List<Task> completed = new ArrayList<>();
    s.completedTasks().forEach(t -> completed.add(AgentViews.task(agent, t)));
    return new Response.GetTasks(pending, queued, launched, terminated, completed);
  }

  /**
   * The agent's {@code AgentInfo} as it registers with the master. Mezzo's master does not tell its
   * agents about a drain, so {@code drain_config} is never set here (the master's GET_AGENTS has
   * it).
   */
  public static Response.GetAgent agent(AgentSnapshot s, AgentConfig config) {
    Resources total = s.resources() == null ? Resources.empty() : s.resources();
    Attributes attributes = s.attributes() == null ? Attributes.empty() : s.attributes();
    AgentInfo info =
        new AgentInfo(
            s.hostname(),
            config.port(),
            ResourceMapping.toWire(total, null, false),
            AttributeMapping.toWire(attributes),
            s.agentId());
    return new Response.GetAgent(info, null, null);
  }

  /**
   * One executor: a command task's executor is named as Mesos names it and holds its task's
   * resources; an executor of several tasks holds what its open tasks use.
   */
  static ExecutorInfo executor(FrameworkId framework, AgentSnapshot.ExecutorView e) {
    if (e.info() != null) {
      // A custom or default executor: what its framework declared.
      return e.info().frameworkId() == null ? e.info().withFrameworkId(framework) : e.info();
    }
    if (e.tasks().size() == 1 && e.tasks().get(0).executorId().equals(e.executorId())) {
      return AgentViews.executor(e.tasks().get(0));
    }
    List<Resource> resources = new ArrayList<>();
    e.tasks().stream()
        .filter(t -> !t.state().isTerminal())
        .forEach(t -> resources.addAll(t.resources()));
    return new ExecutorInfo(
        null, e.executorId(), framework, null, null, resources, e.executorId().value(), null);
  }

  private record Key(FrameworkId framework, ExecutorId executor) {}
}
