package io.mezzo.api.v1;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A task as the master or an agent describes it to operators ({@code mesos.v1.Task}): the launch
 * description plus what is known of its life. Command tasks carry no {@code executor_id} (the
 * command executor is the agent's business, as in Mesos).
 *
 * @param statuses the status updates received so far, oldest first (bounded)
 * @param statusUpdateState the state of the update being delivered to the framework, if any
 * @param statusUpdateUuid that update's uuid (Base64), if it waits for an acknowledgement
 */
public record Task(
    String name,
    TaskId taskId,
    FrameworkId frameworkId,
    ExecutorId executorId,
    AgentId agentId,
    TaskState state,
    List<Resource> resources,
    List<TaskStatus> statuses,
    TaskState statusUpdateState,
    String statusUpdateUuid,
    Labels labels,
    JsonNode discovery,
    ContainerInfo container,
    HealthCheck healthCheck,
    KillPolicy killPolicy,
    String user,
    Map<String, Value.Scalar> limits) {

  public Task {
    name = name == null ? "" : name;
    resources = resources == null ? List.of() : List.copyOf(resources);
    statuses = statuses == null ? List.of() : List.copyOf(statuses);
  }
}
