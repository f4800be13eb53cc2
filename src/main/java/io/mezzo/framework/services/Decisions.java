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
import io.mezzo.framework.services.instance.Instance;
import io.mezzo.framework.services.placement.MatchReport;
import io.mezzo.framework.services.placement.Placement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pure decisions the services framework applies: planning deployments, stepping one app towards
 * its target, placing instances on offers and turning a placement into a Mesos task. The framework
 * only gathers inputs and carries the results out (house rule 5), so its tests can script these and
 * the planners are tested alone.
 *
 * <p>Contract: every method is pure (same input, same output, no I/O) except {@link #newTaskId},
 * which draws from the injected randomness; all are called on the framework's owner thread.
 */
public interface Decisions {
  /** The deployment from {@code original} to {@code target}, empty if nothing differs. */
  Optional<Deployment> plan(Group original, Group target, String id, Instant version);

  /** The next move of a rolling replacement of {@code app}'s instances. */
  Step restart(AppDefinition app, List<Instance> instances);

  /** The next move to bring {@code app} to its instance count (start, scale, healing). */
  Step scale(AppDefinition app, List<Instance> instances);

  /**
   * Places up to {@code wanted} instances of {@code app} on {@code offers}; {@code placed} are the
   * app's instances so far, {@code agentAttributes} the attributes of agents seen in offers (for
   * constraints on agents the app runs on but that offer nothing now).
   */
  Match match(
      AppDefinition app,
      int wanted,
      List<Offer> offers,
      List<Instance> placed,
      Map<AgentId, List<Attribute>> agentAttributes);

  /** The Mesos task that runs one instance of {@code app} at {@code placement}. */
  TaskInfo task(AppDefinition app, Placement placement, TaskId taskId);

  /** A fresh task id for an instance of {@code app} ({@code <safe name>.<uuid>}). */
  TaskId newTaskId(PathId app);

  /** The app a task id of ours belongs to, empty for a task id not formed by us. */
  Optional<PathId> appOf(TaskId taskId);

  /**
   * One move: launch this many more instances, kill these, and whether the action is done; {@code
   * waitingFor} says in a sentence what it waits for.
   */
  record Step(int launch, List<TaskId> kill, boolean complete, String waitingFor) {
    public Step {
      kill = List.copyOf(kill);
    }
  }

  /** Placements made, the offers left (minus what was taken) and why the rest did not fit. */
  record Match(List<Placement> placements, List<Offer> remaining, MatchReport report) {
    public Match {
      placements = List.copyOf(placements);
      remaining = List.copyOf(remaining);
    }
  }
}
