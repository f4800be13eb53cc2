package io.mezzo.framework.services.instance;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskState;
import io.mezzo.framework.services.app.PathId;
import java.time.Instant;
import java.util.List;

/**
 * One instance of an app: the Mesos task that runs it, where, and what the framework last heard of
 * it. Immutable; the services framework replaces it on every update.
 *
 * @param taskId the Mesos task id, {@code <app safe name>.<uuid>} as Marathon forms it
 * @param appVersion the app definition version the instance was launched with
 * @param state the last Mesos state heard; {@code null} while launched and no update came yet
 * @param healthy the last health result, {@code null} without health checks or before the first
 * @param ready readiness-check result; {@code null} without readiness checks
 * @param goal what the framework wants of it: RUNNING, or STOPPED once it decided to kill it
 * @param unreachableSince when the agent became unreachable, else null
 * @param health the history of health results; null without health checks, before the first result,
 *     and in documents stored before it was kept (Jackson leaves it null for them)
 */
public record Instance(
    TaskId taskId,
    PathId appId,
    Instant appVersion,
    AgentId agentId,
    String host,
    List<Integer> ports,
    Instant stagedAt,
    Instant startedAt,
    TaskState state,
    Boolean healthy,
    Boolean ready,
    String message,
    Goal goal,
    Instant unreachableSince,
    HealthRecord health) {

  public Instance {
    ports = List.copyOf(ports);
  }

  /** An instance with no health history yet: launches and callers that do not track health. */
  public Instance(
      TaskId taskId,
      PathId appId,
      Instant appVersion,
      AgentId agentId,
      String host,
      List<Integer> ports,
      Instant stagedAt,
      Instant startedAt,
      TaskState state,
      Boolean healthy,
      Boolean ready,
      String message,
      Goal goal,
      Instant unreachableSince) {
    this(
        taskId,
        appId,
        appVersion,
        agentId,
        host,
        ports,
        stagedAt,
        startedAt,
        state,
        healthy,
        ready,
        message,
        goal,
        unreachableSince,
        null);
  }

  public enum Goal {
    RUNNING,
    STOPPED
  }

  /** Launched and not yet known to have ended. */
  public boolean isActive() {
    return state == null || !state.isTerminal();
  }

  public boolean isRunning() {
    return state == TaskState.TASK_RUNNING;
  }
}
