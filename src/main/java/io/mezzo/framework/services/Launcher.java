package io.mezzo.framework.services;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.Attribute;
import io.mezzo.api.v1.Filters;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.OfferId;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.framework.services.app.AppDefinition;
import io.mezzo.framework.services.app.PathId;
import io.mezzo.framework.services.instance.Instance;
import io.mezzo.framework.services.placement.Placement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;

/**
 * Turns offers into launches. For each app with instances waiting and no launch delay, the matcher
 * places them on the offers left by the apps before it; every new instance is stored (goal RUNNING,
 * no state yet) before the one ACCEPT per offer that launches it, so a master failover between the
 * two can never launch a duplicate: the next leader reconciles the stored instance and replaces it
 * if the task never started. Unused offers are declined with the refuse filter.
 *
 * <p>Offers are suppressed while nothing waits and revived when something starts waiting (which
 * also clears the decline filters, so freed resources come back at once).
 */
final class Launcher {
  private static final Logger LOG = Logger.getLogger(Launcher.class);
  private final ServicesCore core;
  private final Executor owner;
  private Runnable afterChange = () -> {};
  private boolean suppressed;
  private boolean grew;

  /**
   * Attributes of every agent seen in an offer, for constraints (learned again after a restart).
   */
  private final Map<AgentId, List<Attribute>> attributes = new HashMap<>();

  Launcher(ServicesCore core, Executor owner) {
    this.core = core;
    this.owner = owner;
  }

  /** What to run after a launch was undone (the converger, so the instance is replaced). */
  void afterChange(Runnable r) {
    this.afterChange = r;
  }

  /** A new subscription starts unsuppressed, with no filters. */
  void subscribed() {
    suppressed = false;
    grew = true;
  }

  void queueGrew() {
    grew = true;
  }

  void offers(List<Offer> offers) {
    Filters refuse = new Filters(core.config.refuseSeconds());
    if (core.driver == null) {
      return;
    }
    if (core.fencedBecause != null || !core.loaded) {
      core.driver.decline(offers.stream().map(Offer::id).toList(), refuse);
      return;
    }
    for (Offer o : offers) {
      if (o.agentId() != null && o.attributes() != null) {
        attributes.put(o.agentId(), o.attributes());
      }
    }
    Instant now = core.now();
    List<Offer> remaining = offers;
    Map<OfferId, List<TaskInfo>> launches = new LinkedHashMap<>();
    Map<TaskId, Instance> launched = new LinkedHashMap<>();
    Set<PathId> touched = new LinkedHashSet<>();
    Map<PathId, AppDefinition> defined = core.state.root.allApps();
    for (AppRecord r : core.state.apps.values()) {
      AppDefinition app = defined.get(r.id);
      if (app == null || r.toLaunch <= 0 || r.delayed(now) || remaining.isEmpty()) {
        continue;
      }
      Decisions.Match m =
          core.decisions.match(app, r.toLaunch, remaining, core.planned(r, app), attributes);
      r.processedOffers += remaining.size();
      r.lastReport = m.report();
      if (m.placements().isEmpty()) {
        r.unusedOffers += remaining.size();
        r.lastUnusedOfferAt = now;
      } else {
        r.lastUsedOfferAt = now;
      }
      for (Placement p : m.placements()) {
        TaskId id = core.decisions.newTaskId(app.id());
        TaskInfo task = core.decisions.task(app, p, id);
        Instance i =
            new Instance(
                id,
                app.id(),
                app.version(),
                p.offer().agentId(),
                p.offer().hostname(),
                p.hostPorts(),
                now,
                null,
                null,
                null,
                null,
                null,
                Instance.Goal.RUNNING,
                null);
        core.state.put(i);
        launched.put(id, i);
        launches.computeIfAbsent(p.offer().id(), k -> new ArrayList<>()).add(task);
        r.toLaunch = Math.max(0, r.toLaunch - 1);
        touched.add(app.id());
      }
      remaining = m.remaining();
    }
    core.saveApps(touched); // decide → persist → launch
    for (Map.Entry<OfferId, List<TaskInfo>> e : launches.entrySet()) {
      List<TaskInfo> tasks = e.getValue();
      LOG.infof("launching %d task(s) on offer %s", tasks.size(), e.getKey().value());
      core.driver
          .accept(List.of(e.getKey()), List.of(Call.Operation.launch(tasks)), refuse)
          .whenComplete(
              (ok, err) -> {
                if (err != null) {
                  owner.execute(() -> undo(tasks, launched, err));
                }
              });
    }
    List<OfferId> unused = new ArrayList<>();
    for (Offer o : offers) {
      if (!launches.containsKey(o.id())) {
        unused.add(o.id());
      }
    }
    if (!unused.isEmpty()) {
      core.driver.decline(unused, refuse);
    }
    updateSuppression();
  }

  /** The master refused a launch: those instances never existed, and count as a failure. */
  private void undo(List<TaskInfo> tasks, Map<TaskId, Instance> launched, Throwable err) {
    Set<PathId> touched = new LinkedHashSet<>();
    Instant now = core.now();
    for (TaskInfo t : tasks) {
      Instance i = launched.get(t.taskId());
      if (i == null || core.state.instance(t.taskId()).map(x -> x.state() != null).orElse(true)) {
        continue; // already heard of, or gone: updates take it from here
      }
      core.state.remove(i);
      AppRecord r = core.state.record(i.appId());
      String why = err.getCause() != null ? err.getCause().getMessage() : err.getMessage();
      r.lastFailure =
          new ServicesSnapshot.TaskFailure(
              t.taskId().value(), "TASK_ERROR", why, i.host(), now, i.appVersion());
      core.state.root.app(i.appId()).ifPresent(app -> r.failed(app, now));
      touched.add(i.appId());
      LOG.warnf("launch of %s refused by the master: %s", t.taskId().value(), why);
    }
    if (!touched.isEmpty()) {
      core.saveApps(touched);
      afterChange.run();
    }
  }

  /** Suppresses offers when nothing waits; revives when something started waiting. */
  void updateSuppression() {
    if (core.driver == null) {
      return;
    }
    Instant now = core.now();
    Map<PathId, AppDefinition> defined = core.state.root.allApps();
    boolean wants =
        core.state.apps.values().stream()
            .anyMatch(r -> r.toLaunch > 0 && !r.delayed(now) && defined.containsKey(r.id));
    if (wants && (suppressed || grew)) {
      suppressed = false;
      grew = false;
      core.driver.revive();
    } else if (!wants && !suppressed) {
      suppressed = true;
      grew = false;
      core.driver.suppress();
    }
  }
}
