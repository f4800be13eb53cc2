package io.mezzo.framework.sdk;

import io.mezzo.api.v1.FrameworkInfo;
import java.util.random.RandomGenerator;

/**
 * Starts the SDK's subscription for a built-in framework: the seam that keeps framework tests free
 * of any transport (they pass a starter that records the {@link FrameworkInfo} and hands them the
 * {@link Scheduler} to drive by hand).
 *
 * <p>Contract: {@link #start} returns promptly, subscribing in the background; the handle it
 * returns stops the subscription, bounded and idempotent, and may be closed from any thread except
 * the SDK's own callback thread.
 */
public interface ClientStarter {
  /** Starts subscribing in the background; the handle stops it. */
  AutoCloseable start(FrameworkInfo info, Scheduler scheduler, FrameworkContext context);

  /** The product's starter: an SDK {@link SchedulerClient} over the context's connections. */
  static ClientStarter sdkClient(RandomGenerator random) {
    return (info, scheduler, context) -> {
      SchedulerClient client =
          new SchedulerClient(info, scheduler, context.connections(), context.timers(), random);
      client.start();
      return client::stop;
    };
  }
}
