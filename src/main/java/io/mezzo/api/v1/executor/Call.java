package io.mezzo.api.v1.executor;

import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.TaskStatus;
import java.util.List;

/**
 * A call from an executor to its agent ({@code mesos.v1.executor.Call}), posted to {@code POST
 * /api/v1/executor}. Every call names the executor and its framework; the type's body is named
 * after it in snake_case.
 *
 * <pre>
 *   SUBSCRIBE {unacknowledged_tasks, unacknowledged_updates} → 200 RecordIO stream of Event
 *   UPDATE    {status}                                       → 202 (reliable, acknowledged)
 *   MESSAGE   {data}                                         → 202 (for the scheduler, unreliable)
 * </pre>
 */
public record Call(
    ExecutorId executorId,
    FrameworkId frameworkId,
    Type type,
    Subscribe subscribe,
    Update update,
    Message message) {

  public enum Type {
    UNKNOWN,
    SUBSCRIBE,
    UPDATE,
    MESSAGE,
    HEARTBEAT
  }

  /**
   * What a (re)subscribing executor still holds: tasks it got but has sent no update for, and
   * updates not yet acknowledged. Both empty on a first subscription.
   */
  public record Subscribe(List<TaskInfo> unacknowledgedTasks, List<Update> unacknowledgedUpdates) {
    public Subscribe {
      unacknowledgedTasks =
          unacknowledgedTasks == null ? List.of() : List.copyOf(unacknowledgedTasks);
      unacknowledgedUpdates =
          unacknowledgedUpdates == null ? List.of() : List.copyOf(unacknowledgedUpdates);
    }
  }

  /**
   * A status update of one of the executor's tasks; its {@code uuid} is what ACKNOWLEDGED names.
   */
  public record Update(TaskStatus status) {}

  /** Opaque bytes for the scheduler, base64 in JSON. */
  public record Message(String data) {}

  public static Call subscribe(ExecutorId executor, FrameworkId framework, Subscribe body) {
    return new Call(executor, framework, Type.SUBSCRIBE, body, null, null);
  }

  public static Call update(ExecutorId executor, FrameworkId framework, TaskStatus status) {
    return new Call(executor, framework, Type.UPDATE, null, new Update(status), null);
  }

  public static Call message(ExecutorId executor, FrameworkId framework, String data) {
    return new Call(executor, framework, Type.MESSAGE, null, null, new Message(data));
  }
}
