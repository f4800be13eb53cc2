package io.mezzo.master;

import io.mezzo.api.agent.AgentEvent;
import io.mezzo.master.agents.AgentChannel;
import java.util.ArrayList;
import java.util.List;

/** An agent command stream that records what the master sends. */
final class RecordingAgentChannel implements AgentChannel {
  private final List<AgentEvent> events = new ArrayList<>();
  private volatile boolean closed;

  @Override
  public synchronized void send(AgentEvent event) {
    events.add(event);
  }

  @Override
  public void close() {
    closed = true;
  }

  boolean closed() {
    return closed;
  }

  synchronized List<AgentEvent> events() {
    return new ArrayList<>(events);
  }

  synchronized List<AgentEvent> ofType(AgentEvent.Type type) {
    return events.stream().filter(e -> e.type() == type).toList();
  }
}
