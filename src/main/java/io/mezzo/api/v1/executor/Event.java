package io.mezzo.api.v1.executor;

import io.mezzo.api.v1.AgentInfo;
import io.mezzo.api.v1.ContainerId;
import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.KillPolicy;
import io.mezzo.api.v1.TaskGroupInfo;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;

/**
 * An event on an executor's subscription stream ({@code mesos.v1.executor.Event}). SUBSCRIBED comes
 * first; SHUTDOWN asks the executor to kill its tasks and exit within its shutdown grace period;
 * ERROR is followed by the end of the stream.
 */
public record Event(
    Type type,
    Subscribed subscribed,
    Acknowledged acknowledged,
    Launch launch,
    LaunchGroup launchGroup,
    Kill kill,
    Message message,
    Error error) {

  public enum Type {
    UNKNOWN,
    SUBSCRIBED,
    LAUNCH,
    LAUNCH_GROUP,
    KILL,
    ACKNOWLEDGED,
    MESSAGE,
    ERROR,
    SHUTDOWN,
    HEARTBEAT
  }

  public record Subscribed(
      ExecutorInfo executorInfo,
      FrameworkInfo frameworkInfo,
      AgentInfo agentInfo,
      ContainerId containerId) {}

  public record Launch(TaskInfo task) {}

  public record LaunchGroup(TaskGroupInfo taskGroup) {}

  public record Kill(TaskId taskId, KillPolicy killPolicy) {}

  /** The scheduler acknowledged the update {@code uuid} (base64) of {@code task_id}. */
  public record Acknowledged(TaskId taskId, String uuid) {}

  public record Message(String data) {}

  public record Error(String message) {}

  private static Event of(Type type, Object body) {
    return new Event(
        type,
        body instanceof Subscribed b ? b : null,
        body instanceof Acknowledged b ? b : null,
        body instanceof Launch b ? b : null,
        body instanceof LaunchGroup b ? b : null,
        body instanceof Kill b ? b : null,
        body instanceof Message b ? b : null,
        body instanceof Error b ? b : null);
  }

  public static Event subscribed(
      ExecutorInfo executor, FrameworkInfo framework, AgentInfo agent, ContainerId container) {
    return of(Type.SUBSCRIBED, new Subscribed(executor, framework, agent, container));
  }

  public static Event launch(TaskInfo task) {
    return of(Type.LAUNCH, new Launch(task));
  }

  public static Event launchGroup(TaskGroupInfo group) {
    return of(Type.LAUNCH_GROUP, new LaunchGroup(group));
  }

  public static Event kill(TaskId task, KillPolicy policy) {
    return of(Type.KILL, new Kill(task, policy));
  }

  public static Event acknowledged(TaskId task, String uuid) {
    return of(Type.ACKNOWLEDGED, new Acknowledged(task, uuid));
  }

  public static Event message(String data) {
    return of(Type.MESSAGE, new Message(data));
  }

  public static Event error(String message) {
    return of(Type.ERROR, new Error(message));
  }

  public static Event shutdown() {
    return of(Type.SHUTDOWN, null);
  }

  public static Event heartbeat() {
    return of(Type.HEARTBEAT, null);
  }
}
