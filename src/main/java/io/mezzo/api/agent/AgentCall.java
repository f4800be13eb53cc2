package io.mezzo.api.agent;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.AgentInfo;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
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
 * </pre>
 */
public record AgentCall(Type type, AgentId agentId, Register register, Update update) {

  public enum Type {
    UNKNOWN,
    SUBSCRIBE,
    HEARTBEAT,
    STATUS_UPDATE
  }

  /**
   * Registration (no {@code agent_info.id}) or re-registration (with it, and with what the agent
   * runs).
   *
   * @param endpoint the agent's own HTTP base URL, which the master uses to proxy sandbox reads
   * @param tasks the tasks the agent still knows about, with their latest state, on re-registration
   */
  public record Register(
      AgentInfo agentInfo,
      String endpoint,
      String version,
      List<FrameworkInfo> frameworks,
      List<RunningTask> tasks) {
    public Register {
      frameworks = frameworks == null ? List.of() : frameworks;
      tasks = tasks == null ? List.of() : tasks;
    }
  }

  /** A task an agent reports when it re-registers. */
  public record RunningTask(
      FrameworkId frameworkId, TaskInfo task, TaskState state, TaskStatus latest) {}

  /** A status update the agent wants delivered to the task's framework. */
  public record Update(FrameworkId frameworkId, TaskStatus status) {}

  public static AgentCall subscribe(Register register) {
    return new AgentCall(Type.SUBSCRIBE, register.agentInfo().id(), register, null);
  }

  public static AgentCall heartbeat(AgentId id) {
    return new AgentCall(Type.HEARTBEAT, id, null, null);
  }

  public static AgentCall statusUpdate(AgentId id, FrameworkId framework, TaskStatus status) {
    return new AgentCall(Type.STATUS_UPDATE, id, null, new Update(framework, status));
  }
}
