package io.mezzo.master.scheduler;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.ContainerInfo;
import io.mezzo.api.v1.IdRules;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.ResourceMapping;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.core.resources.Resources;
import io.mezzo.core.resources.Volumes;
import java.util.Optional;
import java.util.Set;

/**
 * Checks one task of a LAUNCH against the offer it draws from. A failure becomes TASK_ERROR with
 * REASON_TASK_INVALID and the message below, as in Mesos. Pure.
 */
public final class TaskValidator {
  private TaskValidator() {}

  /** A task's resources if valid, else the reason it is not. */
  public record Result(Resources resources, String error) {
    static Result ok(Resources r) {
      return new Result(r, null);
    }

    static Result error(String message) {
      return new Result(null, message);
    }

    public boolean valid() {
      return error == null;
    }
  }

  /**
   * @param task the task (required fields already checked by {@link CallValidator})
   * @param offerAgent the agent of the offers being accepted
   * @param offerRole the role the offers are allocated to
   * @param available what is left of the offers after earlier tasks of the same ACCEPT
   * @param activeTaskIds ids of the framework's non-terminal tasks, and of earlier tasks of this
   *     ACCEPT
   */
  public static Result validate(
      TaskInfo task,
      AgentId offerAgent,
      String offerRole,
      Resources available,
      Set<String> activeTaskIds) {
    return validate(task, offerAgent, offerRole, available, activeTaskIds, false);
  }

  /**
   * As {@link #validate(TaskInfo, AgentId, String, Resources, Set)}; {@code inGroup} for a task of
   * a LAUNCH_GROUP, whose nested container may mount its executor's sandbox (SANDBOX_PATH volumes).
   */
  public static Result validate(
      TaskInfo task,
      AgentId offerAgent,
      String offerRole,
      Resources available,
      Set<String> activeTaskIds,
      boolean inGroup) {
    String id = task.taskId().value();
    Optional<String> idProblem = IdRules.problem(id);
    if (idProblem.isPresent()) {
      return Result.error("Task ID '" + id + "' is invalid: " + idProblem.get());
    }
    if (activeTaskIds.contains(id)) {
      return Result.error("Task has duplicate ID: " + id);
    }
    if (!task.agentId().equals(offerAgent)) {
      return Result.error(
          "Task uses agent "
              + task.agentId().value()
              + " but the offer is for agent "
              + offerAgent.value());
    }
    if (task.executor() != null && task.command() != null) {
      return Result.error("Task should have at most one of CommandInfo or ExecutorInfo present");
    }
    // A task's executor is checked by ExecutorValidator; here only the task itself.
    if (task.command() == null && task.executor() == null) {
      return Result.error("Task should have at least one of CommandInfo or ExecutorInfo present");
    }
    boolean docker =
        task.container() != null && task.container().type() == ContainerInfo.Type.DOCKER;
    if (docker
        && (task.container().docker() == null
            || CallValidator.blank(task.container().docker().image()))) {
      return Result.error("DOCKER container requires 'container.docker.image'");
    }
    if (!docker && task.command() != null && CallValidator.blank(task.command().value())) {
      return Result.error("Task's 'command.value' is empty: nothing to run");
    }
    if (task.killPolicy() != null
        && task.killPolicy().gracePeriod() != null
        && task.killPolicy().gracePeriod().nanoseconds() != null
        && task.killPolicy().gracePeriod().nanoseconds() < 0) {
      return Result.error("Task's kill policy grace period must not be negative");
    }
    Optional<String> checks = HealthCheckValidator.problem(task);
    if (checks.isPresent()) {
      return Result.error(checks.get());
    }
    for (Resource r : task.resources()) {
      if (r.allocationInfo() != null
          && r.allocationInfo().role() != null
          && !r.allocationInfo().role().equals(offerRole)) {
        return Result.error(
            "Resource '"
                + r.name()
                + "' is allocated to role '"
                + r.allocationInfo().role()
                + "' but the offer is for role '"
                + offerRole
                + "'");
      }
    }
    Optional<String> unsupported = FieldSupport.problem(task, inGroup);
    if (unsupported.isPresent()) {
      return Result.error(unsupported.get());
    }
    Resources resources;
    try {
      resources = ResourceMapping.toCore(task.resources());
    } catch (IllegalArgumentException e) {
      return Result.error("Task uses invalid resources: " + e.getMessage());
    }
    if (resources.isEmpty()) {
      return Result.error("Task uses no resources");
    }
    if (!available.contains(resources)) {
      return Result.error("Task uses more resources " + resources + " than available " + available);
    }
    String partial = Volumes.partialUse(available, resources);
    if (partial != null) {
      return Result.error("Task uses invalid resources: " + partial);
    }
    return Result.ok(resources);
  }
}
