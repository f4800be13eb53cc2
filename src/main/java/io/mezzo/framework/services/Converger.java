package io.mezzo.framework.services;

import io.mezzo.api.v1.TaskId;
import io.mezzo.framework.services.app.AppDefinition;
import io.mezzo.framework.services.app.PathId;
import io.mezzo.framework.services.deploy.Deployment;
import io.mezzo.framework.services.deploy.Deployment.ActionType;
import io.mezzo.framework.services.instance.Instance;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Brings every app one move closer to what it should be, and advances deployments whose current
 * step is done. Level-triggered: run after every change (update, offer round, deployment, timer
 * tick), it looks only at the state, so a lost trigger or a restart just means the next run picks
 * up.
 *
 * <p>Per app, the move comes from the planner the app's situation calls for:
 *
 * <pre>
 * app has an action in a later step of a deployment   → hold (its dependencies go first)
 * app is no longer defined                            → kill all; forget it once none is left
 * app restarts in the current step                    → Decisions.restart (rolling replacement)
 * otherwise (start, scale, or no deployment: healing) → Decisions.scale
 * </pre>
 *
 * The move's launches become the app's launch-queue count (the {@link Launcher} places them on
 * offers); its kills are carried out at once.
 */
final class Converger {
  private static final Logger LOG = Logger.getLogger(Converger.class);
  private static final int MAX_ROUNDS = 8;
  private final ServicesCore core;
  private final Launcher launcher;

  Converger(ServicesCore core, Launcher launcher) {
    this.core = core;
    this.launcher = launcher;
  }

  void converge() {
    if (core.fencedBecause != null || !core.loaded) {
      return;
    }
    // A finished step lets the next one start at once, which may finish too (instances 0).
    for (int round = 0; round < MAX_ROUNDS; round++) {
      Map<PathId, Boolean> done = step();
      if (!advance(done)) {
        break;
      }
    }
    launcher.updateSuppression();
  }

  private Map<PathId, Boolean> step() {
    ServicesState s = core.state;
    Map<PathId, ActionType> current = new HashMap<>();
    Set<PathId> held = new HashSet<>();
    for (Deployment d : s.deployments.values()) {
      for (int i = 0; i < d.steps().size(); i++) {
        for (Deployment.Action a : d.steps().get(i).actions()) {
          if (i == d.currentStep() - 1) {
            current.put(a.app(), a.action());
          } else if (i >= d.currentStep()) {
            held.add(a.app());
          }
        }
      }
    }
    held.removeAll(current.keySet());
    Map<PathId, AppDefinition> defined = s.root.allApps();
    Set<PathId> apps = new TreeSet<>(defined.keySet());
    apps.addAll(s.apps.keySet());
    Map<PathId, Boolean> done = new HashMap<>();
    for (PathId id : apps) {
      AppDefinition app = defined.get(id);
      if (held.contains(id)) {
        AppRecord r = s.apps.get(id);
        if (r != null) {
          queue(r, 0);
        }
      } else if (app == null) {
        done.put(id, stop(id));
      } else {
        done.put(id, move(app, current.get(id) == ActionType.RestartApplication));
      }
    }
    return done;
  }

  private boolean move(AppDefinition app, boolean restarting) {
    AppRecord r = core.state.record(app.id());
    List<Instance> planned = core.planned(r, app);
    Decisions.Step step =
        restarting ? core.decisions.restart(app, planned) : core.decisions.scale(app, planned);
    Set<TaskId> kill = new HashSet<>(step.kill());
    core.kill(planned.stream().filter(i -> kill.contains(i.taskId())).toList(), app);
    queue(r, Math.max(0, step.launch()));
    return step.complete();
  }

  /** Kills what is left of an app that is no longer defined; true once it is gone. */
  private boolean stop(PathId id) {
    AppRecord r = core.state.apps.get(id);
    if (r == null) {
      return true;
    }
    queue(r, 0);
    List<Instance> running =
        r.instances.values().stream()
            .filter(i -> i.isActive() && i.goal() == Instance.Goal.RUNNING)
            .toList();
    core.kill(running, r.history.isEmpty() ? null : r.history.lastEntry().getValue());
    if (r.hasActive()) {
      return false;
    }
    core.state.forget(id);
    core.saveRoot();
    core.saveApp(id);
    core.emit(new ServicesEvent.AppTerminated(core.now(), id));
    LOG.infof("app %s terminated", id);
    return true;
  }

  /** An app neither defined nor with any record left (a finished StopApplication). */
  private boolean gone(PathId app) {
    return !core.state.apps.containsKey(app) && core.state.root.app(app).isEmpty();
  }

  private void queue(AppRecord r, int count) {
    Instant now = core.now();
    if (count > r.toLaunch) {
      launcher.queueGrew();
    }
    if (count > 0 && r.waitingSince == null) {
      r.waitingSince = now;
    } else if (count == 0) {
      r.waitingSince = null;
      r.processedOffers = 0;
      r.unusedOffers = 0;
    }
    r.toLaunch = count;
  }

  /** Moves on every deployment whose current step is done; true if any moved. */
  private boolean advance(Map<PathId, Boolean> done) {
    ServicesState s = core.state;
    boolean moved = false;
    for (Deployment d : List.copyOf(s.deployments.values())) {
      if (d.currentStep() >= 1 && d.currentStep() <= d.steps().size()) {
        Deployment.Step step = d.steps().get(d.currentStep() - 1);
        boolean stepDone =
            step.actions().stream().allMatch(a -> done.getOrDefault(a.app(), gone(a.app())));
        if (!stepDone) {
          continue;
        }
      }
      moved = true;
      Instant now = core.now();
      if (d.currentStep() >= d.steps().size()) {
        s.deployments.remove(d.id());
        core.saveRoot();
        if (d.currentStep() >= 1) {
          core.emit(new ServicesEvent.DeploymentStepSuccess(now, d));
        }
        core.emit(new ServicesEvent.DeploymentSuccess(now, d));
        LOG.infof("deployment %s succeeded", d.id());
      } else {
        Deployment next = d.atStep(d.currentStep() + 1);
        s.deployments.put(d.id(), next);
        core.saveRoot();
        if (d.currentStep() >= 1) {
          core.emit(new ServicesEvent.DeploymentStepSuccess(now, d));
        }
      }
    }
    return moved;
  }
}
