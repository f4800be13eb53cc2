package io.mezzo.api.v1;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A task to launch ({@code mesos.v1.TaskInfo}). Exactly one of {@code command} (run by the built-in
 * command executor) or {@code executor} must be set. Health checks and checks are typed: the agent
 * runs them; discovery stays raw JSON, stored and shown, not interpreted.
 */
public record TaskInfo(
    String name,
    TaskId taskId,
    AgentId agentId,
    List<Resource> resources,
    ExecutorInfo executor,
    CommandInfo command,
    ContainerInfo container,
    HealthCheck healthCheck,
    CheckInfo check,
    KillPolicy killPolicy,
    String data,
    Labels labels,
    JsonNode discovery,
    DurationInfo maxCompletionTime,
    Map<String, Value.Scalar> limits) {

  public TaskInfo {
    resources = resources == null ? List.of() : resources;
  }

  public TaskInfo withAgentId(AgentId agent) {
    return new TaskInfo(
        name,
        taskId,
        agent,
        resources,
        executor,
        command,
        container,
        healthCheck,
        check,
        killPolicy,
        data,
        labels,
        discovery,
        maxCompletionTime,
        limits);
  }

  /**
   * The task under {@code executor}: the master fills in the executor's framework id, and books a
   * task group's tasks with the group's executor, as Mesos's Task carries its executor_id.
   */
  public TaskInfo withExecutor(ExecutorInfo executor) {
    return new TaskInfo(
        name,
        taskId,
        agentId,
        resources,
        executor,
        command,
        container,
        healthCheck,
        check,
        killPolicy,
        data,
        labels,
        discovery,
        maxCompletionTime,
        limits);
  }
}
