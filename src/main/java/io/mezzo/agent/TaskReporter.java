package io.mezzo.agent;

import io.mezzo.agent.status.StatusUpdateManager;
import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.api.v1.TaskStatus.Reason;
import io.mezzo.api.v1.TaskStatus.Source;
import java.time.Clock;
import java.util.concurrent.CompletionException;
import org.jboss.logging.Logger;

/**
 * How the task phases report: every update moves the task's state, is checkpointed by the {@link
 * StatusUpdateManager} and then sent when its turn comes; {@link #sendOnce} is for a task the agent
 * never took on (no stream of its own).
 */
final class TaskReporter {
  private static final Logger LOG = Logger.getLogger(AgentTasks.class);

  private final TaskBook book;
  private final StatusUpdateManager updates;
  private final MasterLink link;
  private final Clock clock;

  TaskReporter(TaskBook book, StatusUpdateManager updates, MasterLink link, Clock clock) {
    this.book = book;
    this.updates = updates;
    this.link = link;
    this.clock = clock;
  }

  void send(TaskRun t, TaskStatus.Builder b) {
    send(t, b, null);
  }

  /**
   * Moves the task to the update's state, checkpoints the update and sends it when its turn comes.
   * Updates of a task with a container carry {@code container_status} ({@code launched}, or just
   * the container id).
   */
  void send(TaskRun t, TaskStatus.Builder b, TaskStatus.ContainerStatus launched) {
    b.agentId(book.agentId).executorId(t.run.executorId()).timestamp(now());
    if (t.containerizer != null) {
      b.containerStatus(
          launched != null
              ? launched
              : new TaskStatus.ContainerStatus(t.run.containerId(), null, null));
    }
    TaskStatus status = b.build();
    t.transition(status.state());
    try {
      t.latest = updates.update(t.frameworkId(), status, t.run.taskUpdatesFile(t.id()));
    } catch (RuntimeException e) {
      t.latest = status;
      LOG.errorf(
          e, "Cannot checkpoint %s of task %s; it will not be delivered", status.state(), t.id());
    }
    LOG.infof(
        "Task %s is %s%s",
        t.id(), status.state(), status.message() == null ? "" : ": " + status.message());
  }

  void fail(TaskRun t, TaskState state, Reason reason, String message) {
    TaskStatus.Builder b =
        TaskStatus.builder(t.id(), state)
            .reason(reason)
            .message(message)
            .source(state == TaskState.TASK_KILLED ? Source.SOURCE_EXECUTOR : Source.SOURCE_AGENT);
    send(t, b);
  }

  void sendOnce(FrameworkId fid, TaskStatus status) {
    link.send(AgentCall.statusUpdate(book.agentId, fid, status))
        .whenComplete(
            (ok, e) -> {
              if (e != null) {
                LOG.warnf(
                    "Could not send %s of task %s: %s",
                    status.state(), status.taskId(), describe(e));
              }
            });
  }

  double now() {
    return clock.millis() / 1000.0;
  }

  static String describe(Throwable e) {
    Throwable t = e;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() != null ? t.getMessage() : t.toString();
  }
}
