package io.mezzo.master.scheduler;

import io.mezzo.api.v1.ContainerInfo;
import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.IdRules;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.ResourceMapping;
import io.mezzo.core.resources.Resources;
import java.util.Optional;

/**
 * Checks the {@code ExecutorInfo} of a LAUNCH task ({@code TaskInfo.executor}, a CUSTOM executor)
 * or of a LAUNCH_GROUP (the DEFAULT executor) as Mesos does, against the executor of the same id
 * already running on the agent for the framework, if any. A failure becomes TASK_ERROR with
 * REASON_TASK_INVALID and the message below for the task (or every task of the group). Pure.
 */
public final class ExecutorValidator {
  private ExecutorValidator() {}

  /**
   * A valid executor: {@code info} with {@code framework_id} filled in, and the resources it adds
   * to the agent — its own on its first launch there, none when it already runs.
   */
  public record Result(ExecutorInfo info, Resources resources, boolean isNew, String error) {
    static Result error(String message) {
      return new Result(null, null, false, message);
    }

    public boolean valid() {
      return error == null;
    }
  }

  /**
   * @param executor the executor the framework sent
   * @param framework the calling framework
   * @param expected CUSTOM for a LAUNCH, DEFAULT for a LAUNCH_GROUP
   * @param offerRole the role the offers are allocated to
   * @param running the executor of this id already on the agent for this framework (booked, or
   *     started by an earlier task of the same ACCEPT), or null
   */
  public static Result validate(
      ExecutorInfo executor,
      FrameworkId framework,
      ExecutorInfo.Type expected,
      String offerRole,
      ExecutorInfo running) {
    if (executor.executorId() == null) {
      return Result.error("Executor has no 'executor_id'");
    }
    String id = executor.executorId().value();
    Optional<String> idProblem = IdRules.problem(id);
    if (idProblem.isPresent()) {
      return Result.error("Executor ID '" + id + "' is invalid: " + idProblem.get());
    }
    if (executor.frameworkId() != null && !executor.frameworkId().equals(framework)) {
      return Result.error(
          "Executor '"
              + id
              + "' names framework '"
              + executor.frameworkId().value()
              + "', not the calling framework '"
              + framework.value()
              + "'");
    }
    Optional<String> typeProblem = typeProblem(executor, expected);
    if (typeProblem.isPresent()) {
      return Result.error("Executor '" + id + "': " + typeProblem.get());
    }
    if (executor.shutdownGracePeriod() != null
        && executor.shutdownGracePeriod().nanoseconds() != null
        && executor.shutdownGracePeriod().nanoseconds() < 0) {
      return Result.error("Executor '" + id + "' has a negative 'shutdown_grace_period'");
    }
    // Parsed first: the role check below reads each resource, and a null one is refused here.
    Resources resources;
    try {
      resources = ResourceMapping.toCore(executor.resources());
    } catch (IllegalArgumentException e) {
      return Result.error("Executor '" + id + "' uses invalid resources: " + e.getMessage());
    }
    for (Resource r : executor.resources()) {
      if (r.allocationInfo() != null
          && r.allocationInfo().role() != null
          && !r.allocationInfo().role().equals(offerRole)) {
        return Result.error(
            "Executor '"
                + id
                + "' resource '"
                + r.name()
                + "' is allocated to role '"
                + r.allocationInfo().role()
                + "' but the offer is for role '"
                + offerRole
                + "'");
      }
    }
    if (expected == ExecutorInfo.Type.DEFAULT && resources.isEmpty()) {
      return Result.error("The DEFAULT executor '" + id + "' needs 'resources' of its own");
    }
    ExecutorInfo filled = executor.withFrameworkId(framework);
    if (running != null) {
      if (!running.withFrameworkId(framework).equals(filled)) {
        return Result.error(
            "Executor '"
                + id
                + "' already runs on this agent with a different ExecutorInfo; every task of"
                + " one executor must carry the same ExecutorInfo");
      }
      return new Result(filled, Resources.empty(), false, null);
    }
    return new Result(filled, resources, true, null);
  }

  private static Optional<String> typeProblem(ExecutorInfo executor, ExecutorInfo.Type expected) {
    ExecutorInfo.Type type = executor.effectiveType();
    if (expected == ExecutorInfo.Type.DEFAULT) {
      if (type != ExecutorInfo.Type.DEFAULT) {
        return Optional.of("LAUNCH_GROUP runs on the DEFAULT executor, but 'type' is " + type);
      }
      if (executor.command() != null) {
        return Optional.of("'command' must not be set for the DEFAULT executor");
      }
      if (executor.container() != null && executor.container().type() != ContainerInfo.Type.MESOS) {
        return Optional.of(
            "the DEFAULT executor runs in a MESOS container, not " + executor.container().type());
      }
      return Optional.empty();
    }
    if (type == ExecutorInfo.Type.DEFAULT) {
      return Optional.of(
          "a DEFAULT executor runs task groups only: send the tasks with LAUNCH_GROUP");
    }
    if (type != ExecutorInfo.Type.CUSTOM || executor.command() == null) {
      return Optional.of("a CUSTOM executor needs 'command' (the program to run)");
    }
    boolean docker =
        executor.container() != null && executor.container().type() == ContainerInfo.Type.DOCKER;
    if (!docker && CallValidator.blank(executor.command().value())) {
      return Optional.of("'command.value' is empty: nothing to run");
    }
    return Optional.empty();
  }
}
