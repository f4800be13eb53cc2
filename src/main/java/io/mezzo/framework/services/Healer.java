package io.mezzo.framework.services;

import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.framework.services.app.AppDefinition;
import io.mezzo.framework.services.app.PathId;
import io.mezzo.framework.services.instance.HealthRecord;
import io.mezzo.framework.services.instance.Instance;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Applies task updates to instances and reconciles after each subscription. Each update is stored
 * before it is acknowledged (a crash in between gets it again), then announced, then the {@link
 * Converger} reacts: an instance that ended is gone and replaced (launch backoff counts the
 * failure; a service that FINISHED is replaced too: it should not exit), an unreachable one is
 * replaced after {@code inactiveAfterSeconds} and forgotten after {@code expungeAfterSeconds}, an
 * unhealthy one killed by its health check is replaced with an {@code
 * unhealthy_instance_kill_event}.
 *
 * <pre>
 *  (stored, state null) ──STAGING/STARTING/RUNNING──▶ running ──terminal──▶ gone (replaced)
 *          │                         │   ▲
 *          │                 UNREACHABLE  RUNNING again (a replacement may make it surplus)
 *          │                         ▼   │
 *          └──LOST/UNKNOWN (never ran)──▶ gone          unreachable ──expunge──▶ forgotten
 * </pre>
 */
final class Healer {
  private static final Logger LOG = Logger.getLogger(Healer.class);
  private final ServicesCore core;
  private final Converger converger;

  Healer(ServicesCore core, Converger converger) {
    this.core = core;
    this.converger = converger;
  }

  void update(TaskStatus status) {
    Instance known = core.state.instance(status.taskId()).orElse(null);
    TaskState st = status.state();
    boolean ends = st.isTerminal() || st == TaskState.TASK_UNKNOWN;
    if (known == null) {
      if (!ends && core.driver != null) {
        // A task of ours we have no record of: launched before a crash lost it, or left from an
        // app that is gone. Nothing wants it, so it goes.
        LOG.infof("killing orphan task %s (%s)", status.taskId().value(), st);
        core.driver.kill(status.taskId(), status.agentId(), null);
      }
      acknowledge(status);
      return;
    }
    Instant now = core.now();
    AppRecord r = core.state.record(known.appId());
    AppDefinition app = core.state.root.app(known.appId()).orElse(null);
    Boolean healthy = status.healthy() != null ? status.healthy() : known.healthy();
    if (ends) {
      core.state.remove(known);
      boolean unwanted = known.goal() == Instance.Goal.RUNNING;
      if (unwanted) {
        r.lastFailure =
            new ServicesSnapshot.TaskFailure(
                known.taskId().value(),
                st.name(),
                status.message(),
                known.host(),
                now,
                known.appVersion());
        if (app != null) {
          r.failed(app, now);
        }
      }
      core.saveApp(known.appId());
      acknowledge(status);
      core.emit(new ServicesEvent.StatusUpdate(now, known, status));
      if (unwanted && st == TaskState.TASK_KILLED && Boolean.FALSE.equals(healthy)) {
        core.emit(
            new ServicesEvent.UnhealthyInstanceKill(
                now, known, "health check failed: " + Objects.toString(status.message(), "")));
      }
    } else {
      Instant unreachableSince = null;
      if (st == TaskState.TASK_UNREACHABLE) {
        unreachableSince =
            known.unreachableSince() != null
                ? known.unreachableSince()
                : status.unreachableTime() != null && status.unreachableTime().nanoseconds() != null
                    ? Instant.EPOCH.plusNanos(status.unreachableTime().nanoseconds())
                    : now;
      }
      Instance updated =
          new Instance(
              known.taskId(),
              known.appId(),
              known.appVersion(),
              status.agentId() != null ? status.agentId() : known.agentId(),
              known.host(),
              known.ports(),
              known.stagedAt(),
              st == TaskState.TASK_RUNNING && known.startedAt() == null ? now : known.startedAt(),
              st,
              healthy,
              known.ready(),
              status.message(),
              known.goal(),
              unreachableSince,
              status.healthy() == null
                  ? known.health()
                  : HealthRecord.next(
                      known.health(), status.healthy(), heardAt(status, now), status.message()));
      core.state.put(updated);
      core.saveApp(known.appId());
      acknowledge(status);
      core.emit(new ServicesEvent.StatusUpdate(now, updated, status));
      if (healthy != null && !healthy.equals(known.healthy())) {
        core.emit(new ServicesEvent.HealthChanged(now, updated, healthy));
      }
      if (known.goal() == Instance.Goal.STOPPED && known.state() == TaskState.TASK_UNREACHABLE) {
        core.sendKill(updated, app); // back from a partition, but already written off
      }
    }
    converger.converge();
  }

  /** When the agent saw the result: the update's own timestamp, else when we heard it. */
  private static Instant heardAt(TaskStatus status, Instant now) {
    if (status.timestamp() == null) {
      return now;
    }
    return Instant.ofEpochMilli(Math.round(status.timestamp() * 1000));
  }

  private void acknowledge(TaskStatus status) {
    if (status.uuid() != null && core.driver != null) {
      core.driver
          .acknowledge(status)
          .exceptionally(
              e -> {
                LOG.debugf("ack of %s failed: %s", status.taskId().value(), e.getMessage());
                return null;
              });
    }
  }

  /**
   * After every SUBSCRIBED: asks the master for every task we know (the master answers TASK_LOST or
   * TASK_UNKNOWN for those it does not know, which replaces them), and re-sends kills we decided
   * but may not have got through.
   */
  void reconcile() {
    List<Call.Reconcile.Task> tasks = new ArrayList<>();
    for (Instance i : core.state.allInstances()) {
      if (i.isActive()) {
        tasks.add(new Call.Reconcile.Task(i.taskId(), i.agentId()));
        if (i.goal() == Instance.Goal.STOPPED) {
          core.sendKill(i, core.state.root.app(i.appId()).orElse(null));
        }
      }
    }
    if (!tasks.isEmpty() && core.driver != null) {
      LOG.infof("reconciling %d task(s)", tasks.size());
      core.driver.reconcile(tasks);
    }
  }

  /** Forgets instances unreachable for longer than their app's {@code expungeAfterSeconds}. */
  void expunge() {
    Instant now = core.now();
    Set<Instance> expired = new LinkedHashSet<>();
    for (Instance i : core.state.allInstances()) {
      AppDefinition app = core.state.root.app(i.appId()).orElse(null);
      if (i.unreachableSince() == null || app == null || app.unreachableStrategy().disabled()) {
        continue;
      }
      Duration after = Duration.ofSeconds(app.unreachableStrategy().expungeAfterSeconds());
      if (!now.isBefore(i.unreachableSince().plus(after))) {
        expired.add(i);
      }
    }
    if (expired.isEmpty()) {
      return;
    }
    Set<PathId> touched = new LinkedHashSet<>();
    for (Instance i : expired) {
      core.state.remove(i);
      touched.add(i.appId());
      LOG.infof("expunged instance %s: unreachable since %s", i.taskId(), i.unreachableSince());
    }
    core.saveApps(touched);
    for (Instance i : expired) {
      core.sendKill(i, null); // should it ever come back, it is not wanted
    }
  }
}
