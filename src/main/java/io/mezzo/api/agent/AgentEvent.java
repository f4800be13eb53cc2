package io.mezzo.api.agent;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.KillPolicy;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;

/**
 * A command from the master on an agent's stream (see {@link AgentCall}).
 *
 * <pre>
 *   REGISTERED         {registered: agent_id, master_id, heartbeat_interval_seconds}
 *   RUN_TASK           {run_task: framework_info, task}
 *   KILL_TASK          {kill_task: framework_id, task_id, kill_policy}
 *   ACKNOWLEDGE        {acknowledge: framework_id, task_id, uuid}
 *   SHUTDOWN_FRAMEWORK {shutdown_framework: framework_id}   (kill all its tasks)
 *   HEARTBEAT          {}                                    (the agent re-detects a silent master)
 *   ERROR              {error: message}                      (registration refused; stream closes)
 * </pre>
 */
public record AgentEvent(
    Type type,
    Registered registered,
    RunTask runTask,
    KillTask killTask,
    Acknowledge acknowledge,
    ShutdownFramework shutdownFramework,
    Error error) {

  public enum Type {
    UNKNOWN,
    REGISTERED,
    RUN_TASK,
    KILL_TASK,
    ACKNOWLEDGE,
    SHUTDOWN_FRAMEWORK,
    HEARTBEAT,
    ERROR
  }

  public record Registered(AgentId agentId, String masterId, Double heartbeatIntervalSeconds) {}

  public record RunTask(FrameworkInfo frameworkInfo, TaskInfo task) {}

  public record KillTask(FrameworkId frameworkId, TaskId taskId, KillPolicy killPolicy) {}

  public record Acknowledge(FrameworkId frameworkId, TaskId taskId, String uuid) {}

  public record ShutdownFramework(FrameworkId frameworkId) {}

  public record Error(String message) {}

  public static AgentEvent registered(AgentId id, String masterId, double heartbeatSeconds) {
    return new AgentEvent(
        Type.REGISTERED,
        new Registered(id, masterId, heartbeatSeconds),
        null,
        null,
        null,
        null,
        null);
  }

  public static AgentEvent runTask(FrameworkInfo framework, TaskInfo task) {
    return new AgentEvent(
        Type.RUN_TASK, null, new RunTask(framework, task), null, null, null, null);
  }

  public static AgentEvent killTask(FrameworkId framework, TaskId task, KillPolicy policy) {
    return new AgentEvent(
        Type.KILL_TASK, null, null, new KillTask(framework, task, policy), null, null, null);
  }

  public static AgentEvent acknowledge(FrameworkId framework, TaskId task, String uuid) {
    return new AgentEvent(
        Type.ACKNOWLEDGE, null, null, null, new Acknowledge(framework, task, uuid), null, null);
  }

  public static AgentEvent shutdownFramework(FrameworkId framework) {
    return new AgentEvent(
        Type.SHUTDOWN_FRAMEWORK, null, null, null, null, new ShutdownFramework(framework), null);
  }

  public static AgentEvent heartbeat() {
    return new AgentEvent(Type.HEARTBEAT, null, null, null, null, null, null);
  }

  public static AgentEvent error(String message) {
    return new AgentEvent(Type.ERROR, null, null, null, null, null, new Error(message));
  }
}
