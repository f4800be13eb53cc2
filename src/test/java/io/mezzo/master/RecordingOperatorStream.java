package io.mezzo.master;

import io.mezzo.api.v1.master.Event;
import io.mezzo.master.operator.OperatorStream;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** An operator SUBSCRIBE stream that records what the master sends. */
final class RecordingOperatorStream implements OperatorStream {
  private final String id = UUID.randomUUID().toString();
  private final List<Event> events = new ArrayList<>();
  private volatile boolean closed;

  @Override
  public String id() {
    return id;
  }

  @Override
  public synchronized void send(Event event) {
    events.add(event);
  }

  @Override
  public void close() {
    closed = true;
  }

  boolean closed() {
    return closed;
  }

  synchronized List<Event> events() {
    return new ArrayList<>(events);
  }

  synchronized List<Event> ofType(Event.Type type) {
    return events.stream().filter(e -> e.type() == type).toList();
  }
}
