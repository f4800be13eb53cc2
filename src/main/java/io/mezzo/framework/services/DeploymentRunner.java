package io.mezzo.framework.services;

import io.mezzo.framework.services.app.AppDefinition;
import io.mezzo.framework.services.app.Group;
import io.mezzo.framework.services.app.PathId;
import io.mezzo.framework.services.app.ServicePorts;
import io.mezzo.framework.services.deploy.Deployment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import org.jboss.logging.Logger;

/**
 * Starts, cancels and rolls back deployments. A change becomes a new root group (apps stamped with
 * a new version), the planner turns old root → new root into ordered steps, and the new root and
 * deployment are stored before anything is launched or killed; the {@link Converger} then drives
 * each step to completion.
 *
 * <p>Apps under a running deployment are locked: a change touching them is refused with 409 naming
 * the deployments, unless forced, which cancels those deployments (no rollback) first.
 */
final class DeploymentRunner {
  private static final Logger LOG = Logger.getLogger(DeploymentRunner.class);
  private final ServicesCore core;
  private final Converger converger;
  private final RandomGenerator random;

  DeploymentRunner(ServicesCore core, Converger converger, RandomGenerator random) {
    this.core = core;
    this.converger = converger;
    this.random = random;
  }

  Optional<Deployment> deploy(UnaryOperator<Group> change, boolean force) {
    ServicesState s = core.state;
    Instant version = nextVersion();
    Group target = stamp(s.root, servicePorts(s.root, change.apply(s.root)), version);
    Optional<Deployment> plan = core.decisions.plan(s.root, target, newId(), version);
    if (plan.isEmpty()) {
      if (!target.equals(s.root)) {
        s.root = target; // group-only changes (an empty group, dependencies) are still kept
        core.saveRoot();
        core.emit(new ServicesEvent.GroupChange(core.now(), PathId.ROOT, version));
      }
      return Optional.empty();
    }
    return Optional.of(start(plan.get(), target, force));
  }

  /** Replaces every instance of {@code app}: a new version, one RestartApplication step. */
  Deployment restart(PathId appId, boolean force) {
    ServicesState s = core.state;
    AppDefinition app =
        s.root
            .app(appId)
            .orElseThrow(() -> new ServicesException(404, "App '" + appId + "' does not exist"));
    Instant version = nextVersion();
    AppDefinition.VersionInfo info =
        new AppDefinition.VersionInfo(
            app.versionInfo() == null ? version : app.versionInfo().lastScalingAt(), version);
    Group target = s.root.withApp(app.withVersion(version, info), version);
    Deployment d =
        new Deployment(
            newId(),
            version,
            s.root,
            target,
            List.of(appId),
            List.of(
                new Deployment.Step(
                    List.of(
                        new Deployment.Action(Deployment.ActionType.RestartApplication, appId)))),
            0);
    return start(d, target, force);
  }

  /**
   * Without force: a new deployment back to the original definitions of the affected apps (an app
   * the deployment created is removed). With force: the deployment just stops where it is.
   */
  Optional<Deployment> cancel(String id, boolean force) {
    ServicesState s = core.state;
    Deployment d = s.deployments.get(id);
    if (d == null) {
      throw new ServicesException(404, "DeploymentPlan " + id + " does not exist");
    }
    s.deployments.remove(id);
    core.emit(new ServicesEvent.DeploymentFailed(core.now(), d, "cancelled"));
    if (force) {
      core.saveRoot();
      converger.converge();
      return Optional.empty();
    }
    Instant version = nextVersion();
    Group back = s.root;
    for (PathId app : d.affectedApps()) {
      Optional<AppDefinition> original = d.original().app(app);
      back =
          original.isPresent() ? back.withApp(original.get(), version) : back.without(app, version);
    }
    Group rollback = back;
    Optional<Deployment> plan = deploy(root -> rollback, false);
    if (plan.isEmpty()) {
      core.saveRoot();
      converger.converge();
    }
    return plan;
  }

  private Deployment start(Deployment plan, Group target, boolean force) {
    ServicesState s = core.state;
    List<Deployment> blocking = s.blocking(plan.affectedApps());
    if (!blocking.isEmpty()) {
      List<String> ids = blocking.stream().map(Deployment::id).toList();
      if (!force) {
        throw new ServicesException(
            409,
            "App is locked by one or more deployments. Override with the option '?force=true'."
                + " Deployments: "
                + String.join(", ", ids),
            List.of(),
            ids);
      }
      for (Deployment old : blocking) {
        s.deployments.remove(old.id());
        LOG.infof("deployment %s cancelled by forced deployment %s", old.id(), plan.id());
      }
    }
    Deployment d = plan.atStep(plan.steps().isEmpty() ? 0 : 1);
    Map<PathId, AppDefinition> before = s.root.allApps();
    List<PathId> changed = new ArrayList<>();
    for (AppDefinition app : target.allApps().values()) {
      AppDefinition old = before.get(app.id());
      if (old == null || !app.equals(old)) {
        AppRecord r = s.record(app.id());
        r.remember(app, core.config.historyLimit());
        if (old == null || old.needsRestartFor(app)) {
          r.resetDelay(); // a new configuration gets a fresh start (Marathon resets backoff)
        }
        changed.add(app.id());
      }
    }
    s.root = target;
    s.deployments.put(d.id(), d);
    core.saveRoot();
    core.saveApps(changed);
    Instant now = core.now();
    core.emit(new ServicesEvent.GroupChange(now, PathId.ROOT, d.version()));
    core.emit(new ServicesEvent.DeploymentInfo(now, d));
    LOG.infof("deployment %s started: %d steps for %s", d.id(), d.steps().size(), d.affectedApps());
    converger.converge();
    return s.deployments.getOrDefault(d.id(), d);
  }

  /**
   * The new root with a version on every app that changed: a configuration change moves both {@code
   * lastConfigChangeAt} and {@code lastScalingAt}, a scale only the latter; unchanged apps keep
   * theirs.
   */
  private static Group stamp(Group before, Group after, Instant version) {
    Map<PathId, AppDefinition> old = before.allApps();
    Group out = after;
    for (AppDefinition app : after.allApps().values()) {
      AppDefinition o = old.get(app.id());
      if (o != null && o.withVersion(null, null).equals(app.withVersion(null, null))) {
        if (!o.equals(app)) {
          out = out.withApp(o, version);
        }
        continue;
      }
      AppDefinition.VersionInfo info =
          o != null && !o.needsRestartFor(app) && o.versionInfo() != null
              ? new AppDefinition.VersionInfo(version, o.versionInfo().lastConfigChangeAt())
              : new AppDefinition.VersionInfo(version, version);
      out = out.withApp(app.withVersion(version, info), version);
    }
    return new Group(out.id(), out.apps(), out.groups(), out.dependencies(), version);
  }

  /** Port-0 definitions get their service ports before stamping, so a re-sent app is unchanged. */
  private static Group servicePorts(Group before, Group after) {
    try {
      return ServicePorts.defaults().assign(before, after);
    } catch (IllegalStateException e) {
      throw new ServicesException(409, e.getMessage());
    }
  }

  /** Now, but always after the last version, so versions order changes even within a tick. */
  private Instant nextVersion() {
    Instant now = core.now();
    Instant last = core.state.root.version();
    return last != null && !now.isAfter(last) ? last.plusMillis(1) : now;
  }

  private String newId() {
    return PlannedDecisions.uuid(random).toString();
  }
}
