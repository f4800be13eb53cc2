package io.mezzo.agent;

import io.mezzo.agent.status.StatusUpdateManager;
import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.v1.AgentInfo;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.api.v1.executor.Call;
import io.mezzo.api.v1.executor.Event;
import java.util.List;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * What an executor's calls do on the agent (the v1 Executor API, MESOS-API.md §6.4): SUBSCRIBE
 * opens its stream (SUBSCRIBED, then its queued tasks as LAUNCH), UPDATE goes through the status
 * update manager to the master with the executor's own uuid, MESSAGE goes to the master for the
 * scheduler. Acknowledgements and scheduler messages come back as ACKNOWLEDGED and MESSAGE events.
 *
 * <p>Every method answers with an {@link ExecutorApi.Answer}: 200/202, or 400 naming what is wrong
 * and changing nothing. Confined to the agent's context.
 */
final class ExecutorCalls {
  private static final Logger LOG = Logger.getLogger(AgentExecutors.class);

  private final AgentExecutors executors;
  private final MasterLink link;
  private final Supplier<AgentInfo> agentInfo;

  ExecutorCalls(AgentExecutors executors, MasterLink link, Supplier<AgentInfo> agentInfo) {
    this.executors = executors;
    this.link = link;
    this.agentInfo = agentInfo;
  }

  /** The executor a call names, or why there is none to talk to. */
  private record Target(ExecutorRun run, ExecutorApi.Answer refusal) {}

  private Target target(Call call) {
    if (call.executorId() == null || call.frameworkId() == null) {
      return refuse("Expecting 'executor_id' and 'framework_id' to be present");
    }
    boolean known =
        executors.book.frameworks.containsKey(call.frameworkId())
            || executors.live.keySet().stream()
                .anyMatch(k -> k.frameworkId().equals(call.frameworkId()));
    if (!known) {
      return refuse("Framework '" + call.frameworkId().value() + "' is not known on this agent");
    }
    ExecutorRun e = executors.find(call.frameworkId(), call.executorId());
    if (e == null) {
      return refuse(
          "Executor '"
              + call.executorId().value()
              + "' of framework '"
              + call.frameworkId().value()
              + "' is not running on this agent");
    }
    return new Target(e, null);
  }

  private static Target refuse(String why) {
    return new Target(null, ExecutorApi.Answer.badRequest(why));
  }

  ExecutorApi.Answer subscribe(Call call, ExecutorStream stream) {
    Target target = target(call);
    if (target.run() == null) {
      return target.refusal();
    }
    ExecutorRun e = target.run();
    if (e.state() == ExecutorRun.State.TERMINATING) {
      return ExecutorApi.Answer.badRequest("Executor '" + e.id().value() + "' is terminating");
    }
    if (e.stream != null) {
      LOG.infof("Executor %s subscribed again; closing its previous stream", e.id());
      e.stream.close();
    }
    if (e.state() == ExecutorRun.State.LAUNCHING) {
      // The executor can subscribe before the containerizer's answer has hopped onto this context.
      e.transition(ExecutorRun.State.REGISTERING);
    }
    if (e.state() == ExecutorRun.State.REGISTERING) {
      e.transition(ExecutorRun.State.RUNNING);
    }
    e.cancelTimer();
    e.stream = stream;
    Call.Subscribe body =
        call.subscribe() == null ? new Call.Subscribe(null, null) : call.subscribe();
    LOG.infof(
        "Executor %s of framework %s subscribed (%d unacknowledged task(s), %d update(s))",
        e.id(),
        e.frameworkId(),
        body.unacknowledgedTasks().size(),
        body.unacknowledgedUpdates().size());
    stream.send(Event.subscribed(e.info, e.framework, agentInfo.get(), e.run.containerId()));
    // Tasks the executor already holds are not launched twice (after an agent restart).
    java.util.Set<io.mezzo.api.v1.TaskId> held = new java.util.HashSet<>();
    body.unacknowledgedTasks().forEach(t -> held.add(t.taskId()));
    body.unacknowledgedUpdates().forEach(u -> held.add(u.status().taskId()));
    e.queued.removeIf(q -> held.contains(q.taskId()));
    // Updates the executor sent that this agent never checkpointed (it went down first) are taken
    // now; those it has are recognised by uuid and skipped.
    for (Call.Update u : body.unacknowledgedUpdates()) {
      if (u.status() != null && u.status().taskId() != null) {
        TaskRun t = e.tasks.get(u.status().taskId());
        if (t != null && !t.isTerminal() && !t.reportedUuids.contains(u.status().uuid())) {
          ExecutorApi.Answer a = update(Call.update(e.id(), e.frameworkId(), u.status()));
          LOG.infof(
              "Unacknowledged update %s of task %s: %d", u.status().uuid(), t.id(), a.status());
        }
      }
    }
    List<TaskInfo> queued = List.copyOf(e.queued);
    e.queued.clear();
    queued.forEach(t -> stream.send(Event.launch(t)));
    for (TaskRun t : e.tasks.values()) {
      if (t.killRequested && !t.isTerminal()) {
        stream.send(Event.kill(t.id(), t.task.killPolicy()));
      }
    }
    return ExecutorApi.Answer.OK;
  }

