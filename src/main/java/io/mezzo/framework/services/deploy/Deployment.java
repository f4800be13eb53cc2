package io.mezzo.framework.services.deploy;

import io.mezzo.framework.services.app.Group;
import io.mezzo.framework.services.app.PathId;
import java.time.Instant;
import java.util.List;

/**
 * A deployment: the ordered steps that take the cluster from {@code original} to {@code target}
 * (two root groups). Steps run one after another; the actions of one step run together. Marathon's
 * JSON names: {@code id}, {@code version}, {@code affectedApps}, {@code steps}, {@code currentStep}
 * (1-based, 0 before the first), {@code totalSteps}.
 */
public record Deployment(
    String id,
    Instant version,
    Group original,
    Group target,
    List<PathId> affectedApps,
    List<Step> steps,
    int currentStep) {

  public Deployment {
    affectedApps = List.copyOf(affectedApps);
    steps = List.copyOf(steps);
  }

  public record Step(List<Action> actions) {
    public Step {
      actions = List.copyOf(actions);
    }
  }

  /** One app's part of a step. */
  public record Action(ActionType action, PathId app) {}

  /** Marathon's action names, spelled as in its JSON. */
  public enum ActionType {
    StartApplication,
    ScaleApplication,
    RestartApplication,
    StopApplication
  }

  public Deployment atStep(int step) {
    return new Deployment(id, version, original, target, affectedApps, steps, step);
  }
}
