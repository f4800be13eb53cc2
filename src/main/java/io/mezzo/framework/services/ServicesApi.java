package io.mezzo.framework.services;

import io.mezzo.framework.services.app.Group;
import io.mezzo.framework.services.app.PathId;
import io.mezzo.framework.services.deploy.Deployment;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * What the Marathon REST API asks of the services framework. Every call runs on the framework's
 * owner thread; a call that changes state completes only once the change is durable in the state
 * store (decide → persist → announce).
 *
 * <p>Refusals complete the stage exceptionally with {@link ServicesException} (its status is the
 * HTTP status Marathon answers: 404 unknown app or deployment, 409 app locked by a deployment —
 * naming it — unless {@code force}, 422 invalid definition, 503 not ready).
 */
public interface ServicesApi {
  CompletionStage<ServicesSnapshot> snapshot();

  /**
   * Applies {@code change} to the current root group and starts the deployment from the current
   * root to the result (with a new version stamped by the framework). {@code change} is pure and
   * may throw {@link ServicesException} to refuse. With {@code force}, deployments touching the
   * same apps are cancelled first (without rollback). Completes with the deployment, or empty if
   * the change changed nothing.
   */
  CompletionStage<Optional<Deployment>> deploy(UnaryOperator<Group> change, boolean force);

  /** Replaces every instance of the app (a rolling restart with its upgrade strategy). */
  CompletionStage<Deployment> restart(PathId app, boolean force);

  /**
   * Kills these tasks (Mesos task ids). With {@code scale}, the apps' instance counts go down by as
   * many (a deployment, returned); without, they are replaced. With {@code wipe} the instances are
   * forgotten at once.
   */
  CompletionStage<Optional<Deployment>> killTasks(
      Collection<String> taskIds, boolean scale, boolean wipe, boolean force);

  /**
   * Without {@code force}: rolls the deployment back (a new deployment to its original state of the
   * affected apps, returned). With {@code force}: just stops it where it is (empty).
   */
  CompletionStage<Optional<Deployment>> cancelDeployment(String deploymentId, boolean force);

  /** Clears the launch backoff of an app; false if it had none. */
  CompletionStage<Boolean> resetDelay(PathId app);

  /**
   * Delivers every event from now on until the returned handle is closed. Events arrive on the
   * framework's owner thread, after the change they report is durable: a listener must hand them
   * off at once (to its event loop) and must not wait on this API from there.
   */
  AutoCloseable subscribe(Consumer<ServicesEvent> listener);
}
