package io.mezzo.api.agent;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.KillPolicy;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.TaskGroupInfo;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import java.util.List;

/**
 * A command from the master on an agent's stream (see {@link AgentCall}).
 *
 * <pre>
 *   REGISTERED            {registered: agent_id, master_id, heartbeat_interval_seconds}
 *   RUN_TASK              {run_task: framework_info, task}      (task.executor set: a custom executor)
 *   RUN_TASK_GROUP        {run_task_group: framework_info, executor, task_group}
 *   KILL_TASK             {kill_task: framework_id, task_id, kill_policy}
 *   ACKNOWLEDGE           {acknowledge: framework_id, task_id, uuid}
 *   SHUTDOWN_FRAMEWORK    {shutdown_framework: framework_id}   (kill all its tasks)
 *   FRAMEWORK_TO_EXECUTOR {message: framework_id, executor_id, data}  (scheduler MESSAGE)
 *   SHUTDOWN_EXECUTOR     {shutdown_executor: framework_id, executor_id}  (scheduler SHUTDOWN)
 *   CHECKPOINT_RESOURCES  {checkpoint_resources: resources}     (the master's view of the agent's
 *                                                                dynamic reservations, refined format;
 *                                                                Mesos's CheckpointResourcesMessage)
 *   HEARTBEAT             {}                                    (the agent re-detects a silent master)
 *   ERROR                 {error: message}                      (registration refused; stream closes)
 * </pre>
 */
public record AgentEvent(
    Type type,
    Registered registered,
    RunTask runTask,
    RunTaskGroup runTaskGroup,
    KillTask killTask,
    Acknowledge acknowledge,
    ShutdownFramework shutdownFramework,
    ExecutorMessage message,
    ShutdownExecutor shutdownExecutor,
    Error error,
    CheckpointResources checkpointResources) {

  public enum Type {
    UNKNOWN,
    REGISTERED,
    RUN_TASK,
    RUN_TASK_GROUP,
    KILL_TASK,
    ACKNOWLEDGE,
    SHUTDOWN_FRAMEWORK,
    FRAMEWORK_TO_EXECUTOR,
    SHUTDOWN_EXECUTOR,
    HEARTBEAT,
    ERROR,
    CHECKPOINT_RESOURCES
  }

  /**
   * @param secret the link secret the agent sends with every later call and re-registration; a
   *     master that does not hand one out (an older Mezzo) sends none
   */
  public record Registered(
      AgentId agentId, String masterId, Double heartbeatIntervalSeconds, String secret) {
    public Registered(AgentId agentId, String masterId, Double heartbeatIntervalSeconds) {
      this(agentId, masterId, heartbeatIntervalSeconds, null);
    }

    @Override
    public String toString() {
      return "Registered[agentId="
          + agentId
          + ", masterId="
          + masterId
          + ", heartbeatIntervalSeconds="
          + heartbeatIntervalSeconds
          + (secret == null ? "" : ", secret=***")
          + "]";
    }
  }

  public record RunTask(FrameworkInfo frameworkInfo, TaskInfo task) {}

  /** A task group for the default executor {@code executor}; every task names this agent. */
  public record RunTaskGroup(
      FrameworkInfo frameworkInfo, ExecutorInfo executor, TaskGroupInfo taskGroup) {}

  public record KillTask(FrameworkId frameworkId, TaskId taskId, KillPolicy killPolicy) {}

  public record Acknowledge(FrameworkId frameworkId, TaskId taskId, String uuid) {}

  public record ShutdownFramework(FrameworkId frameworkId) {}

  /** Opaque bytes (base64 in JSON) between a scheduler and one of its executors. */
  public record ExecutorMessage(FrameworkId frameworkId, ExecutorId executorId, String data) {}

  public record ShutdownExecutor(FrameworkId frameworkId, ExecutorId executorId) {}

  public record Error(String message) {}

  /**
   * All of the agent's dynamically reserved resources, which it checkpoints and reports when it
   * re-registers; each one replaces the last.
   */
  public record CheckpointResources(List<Resource> resources) {
    public CheckpointResources {
      resources = resources == null ? List.of() : resources;
    }
  }

  private static AgentEvent of(Type type, Object body) {
    return new AgentEvent(
        type,
        body instanceof Registered b ? b : null,
        body instanceof RunTask b ? b : null,
        body instanceof RunTaskGroup b ? b : null,
        body instanceof KillTask b ? b : null,
        body instanceof Acknowledge b ? b : null,
        body instanceof ShutdownFramework b ? b : null,
        body instanceof ExecutorMessage b ? b : null,
        body instanceof ShutdownExecutor b ? b : null,
        body instanceof Error b ? b : null,
        body instanceof CheckpointResources b ? b : null);
  }

  public static AgentEvent registered(AgentId id, String masterId, double heartbeatSeconds) {
    return registered(id, masterId, heartbeatSeconds, null);
  }

  public static AgentEvent registered(
      AgentId id, String masterId, double heartbeatSeconds, String secret) {
    return of(Type.REGISTERED, new Registered(id, masterId, heartbeatSeconds, secret));
  }

  public static AgentEvent runTask(FrameworkInfo framework, TaskInfo task) {
    return of(Type.RUN_TASK, new RunTask(framework, task));
  }

  public static AgentEvent runTaskGroup(
      FrameworkInfo framework, ExecutorInfo executor, TaskGroupInfo group) {
    return of(Type.RUN_TASK_GROUP, new RunTaskGroup(framework, executor, group));
  }

  public static AgentEvent killTask(FrameworkId framework, TaskId task, KillPolicy policy) {
    return of(Type.KILL_TASK, new KillTask(framework, task, policy));
  }

  public static AgentEvent acknowledge(FrameworkId framework, TaskId task, String uuid) {
    return of(Type.ACKNOWLEDGE, new Acknowledge(framework, task, uuid));
  }

  public static AgentEvent shutdownFramework(FrameworkId framework) {
    return of(Type.SHUTDOWN_FRAMEWORK, new ShutdownFramework(framework));
  }

  public static AgentEvent frameworkToExecutor(
      FrameworkId framework, ExecutorId executor, String data) {
    return of(Type.FRAMEWORK_TO_EXECUTOR, new ExecutorMessage(framework, executor, data));
  }

  public static AgentEvent shutdownExecutor(FrameworkId framework, ExecutorId executor) {
    return of(Type.SHUTDOWN_EXECUTOR, new ShutdownExecutor(framework, executor));
  }

  public static AgentEvent heartbeat() {
    return of(Type.HEARTBEAT, null);
  }

  public static AgentEvent checkpointResources(List<Resource> resources) {
    return of(Type.CHECKPOINT_RESOURCES, new CheckpointResources(resources));
  }

  public static AgentEvent error(String message) {
    return of(Type.ERROR, new Error(message));
  }
}
