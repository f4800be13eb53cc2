package io.mezzo.master.agents;

import io.mezzo.api.agent.AgentEvent;

/**
 * The master's end of an agent's command stream.
 *
 * <p>Contract: {@link #send} never blocks and never throws; events arrive in order or the stream
 * breaks (the agent then re-subscribes and reports its state, and unacknowledged status updates are
 * retried). {@link #close} is idempotent.
 */
public interface AgentChannel {
  void send(AgentEvent event);

  void close();
}
