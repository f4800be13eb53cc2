package io.mezzo.framework.sdk;

import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.OfferId;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.api.v1.scheduler.Event;
import java.util.List;

/**
 * What a framework built on the SDK implements: the events of its v1 scheduler subscription.
 *
 * <p>Contract: the SDK calls these methods one at a time, in the order the master sent the events,
 * on one thread of the SDK's own (a framework may treat them as its single owner thread or hand
 * them to its own). Updates are never acknowledged by the SDK: the framework acknowledges with
 * {@link SchedulerDriver#acknowledge} once it has recorded the update durably (decide → persist →
 * announce), so a crash before that gets the update again.
 */
public interface Scheduler {
  /**
   * The master accepted the subscription. Called after every (re)subscribe, including after a
   * master failover; the SDK has already asked for implicit reconciliation, and the framework
   * should reconcile the tasks it knows explicitly.
   */
  void subscribed(SchedulerDriver driver, FrameworkId frameworkId);

  void offers(SchedulerDriver driver, List<Offer> offers);

  void rescinded(SchedulerDriver driver, OfferId offerId);

  void update(SchedulerDriver driver, TaskStatus status);

  /** An agent or executor was lost; its tasks' updates follow separately. */
  default void failure(SchedulerDriver driver, Event.Failure failure) {}

  default void message(SchedulerDriver driver, Event.Message message) {}

  /**
   * The master refused or ended this framework for good (e.g. it was torn down, or its failover
   * timeout passed): the SDK stops reconnecting.
   */
  void error(SchedulerDriver driver, String message);

  /**
   * The subscription ended (stream closed, heartbeats missed, master gone). The SDK resubscribes
   * with bounded backoff on its own; offers held are void.
   */
  default void disconnected(SchedulerDriver driver, String why) {}
}
