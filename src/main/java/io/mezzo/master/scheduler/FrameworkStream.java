package io.mezzo.master.scheduler;

import io.mezzo.api.v1.scheduler.Event;

/**
 * A framework's subscription stream as the master sees it. The HTTP edge implements it by putting
 * events on the Vert.x event bus; tests record them.
 *
 * <p>Contract: {@link #send} never blocks and never throws; events are delivered in the order sent
 * or not at all (the stream is best-effort: a lost event is recovered by reconciliation, offer
 * rescinds and status update retries). {@link #close} is idempotent.
 */
public interface FrameworkStream {
  /** The {@code Mesos-Stream-Id} of this subscription. */
  String id();

  void send(Event event);

  void close();
}
