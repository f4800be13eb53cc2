package io.mezzo.agent;

import io.mezzo.agent.containerizer.Termination;
import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.KillPolicy;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus.Reason;
import io.mezzo.api.v1.executor.Event;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The ending phase of custom executors: KILL_TASK becomes a KILL event (the executor reports the
 * end), SHUTDOWN_EXECUTOR and SHUTDOWN_FRAMEWORK a SHUTDOWN event and the container's destruction
 * after the shutdown grace period, an executor that does not subscribe in time is destroyed, and a
 * container that ended fails the tasks it left open (Mesos: TASK_FAILED, {@code
 * REASON_EXECUTOR_TERMINATED}, from the agent) and is reported to the master as EXITED_EXECUTOR.
 */
final class ExecutorEnds {
  private static final Logger LOG = Logger.getLogger(AgentExecutors.class);

  private final AgentExecutors executors;
  private final MasterLink link;

  ExecutorEnds(AgentExecutors executors, MasterLink link) {
    this.executors = executors;
    this.link = link;
  }

  /** Reports the executor's end once its container terminates. */
  void watch(ExecutorRun e) {
    executors
        .containerizer
        .wait(e.run.containerId())
        .handleAsync(
            (termination, err) -> {
              terminated(e, err == null ? termination : Optional.empty());
              return null;
            },
            executors.ctx);
  }

  /**
   * Destroys the executor unless it subscribes within {@code timeout}; its open tasks then fail
   * with {@code reason}.
   */
  void awaitSubscription(ExecutorRun e, Duration timeout, Reason reason) {
    e.cancelTimer();
    e.timer =
        executors.timers.schedule(
            timeout,
            () ->
                executors.ctx.execute(
                    () -> {
                      if (e.state() != ExecutorRun.State.REGISTERING) {
                        return;
                      }
                      String why =
                          "Executor "
                              + e.id()
                              + " did not subscribe within "
                              + timeout.toMillis()
                              + " ms";
                      LOG.warnf("%s; destroying its container %s", why, e.run.containerId());
                      destroy(e, reason, why, Duration.ZERO);
                    }));
  }

  void launchFailed(ExecutorRun e, String why) {
    LOG.warnf("Executor %s of framework %s: %s", e.id(), e.frameworkId(), why);
    e.destroyReason = Reason.REASON_CONTAINER_LAUNCH_FAILED;
    e.destroyMessage = why;
    terminated(e, Optional.empty());
  }

  /** KILL_TASK for a task of a custom executor. */
  void killTask(TaskRun t, KillPolicy policy) {
    ExecutorRun e = t.executor;
    if (t.isTerminal()) {
      LOG.infof("Ignoring KILL_TASK for task %s: it already ended %s", t.id(), t.state());
      return;
    }
    t.killRequested = true;
    if (e.queued.removeIf(q -> q.taskId().equals(t.id()))) {
      // The executor never heard of it, so the agent ends it (Mesos does the same).
      executors.reporter.fail(
          t,
          TaskState.TASK_KILLED,
          Reason.REASON_TASK_KILLED_DURING_LAUNCH,
          "Task killed before executor " + e.id() + " subscribed");
      return;
    }
    if (e.stream != null) {
      LOG.infof("Asking executor %s to kill task %s", e.id(), t.id());
      e.stream.send(Event.kill(t.id(), policy != null ? policy : t.task.killPolicy()));
    } else {
      LOG.infof("Executor %s is not connected; it gets KILL for %s on subscribing", e.id(), t.id());
    }
  }

  /** SHUTDOWN_EXECUTOR from the scheduler. Unknown executor: logged, nothing else. */
  void shutdownExecutor(FrameworkId fid, ExecutorId eid) {
    ExecutorRun e = executors.find(fid, eid);
    if (e == null) {
      LOG.infof("Ignoring SHUTDOWN_EXECUTOR for %s of framework %s: not running here", eid, fid);
      return;
    }
    shutdown(e, "the scheduler shut it down");
  }

