package io.mezzo.agent;

import io.mezzo.api.v1.executor.Event;

/**
 * The agent's end of an executor's subscription: the HTTP layer writes each event as one RecordIO
 * record. Called on the agent's context; implementations hop to their own thread and never block.
 */
public interface ExecutorStream {
  /** Queues {@code event} for the executor; dropped silently once the stream has closed. */
  void send(Event event);

  /** Ends the response; idempotent. */
  void close();
}
