package io.mezzo.master.operator;

import io.mezzo.api.v1.master.Event;

/**
 * An operator's SUBSCRIBE stream as the master sees it. The HTTP edge implements it by putting
 * events on the Vert.x event bus; tests record them.
 *
 * <p>Contract: {@link #send} never blocks and never throws; events are delivered in the order sent
 * or not at all (a subscriber that falls behind is cut off and must subscribe again, receiving the
 * full state anew). {@link #close} is idempotent.
 */
public interface OperatorStream {
  /** An id for logs. */
  String id();

  void send(Event event);

  void close();
}