  /** SHUTDOWN_FRAMEWORK: every executor of the framework shuts down; its tasks end killed. */
  void shutdownFramework(FrameworkId fid) {
    for (ExecutorRun e : List.copyOf(executors.live.values())) {
      if (e.frameworkId().equals(fid)) {
        e.tasks.values().forEach(t -> t.killRequested = true);
        shutdown(e, "its framework is shutting down");
      }
    }
  }

  /**
   * Sends SHUTDOWN and destroys the container after the shutdown grace period; without a stream,
   * destroys it at once.
   */
  void shutdown(ExecutorRun e, String why) {
    if (e.state() == ExecutorRun.State.TERMINATING || e.isTerminated()) {
      return;
    }
    Duration grace = e.shutdownGrace(executors.settings.shutdownGracePeriod());
    LOG.infof(
        "Shutting down executor %s of %s (%s), grace %s", e.id(), e.frameworkId(), why, grace);
    if (e.stream == null) {
      destroy(e, Reason.REASON_EXECUTOR_TERMINATED, "Executor shut down: " + why, Duration.ZERO);
      return;
    }
    e.stream.send(Event.shutdown());
    e.transition(ExecutorRun.State.TERMINATING);
    e.cancelTimer();
    e.timer =
        executors.timers.schedule(
            grace,
            () ->
                executors.ctx.execute(
                    () -> {
                      if (!e.isTerminated()) {
                        executors.containerizer.destroy(e.run.containerId());
                      }
                    }));
  }

  void destroy(ExecutorRun e, Reason reason, String why, Duration grace) {
    e.destroyReason = reason;
    e.destroyMessage = why;
    if (e.state() != ExecutorRun.State.TERMINATING) {
      e.transition(ExecutorRun.State.TERMINATING);
    }
    executors.containerizer.destroy(e.run.containerId(), grace);
  }

  private void terminated(ExecutorRun e, Optional<Termination> termination) {
    if (e.isTerminated()) {
      return;
    }
    e.cancelTimer();
    e.transition(ExecutorRun.State.TERMINATED);
    executors.live.remove(new AgentExecutors.Key(e.frameworkId(), e.id()));
    if (e.stream != null) {
      e.stream.close();
      e.stream = null;
    }
    e.queued.clear();
    String how =
        termination
            .map(Termination::message)
            .orElse(e.destroyMessage == null ? "unknown" : e.destroyMessage);
    LOG.infof("Executor %s of framework %s terminated: %s", e.id(), e.frameworkId(), how);
    for (TaskRun t : List.copyOf(e.tasks.values())) {
      if (t.isTerminal()) {
        continue;
      }
      if (t.killRequested) {
        executors.reporter.fail(
            t, TaskState.TASK_KILLED, Reason.REASON_EXECUTOR_TERMINATED, "Executor terminated");
      } else {
        Reason reason =
            termination.isPresent() && termination.get().limitation() != null
                ? termination.get().limitation().reason()
                : e.destroyReason != null ? e.destroyReason : Reason.REASON_EXECUTOR_TERMINATED;
        String message =
            e.destroyMessage != null ? e.destroyMessage : "Executor terminated: " + how;
        executors.reporter.fail(t, TaskState.TASK_FAILED, reason, message);
      }
    }
    if (e.tasks.isEmpty()) {
      // Every task was acknowledged before the executor ended: its sandbox may go now.
      executors.runEnded.accept(e.run);
    }
    Integer status = termination.map(Termination::waitStatus).orElse(null);
    link.send(AgentCall.exitedExecutor(executors.book.agentId, e.frameworkId(), e.id(), status))
        .whenComplete(
            (ok, err) -> {
              if (err != null) {
                LOG.warnf("Could not report executor %s exited: %s", e.id(), err.toString());
              }
            });
  }
}
