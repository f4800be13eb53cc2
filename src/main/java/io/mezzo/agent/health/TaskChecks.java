package io.mezzo.agent.health;

import io.mezzo.api.v1.CheckStatusInfo;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.core.time.Timers;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import org.jboss.logging.Logger;

/**
 * The health checkers and checkers of an agent's running tasks: started when a task is RUNNING (or
 * recovered running), stopped when it ends and all at once when the agent stops. What they find
 * goes to {@link Reports}, which turns it into status updates and kills.
 *
 * <p>Confined to the agent's context {@code ctx}, like the checkers it owns.
 */
public final class TaskChecks implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(TaskChecks.class);

  /** What the checks of a task report; called on {@code ctx}. */
  public interface Reports {
    void healthChanged(TaskId task, boolean healthy, String detail);

    void unhealthy(TaskId task, String detail);

    void checkChanged(TaskId task, CheckStatusInfo status);
  }

  /** How a probe is made; {@link Probes} in production, scripted in tests. */
  public interface ProbeMaker {
    Probe health(TaskInfo task, ProbeTarget target);

    Probe check(TaskInfo task, ProbeTarget target);

    ProbeMaker REAL =
        new ProbeMaker() {
          @Override
          public Probe health(TaskInfo task, ProbeTarget target) {
            return Probes.of(task.healthCheck(), target);
          }

          @Override
          public Probe check(TaskInfo task, ProbeTarget target) {
            return Probes.of(task.check(), target);
          }
        };
  }

  private record Running(HealthChecker health, CheckRunner check) {
    void stop() {
      if (health != null) {
        health.stop();
      }
      if (check != null) {
        check.stop();
      }
    }
  }

  private final Timers timers;
  private final Executor ctx;
  private final ProbeMaker probes;
  private final Reports reports;
  private final Map<TaskId, Running> running = new HashMap<>();
  private boolean closed;

  public TaskChecks(Timers timers, Executor ctx, ProbeMaker probes, Reports reports) {
    this.timers = timers;
    this.ctx = ctx;
    this.probes = probes;
    this.reports = reports;
  }

  /** Starts the task's health check and check, if it has any; a second start is ignored. */
  public void start(TaskInfo task, ProbeTarget target) {
    TaskId id = task.taskId();
    if (closed || running.containsKey(id) || (task.healthCheck() == null && task.check() == null)) {
      return;
    }
    HealthChecker health = null;
    CheckRunner check = null;
    if (task.healthCheck() != null) {
      health =
          new HealthChecker(
              id.value(),
              task.healthCheck(),
              make(probes::health, task, target),
              timers,
              ctx,
              new HealthChecker.Listener() {
                @Override
                public void healthChanged(boolean healthy, String detail) {
                  reports.healthChanged(id, healthy, detail);
                }

                @Override
                public void unhealthy(String detail) {
                  reports.unhealthy(id, detail);
                }
              });
    }
    if (task.check() != null) {
      check =
          new CheckRunner(
              task.check(),
              make(probes::check, task, target),
              timers,
              ctx,
              s -> reports.checkChanged(id, s));
    }
    running.put(id, new Running(health, check));
    LOG.infof(
        "Checking task %s:%s%s",
        id,
        health == null ? "" : " health " + task.healthCheck().type(),
        check == null ? "" : " check " + task.check().type());
    if (health != null) {
      health.start();
    }
    if (check != null) {
      check.start();
    }
  }

  private static Probe make(
      BiFunction<TaskInfo, ProbeTarget, Probe> maker, TaskInfo task, ProbeTarget target) {
    return maker.apply(task, target);
  }

  /** Stops the task's checks; unknown or stopped tasks are ignored. */
  public void stop(TaskId task) {
    Running r = running.remove(task);
    if (r != null) {
      r.stop();
    }
  }

  /** The tasks being checked now. */
  public List<TaskId> checked() {
    return List.copyOf(running.keySet());
  }

  /** Stops every checker (the agent is stopping); no check starts afterwards. Idempotent. */
  @Override
  public void close() {
    closed = true;
    running.values().forEach(Running::stop);
    running.clear();
  }
}
