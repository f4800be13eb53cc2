package io.mezzo.master.scheduler;

import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.ContainerInfo;
import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.TaskGroupInfo;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.core.resources.Resources;
import io.mezzo.master.change.Change;
import io.mezzo.master.change.MasterView;
import io.mezzo.master.change.Outcome;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.security.acl.Decision;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * One LAUNCH_GROUP of an ACCEPT: every task of the group starts together under the DEFAULT
 * executor, or none does. The group is checked as Mesos checks it — the executor (DEFAULT, with
 * resources; identical to the one of that id already on the agent), then each task (no executor of
 * its own, no Docker container, this offer's agent, an id unique in the group and not in use, valid
 * resources), then whether the tasks and a new executor fit what is left of the offers. One problem
 * ends every task of the group TASK_ERROR (REASON_TASK_INVALID) with a message naming it; else
 * every task is booked STAGING and one RUN_TASK_GROUP goes to the agent. Before that, each task
 * needs {@code run_tasks} for the user it runs as (its own, else the framework's); one refusal ends
 * every task of the group TASK_ERROR (REASON_TASK_GROUP_UNAUTHORIZED). Part of the {@link
 * AcceptHandler} decider: it only adds to the outcome.
 */
final class TaskGroupLauncher {
  private static final Logger LOG = Logger.getLogger(TaskGroupLauncher.class);

  private TaskGroupLauncher() {}

  static void launch(
      MasterView view, Outcome.Builder out, LaunchPlan plan, Call.Operation.LaunchGroup group) {
    FrameworkEntry fw = plan.framework();
    List<TaskInfo> tasks = group.taskGroup().tasks();
    ExecutorInfo requested = group.executor();
    // As in Mesos, the group is authorized before it is validated; one refused task ends them all.
    for (TaskInfo task : tasks) {
      Decision allowed = plan.mayRun(task);
      if (!allowed.allowed()) {
        String message =
            "Task '"
                + task.taskId().value()
                + "' of the group is not authorized, no task of it is launched: "
                + allowed.reason();
        for (TaskInfo each : tasks) {
          AcceptHandler.unauthorized(
              view, out, fw, each, AcceptHandler.Reason.TASK_GROUP_UNAUTHORIZED, message);
        }
        return;
      }
    }
    ExecutorValidator.Result executor =
        ExecutorValidator.validate(
            requested,
            fw.id(),
            ExecutorInfo.Type.DEFAULT,
            plan.role(),
            requested.executorId() == null ? null : plan.running(requested.executorId()));
    String problem = executor.valid() ? null : executor.error();
    Resources tasksUse = Resources.empty();
    Set<String> inGroup = new HashSet<>();
    for (int i = 0; problem == null && i < tasks.size(); i++) {
      TaskInfo task = tasks.get(i);
      String id = task.taskId().value();
      String own = taskProblem(task);
      if (own == null && !inGroup.add(id)) {
        own = "its id is used twice in the group";
      }
      if (own == null) {
        // Resources checked per task against what is left once the earlier tasks are counted.
        Resources left =
            plan.available().contains(tasksUse)
                ? plan.available().minus(tasksUse)
                : Resources.empty();
        TaskValidator.Result result =
            TaskValidator.validate(task, plan.agentId(), plan.role(), left, plan.taskIds(), true);
        if (result.valid()) {
          tasksUse = tasksUse.plus(result.resources());
        } else {
          own = result.error();
        }
      }
      if (own != null) {
        problem = "Task '" + id + "' of the group is invalid: " + own;
      }
    }
    Resources total = problem == null ? tasksUse.plus(executor.resources()) : tasksUse;
    if (problem == null && !plan.available().contains(total)) {
      problem =
          "The task group and its executor use more resources "
              + total
              + " than available "
              + plan.available();
    }
    if (problem != null) {
      String message = "Task group is invalid, no task of it is launched: " + problem;
      for (TaskInfo task : tasks) {
        AcceptHandler.invalid(view, out, fw, task, message);
      }
      return;
    }
    ExecutorInfo info = executor.info();
    if (executor.isNew()) {
      plan.executorStarted(info);
      out.change(new Change.ExecutorAdded(fw.id(), plan.agentId(), info, executor.resources()));
    }
    List<String> ids = new ArrayList<>();
    for (TaskInfo task : tasks) {
      ids.add(task.taskId().value());
      Resources own = io.mezzo.api.v1.ResourceMapping.toCore(task.resources()); // validated
      out.change(
          new Change.TaskAdded(fw.id(), plan.agentId(), task.withExecutor(info), own, plan.role()));
    }
    plan.launched(total, ids);
    out.toAgent(plan.agentId(), AgentEvent.runTaskGroup(fw.info(), info, new TaskGroupInfo(tasks)));
    LOG.infof(
        "framework %s: launching task group %s on agent %s under executor %s",
        fw.id(), ids, plan.agentId(), info.executorId().value());
  }

  /** What the group rules (beyond a single task's) say is wrong with a task, or null. */
  private static String taskProblem(TaskInfo task) {
    if (task.executor() != null) {
      return "a task of a group must not have 'executor': the group's executor runs it";
    }
    if (task.container() != null && task.container().type() == ContainerInfo.Type.DOCKER) {
      return "a task of a group runs in a nested MESOS container; a DOCKER container is refused";
    }
    return null;
  }
}