  /** The stream of {@code e} ended (the executor went away or the connection broke). */
  void disconnected(FrameworkId fid, ExecutorId eid, ExecutorStream stream) {
    ExecutorRun e = executors.find(fid, eid);
    if (e == null || e.stream != stream) {
      return;
    }
    e.stream = null;
    if (e.state() != ExecutorRun.State.RUNNING) {
      return;
    }
    if (Boolean.TRUE.equals(e.framework.checkpoint())) {
      LOG.infof("Executor %s disconnected; waiting for it to subscribe again", e.id());
      e.transition(ExecutorRun.State.REGISTERING);
      executors.ends.awaitSubscription(
          e,
          executors.settings.recoveryTimeout(),
          TaskStatus.Reason.REASON_EXECUTOR_REREGISTRATION_TIMEOUT);
    } else {
      // Mesos shuts down an executor of a non-checkpointing framework when it disconnects.
      executors.ends.shutdown(e, "it disconnected and its framework does not checkpoint");
    }
  }

  ExecutorApi.Answer update(Call call) {
    Target target = target(call);
    if (target.run() == null) {
      return target.refusal();
    }
    ExecutorRun e = target.run();
    TaskStatus s = call.update() == null ? null : call.update().status();
    if (s == null || s.taskId() == null || s.state() == null) {
      return ExecutorApi.Answer.badRequest(
          "Expecting 'update.status' with 'task_id' and 'state' to be present");
    }
    if (s.uuid() == null) {
      return ExecutorApi.Answer.badRequest("Expecting 'update.status.uuid' to be present");
    }
    if (s.state() == TaskState.TASK_STAGING) {
      return ExecutorApi.Answer.badRequest("An executor may not send TASK_STAGING");
    }
    if (s.executorId() != null && !s.executorId().equals(e.id())) {
      return ExecutorApi.Answer.badRequest(
          "ExecutorID in Call: '"
              + e.id().value()
              + "' does not match ExecutorID in TaskStatus: '"
              + s.executorId().value()
              + "'");
    }
    if (s.source() != null && s.source() != TaskStatus.Source.SOURCE_EXECUTOR) {
      return ExecutorApi.Answer.badRequest(
          "Received status update from an executor with source " + s.source());
    }
    TaskRun t = e.tasks.get(s.taskId());
    if (t == null) {
      return ExecutorApi.Answer.badRequest(
          "Task '" + s.taskId().value() + "' is not a task of executor '" + e.id().value() + "'");
    }
    if (t.reportedUuids.contains(s.uuid())) {
      LOG.debugf("Executor %s resent update %s of task %s", e.id(), s.uuid(), t.id());
      return ExecutorApi.Answer.ACCEPTED;
    }
    if (t.isTerminal()) {
      return ExecutorApi.Answer.badRequest(
          "Task '" + t.id().value() + "' already ended with " + t.state());
    }
    TaskStatus status = stamped(s, e);
    t.reported(status.state());
    t.reportedUuids.add(status.uuid());
    e.queued.removeIf(q -> q.taskId().equals(t.id()));
    try {
      t.latest =
          executors.updates.updateAsStamped(t.frameworkId(), status, t.run.taskUpdatesFile(t.id()));
    } catch (RuntimeException err) {
      t.latest = status;
      LOG.errorf(err, "Cannot checkpoint %s of task %s", status.state(), t.id());
    }
    LOG.infof("Task %s is %s (executor %s)", t.id(), status.state(), e.id());
    return ExecutorApi.Answer.ACCEPTED;
  }

  ExecutorApi.Answer message(Call call) {
    Target target = target(call);
    if (target.run() == null) {
      return target.refusal();
    }
    if (call.message() == null || call.message().data() == null) {
      return ExecutorApi.Answer.badRequest("Expecting 'message.data' to be present");
    }
    ExecutorRun e = target.run();
    link.send(
            AgentCall.executorToFramework(
                executors.book.agentId, e.frameworkId(), e.id(), call.message().data()))
        .whenComplete(
            (ok, err) -> {
              if (err != null) {
                LOG.warnf("Dropped a message of executor %s: %s", e.id(), err.toString());
              }
            });
    return ExecutorApi.Answer.ACCEPTED;
  }

  /** FRAMEWORK_TO_EXECUTOR: unreliable, as in Mesos; dropped (and logged) with nowhere to go. */
  void frameworkToExecutor(FrameworkId fid, ExecutorId eid, String data) {
    ExecutorRun e = executors.find(fid, eid);
    if (e == null || e.stream == null) {
      LOG.infof("Dropping a message for executor %s of %s: it is not subscribed here", eid, fid);
      return;
    }
    e.stream.send(Event.message(data));
  }

  /**
   * After the update manager took an acknowledgement for {@code t}: an update the executor sent is
   * acknowledged to it, and an acknowledged terminal task leaves its executor.
   */
  void acknowledged(TaskRun t, String uuid, StatusUpdateManager.AckResult result) {
    ExecutorRun e = t.executor;
    if (result == StatusUpdateManager.AckResult.IGNORED) {
      return;
    }
    if (t.reportedUuids.contains(uuid) && e.stream != null) {
      e.stream.send(Event.acknowledged(t.id(), uuid));
    }
    if (result == StatusUpdateManager.AckResult.STREAM_CLOSED) {
      e.tasks.remove(t.id());
    }
  }

  /** The executor's update as the agent forwards it: from the executor, naming agent and run. */
  private TaskStatus stamped(TaskStatus s, ExecutorRun e) {
    return new TaskStatus(
        s.taskId(),
        s.state(),
        s.message(),
        TaskStatus.Source.SOURCE_EXECUTOR,
        s.reason(),
        s.data(),
        executors.book.agentId,
        e.id(),
        s.timestamp() != null ? s.timestamp() : executors.reporter.now(),
        s.uuid(),
        s.healthy(),
        s.labels(),
        s.containerStatus() != null
            ? s.containerStatus()
            : new TaskStatus.ContainerStatus(e.run.containerId(), null, null),
        s.unreachableTime(),
        s.limitation(),
        s.checkStatus());
  }
}
