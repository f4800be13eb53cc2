package io.mezzo.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.agent.state.Paths;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.ContainerInfo;
import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.ResourceMapping;
import io.mezzo.api.v1.TaskGroupInfo;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.core.resources.Resources;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether the agent can run a RUN_TASK_GROUP at all, decided before anything is started or
 * checkpointed: one reason refuses the whole group, since its tasks start together or not at all.
 * The master checks most of this against the offer; the agent checks again so a group that slipped
 * through (or a second group for a live executor) fails with a reason instead of starting half.
 *
 * <p>A pure function of its inputs.
 */
final class TaskGroupValidation {
  private TaskGroupValidation() {}

  /**
   * @param inUse the task ids this agent already holds
   * @param total the agent's total resources, null if not yet detected
   * @param live the running default executor with the same id, if any
   * @return why the group cannot run here, or empty
   */
  static Optional<String> check(
      ExecutorInfo executor,
      TaskGroupInfo group,
      AgentId agent,
      Set<TaskId> inUse,
      Resources total,
      DefaultExecutorRun live) {
    if (executor == null || executor.executorId() == null) {
      return Optional.of("RUN_TASK_GROUP needs an executor with an executor_id");
    }
    String eid = executor.executorId().value();
    if (executor.effectiveType() != ExecutorInfo.Type.DEFAULT) {
      return Optional.of(
          "Task groups run on the DEFAULT executor here; executor "
              + eid
              + " is "
              + executor.effectiveType());
    }
    if (executor.command() != null) {
      return Optional.of("The DEFAULT executor " + eid + " must not have a command");
    }
    if (executor.container() != null && executor.container().type() == ContainerInfo.Type.DOCKER) {
      return Optional.of("The DEFAULT executor " + eid + " cannot run in a DOCKER container");
    }
    try {
      Paths.component("executor id", eid);
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
    if (group == null || group.tasks().isEmpty()) {
      return Optional.of("The task group is empty");
    }
    Set<TaskId> seen = new HashSet<>();
    Resources asked;
    try {
      asked = ResourceMapping.toCore(executor.resources());
    } catch (IllegalArgumentException e) {
      return Optional.of("Invalid resources of executor " + eid + ": " + e.getMessage());
    }
    for (TaskInfo t : group.tasks()) {
      Optional<String> bad = checkTask(t, agent, inUse, seen);
      if (bad.isPresent()) {
        return bad;
      }
      try {
        asked = asked.plus(ResourceMapping.toCore(t.resources()));
      } catch (IllegalArgumentException e) {
        return Optional.of("Invalid resources of task " + t.taskId() + ": " + e.getMessage());
      }
    }
    if (total != null && !total.unreserved().contains(asked.unreserved())) {
      return Optional.of(
          "The task group and its executor ask for " + asked + " but this agent has only " + total);
    }
    if (live != null && !live.info.equals(executor.withFrameworkId(live.frameworkId()))) {
      return Optional.of(
          "Executor "
              + eid
              + " is already running with a different ExecutorInfo; a new group"
              + " must name the same executor as the running one");
    }
    return Optional.empty();
  }

  private static Optional<String> checkTask(
      TaskInfo t, AgentId agent, Set<TaskId> inUse, Set<TaskId> seen) {
    if (t == null || t.taskId() == null) {
      return Optional.of("A task of the group has no task_id");
    }
    TaskId id = t.taskId();
    try {
      Paths.component("task id", id.value());
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
    if (!seen.add(id)) {
      return Optional.of("Task id " + id + " appears twice in the task group");
    }
    if (inUse.contains(id)) {
      return Optional.of("Task id " + id + " is already in use on this agent");
    }
    if (agent != null && t.agentId() != null && !agent.equals(t.agentId())) {
      return Optional.of(
          "Task " + id + " names agent " + t.agentId() + ", not this agent " + agent);
    }
    if (t.executor() != null) {
      return Optional.of(
          "Task " + id + " of a task group must not set an executor: it runs under the group's");
    }
    if (t.command() == null) {
      return Optional.of("Task " + id + " of the task group has no command");
    }
    if (t.container() != null && t.container().type() == ContainerInfo.Type.DOCKER) {
      return Optional.of(
          "Task "
              + id
              + " asks for a DOCKER container; tasks of a group are nested MESOS"
              + " containers");
    }
    return badVolume(t);
  }

  /**
   * SANDBOX_PATH volumes of type PARENT are how a task sees its executor's sandbox; without a mount
   * namespace they are links inside the task's sandbox, so their path must be relative.
   */
  private static Optional<String> badVolume(TaskInfo t) {
    for (JsonNode v : sandboxVolumes(t)) {
      String at = v.path("container_path").asText("");
      String from = v.path("source").path("sandbox_path").path("path").asText("");
      String type = v.path("source").path("sandbox_path").path("type").asText("");
      if (!type.equals("PARENT")) {
        return Optional.of(
            "Task "
                + t.taskId()
                + ": SANDBOX_PATH volumes of type "
                + type
                + " are not supported"
                + " (only PARENT)");
      }
      if (!relativeInside(at) || !relativeInside(from)) {
        return Optional.of(
            "Task "
                + t.taskId()
                + ": SANDBOX_PATH volume '"
                + from
                + "' at '"
                + at
                + "' must use relative paths inside the sandboxes (no mount namespace here)");
      }
    }
    return Optional.empty();
  }

  /** The task's volumes whose source is SANDBOX_PATH. */
  static List<JsonNode> sandboxVolumes(TaskInfo t) {
    if (t.container() == null || t.container().volumes() == null) {
      return List.of();
    }
    return t.container().volumes().stream()
        .filter(v -> v != null && "SANDBOX_PATH".equals(v.path("source").path("type").asText()))
        .toList();
  }

  private static boolean relativeInside(String p) {
    if (p.isEmpty() || p.startsWith("/")) {
      return false;
    }
    for (String part : p.split("/")) {
      if (part.equals("..")) {
        return false;
      }
    }
    return true;
  }
}
