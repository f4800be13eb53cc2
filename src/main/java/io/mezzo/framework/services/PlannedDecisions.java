package io.mezzo.framework.services;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.Attribute;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.framework.services.app.AppDefinition;
import io.mezzo.framework.services.app.Group;
import io.mezzo.framework.services.app.PathId;
import io.mezzo.framework.services.deploy.Deployment;
import io.mezzo.framework.services.deploy.DeploymentPlanner;
import io.mezzo.framework.services.deploy.RestartPlanner;
import io.mezzo.framework.services.deploy.RestartStep;
import io.mezzo.framework.services.deploy.ScalePlanner;
import io.mezzo.framework.services.deploy.ScaleStep;
import io.mezzo.framework.services.instance.Instance;
import io.mezzo.framework.services.launch.TaskFactory;
import io.mezzo.framework.services.launch.TaskIds;
import io.mezzo.framework.services.placement.MatchResult;
import io.mezzo.framework.services.placement.OfferMatcher;
import io.mezzo.framework.services.placement.Placement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * The product's decisions: Marathon's deployment planning, rolling restart and scale stepping, the
 * explaining offer matcher and the app → TaskInfo translation, with task ids of random version-4
 * UUIDs from the injected generator.
 */
public final class PlannedDecisions implements Decisions {
  private final DeploymentPlanner planner = new DeploymentPlanner();
  private final RestartPlanner restarts = new RestartPlanner();
  private final ScalePlanner scales = new ScalePlanner();
  private final OfferMatcher matcher = new OfferMatcher();
  private final RandomGenerator random;

  public PlannedDecisions(RandomGenerator random) {
    this.random = random;
  }

  @Override
  public Optional<Deployment> plan(Group original, Group target, String id, Instant version) {
    return planner.plan(original, target, id, version);
  }

  @Override
  public Step restart(AppDefinition app, List<Instance> instances) {
    RestartStep s = restarts.next(app, instances);
    return new Step(s.launch(), s.kill(), s.complete(), s.waitingFor());
  }

  @Override
  public Step scale(AppDefinition app, List<Instance> instances) {
    ScaleStep s = scales.next(app, instances);
    return new Step(s.launch(), s.kill(), s.complete(), s.waitingFor());
  }

  @Override
  public Match match(
      AppDefinition app,
      int wanted,
      List<Offer> offers,
      List<Instance> placed,
      Map<AgentId, List<Attribute>> agentAttributes) {
    MatchResult r = matcher.match(app, wanted, offers, placed, agentAttributes);
    return new Match(r.placements(), r.remaining(), r.report());
  }

  @Override
  public TaskInfo task(AppDefinition app, Placement placement, TaskId taskId) {
    return TaskFactory.build(app, placement, taskId);
  }

  @Override
  public TaskId newTaskId(PathId app) {
    return TaskIds.of(app, uuid(random));
  }

  @Override
  public Optional<PathId> appOf(TaskId taskId) {
    return TaskIds.appOf(taskId);
  }

  /** A version-4 (random) UUID from {@code random}, so tests can seed it. */
  static UUID uuid(RandomGenerator random) {
    long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (random.nextLong() & ~(0xC000000000000000L)) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }
}
