package io.mezzo.framework.services;

import io.mezzo.api.v1.DurationInfo;
import io.mezzo.api.v1.KillPolicy;
import io.mezzo.framework.sdk.SchedulerDriver;
import io.mezzo.framework.services.app.AppDefinition;
import io.mezzo.framework.services.app.PathId;
import io.mezzo.framework.services.instance.Instance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * What the parts of the services framework ({@link Launcher}, {@link Healer}, {@link
 * DeploymentRunner}) share: the state, its store, the decisions, the clock, the events and the
 * current driver, with the effects they all need (persist, kill, announce). Owner thread only.
 *
 * <p>A failed write (the store refused a stale version because another master now leads, or the
 * store is down) fences the framework: it stops acting at once rather than act on a state it could
 * not record, and the next leader's copy takes over from the stored state.
 */
final class ServicesCore {
  private static final Logger LOG = Logger.getLogger(ServicesCore.class);
  final ServicesConfig config;
  final Decisions decisions;
  final Clock clock;
  final ServicesState state = new ServicesState();
  final ServicesStore store;
  final ServicesEvents events = new ServicesEvents();

  /** The subscription's driver; null while not subscribed. */
  SchedulerDriver driver;

  boolean loaded;
  String fencedBecause;

  ServicesCore(ServicesConfig config, Decisions decisions, Clock clock, ServicesStore store) {
    this.config = config;
    this.decisions = decisions;
    this.clock = clock;
    this.store = store;
  }

  /**
   * Now, to the millisecond: versions and timestamps are rendered and given back by clients in
   * Marathon's millisecond ISO form, so a finer stored instant would never be found again.
   */
  Instant now() {
    return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
  }

  /** Refuses work once fenced or before the state is loaded. */
  void checkUsable() {
    if (fencedBecause != null) {
      throw new ServicesException(503, "services framework stopped: " + fencedBecause);
    }
    if (!loaded) {
      throw new ServicesException(503, "services framework is still loading its state");
    }
  }

  void saveRoot() {
    durably(() -> store.saveRoot(state));
  }

  void saveApps(Collection<PathId> apps) {
    for (PathId app : new LinkedHashSet<>(apps)) {
      durably(() -> store.saveApp(state, app));
    }
  }

  void saveApp(PathId app) {
    saveApps(List.of(app));
  }

  private void durably(Runnable write) {
    if (fencedBecause != null) {
      throw new ServicesException(503, "services framework stopped: " + fencedBecause);
    }
    try {
      write.run();
    } catch (RuntimeException e) {
      fencedBecause = "state store write failed: " + e.getMessage();
      LOG.errorf(e, "services framework fenced: %s", fencedBecause);
      throw new ServicesException(503, "services framework stopped: " + fencedBecause);
    }
  }

  void emit(ServicesEvent event) {
    events.emit(event);
  }

  /**
   * The instances a planner steps: every one still holding resources, dying ones too (goal STOPPED:
   * they count against over-capacity and a step is not done until they end), except those written
   * off as unreachable for longer than the app's {@code inactiveAfterSeconds}, which are being
   * replaced. Ended instances are already gone from the state, so their slots are simply empty.
   */
  List<Instance> planned(AppRecord r, AppDefinition app) {
    List<Instance> out = new ArrayList<>();
    for (Instance i : r.instances.values()) {
      if (i.isActive() && !inactive(i, app)) {
        out.add(i);
      }
    }
    return out;
  }

  boolean inactive(Instance i, AppDefinition app) {
    if (i.unreachableSince() == null || app == null || app.unreachableStrategy().disabled()) {
      return false;
    }
    Duration after = Duration.ofSeconds(app.unreachableStrategy().inactiveAfterSeconds());
    return !now().isBefore(i.unreachableSince().plus(after));
  }

  /**
   * Decides to stop these instances: records goal STOPPED durably, then asks the master to kill
   * them (so a restart re-sends the kill instead of forgetting it).
   */
  void kill(Collection<Instance> instances, AppDefinition app) {
    if (instances.isEmpty()) {
      return;
    }
    Set<PathId> touched = new LinkedHashSet<>();
    List<Instance> stopping = new ArrayList<>();
    for (Instance i : instances) {
      Instance s = i.goal() == Instance.Goal.STOPPED ? i : withGoal(i, Instance.Goal.STOPPED);
      state.put(s);
      stopping.add(s);
      touched.add(s.appId());
    }
    saveApps(touched);
    stopping.forEach(i -> sendKill(i, app));
  }

  void sendKill(Instance i, AppDefinition app) {
    if (driver == null) {
      return; // re-sent after the next SUBSCRIBED
    }
    KillPolicy policy =
        app == null || app.taskKillGracePeriodSeconds() == null
            ? null
            : new KillPolicy(DurationInfo.of(Duration.ofSeconds(app.taskKillGracePeriodSeconds())));
    driver
        .kill(i.taskId(), i.agentId(), policy)
        .exceptionally(
            e -> {
              LOG.warnf("kill of task %s refused: %s", i.taskId(), e.getMessage());
              return null;
            });
  }

  static Instance withGoal(Instance i, Instance.Goal goal) {
    return new Instance(
        i.taskId(),
        i.appId(),
        i.appVersion(),
        i.agentId(),
        i.host(),
        i.ports(),
        i.stagedAt(),
        i.startedAt(),
        i.state(),
        i.healthy(),
        i.ready(),
        i.message(),
        goal,
        i.unreachableSince(),
        i.health());
  }
}
