package io.mezzo.api.agent;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.AgentInfo;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import java.util.List;

/**
 * A call from an agent to the master. This is Mezzo's own agent protocol (Mesos uses internal
 * libprocess messages here): JSON with the same mapping as the v1 APIs, posted to {@code POST
 * /internal/v1/agent}. SUBSCRIBE opens the agent's command stream; every other call goes on its own
 * request, so an agent needs only agent-to-master connectivity.
 *
 * <pre>
 *   SUBSCRIBE     {register}             → 200 RecordIO stream of AgentEvent (REGISTERED first)
 *   HEARTBEAT     {agent_id}             → 202
 *   STATUS_UPDATE {agent_id, update}     → 202 (the master forwards it to the framework)
 *   EXECUTOR_TO_FRAMEWORK {agent_id, message}   → 202 (an executor's MESSAGE, for its scheduler)
 *   EXITED_EXECUTOR {agent_id, exited_executor} → 202 (the master sends FAILURE to the framework
 *                                                     and frees the executor's resources)
 * </pre>
 *
 * <p>{@code secret} is the link secret the master handed out in REGISTERED: every call after it,
 * and every re-registration, carries it, so only the agent the master admitted under an id can
 * speak for that id (a 403 otherwise). Null on a first registration.
 */
public record AgentCall(
    Type type,
    AgentId agentId,
    Register register,
    Update update,
    AgentEvent.ExecutorMessage message,
    ExitedExecutor exitedExecutor,
    String secret) {

  public enum Type {
    UNKNOWN,
    SUBSCRIBE,
    HEARTBEAT,
    STATUS_UPDATE,
    EXECUTOR_TO_FRAMEWORK,
    EXITED_EXECUTOR
  }

  public AgentCall(Type type, AgentId agentId, Register register, Update update) {
    this(type, agentId, register, update, null, null, null);
  }

  public AgentCall(
      Type type,
      AgentId agentId,
      Register register,
      Update update,
      AgentEvent.ExecutorMessage message,
      ExitedExecutor exitedExecutor) {
    this(type, agentId, register, update, message, exitedExecutor, null);
  }

  /** This call carrying the agent's link secret. */
  public AgentCall withSecret(String secret) {
    return new AgentCall(type, agentId, register, update, message, exitedExecutor, secret);
  }

  /** The secret stays out of logs and error messages. */
  @Override
  public String toString() {
    return "AgentCall[type="
        + type
        + ", agentId="
        + agentId
        + ", register="
        + register
        + ", update="
        + update
        + ", message="
        + message
        + ", exitedExecutor="
        + exitedExecutor
        + (secret == null ? "" : ", secret=***")
        + "]";
  }

  /**
   * Registration (no {@code agent_info.id}) or re-registration (with it, and with what the agent
   * runs).
   *
   * @param endpoint the agent's own HTTP base URL, which the master uses to proxy sandbox reads
   * @param tasks the tasks the agent still knows about, with their latest state, on re-registration
   * @param ip the agent's IP address (an IP literal), which Mesos's agent PID carries and offers
   *     show as {@code url.address.ip}; the agent works it out, so the master never looks a name
   *     up. Null when the agent did not say.
   */
  public record Register(
      AgentInfo agentInfo,
      String endpoint,
      String version,
      List<FrameworkInfo> frameworks,
      List<RunningTask> tasks,
      List<ExecutorInfo> executors,
      String ip,
      List<Resource> checkpointedResources) {
    public Register {
      frameworks = frameworks == null ? List.of() : frameworks;
      tasks = tasks == null ? List.of() : tasks;
      executors = executors == null ? List.of() : executors;
    }

    /** A registration that reports no checkpointed reservations (an agent that has none). */
    public Register(
        AgentInfo agentInfo,
        String endpoint,
        String version,
        List<FrameworkInfo> frameworks,
        List<RunningTask> tasks,
        List<ExecutorInfo> executors,
        String ip) {
      this(agentInfo, endpoint, version, frameworks, tasks, executors, ip, null);
    }

    /** A registration that does not report the agent's IP. */
    public Register(
        AgentInfo agentInfo,
        String endpoint,
        String version,
        List<FrameworkInfo> frameworks,
        List<RunningTask> tasks,
        List<ExecutorInfo> executors) {
      this(agentInfo, endpoint, version, frameworks, tasks, executors, null);
    }

    /** A registration without executors (only command tasks, or none). */
    public Register(
        AgentInfo agentInfo,
        String endpoint,
        String version,
        List<FrameworkInfo> frameworks,
        List<RunningTask> tasks) {
      this(agentInfo, endpoint, version, frameworks, tasks, null);
    }
  }

  /** A task an agent reports when it re-registers. */
  public record RunningTask(
      FrameworkId frameworkId, TaskInfo task, TaskState state, TaskStatus latest) {}

  /**
   * An executor (custom or default, with {@code framework_id} set) ended: how, as a wait status
   * ({@code null} if unknown).
   */
  public record ExitedExecutor(FrameworkId frameworkId, ExecutorId executorId, Integer status) {}

  /** A status update the agent wants delivered to the task's framework. */
  public record Update(FrameworkId frameworkId, TaskStatus status) {}

  public static AgentCall subscribe(Register register) {
    return new AgentCall(Type.SUBSCRIBE, register.agentInfo().id(), register, null);
  }

  public static AgentCall heartbeat(AgentId id) {
    return new AgentCall(Type.HEARTBEAT, id, null, null);
  }

  public static AgentCall executorToFramework(
      AgentId id, FrameworkId framework, ExecutorId executor, String data) {
    return new AgentCall(
        Type.EXECUTOR_TO_FRAMEWORK,
        id,
        null,
        null,
        new AgentEvent.ExecutorMessage(framework, executor, data),
        null);
  }

  public static AgentCall exitedExecutor(
      AgentId id, FrameworkId framework, ExecutorId executor, Integer status) {
    return new AgentCall(
        Type.EXITED_EXECUTOR,
        id,
        null,
        null,
        null,
        new ExitedExecutor(framework, executor, status));
  }

  public static AgentCall statusUpdate(AgentId id, FrameworkId framework, TaskStatus status) {
    return new AgentCall(Type.STATUS_UPDATE, id, null, new Update(framework, status));
  }
}
