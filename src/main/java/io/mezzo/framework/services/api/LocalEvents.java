package io.mezzo.framework.services.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The events the REST layer itself announces on {@code /v2/events}, beside the framework's: {@code
 * api_post_event} after an app change was accepted, {@code event_stream_attached} / {@code
 * _detached}. Listeners are called on the publishing thread and must not block (the event stream
 * route only hands the event to its own context). Thread-safe.
 */
public final class LocalEvents {
  private final List<Consumer<ObjectNode>> listeners = new CopyOnWriteArrayList<>();

  /** Delivers every event published from now on until the handle is closed. */
  public AutoCloseable subscribe(Consumer<ObjectNode> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** Publishes an event; it carries its {@code eventType} and {@code timestamp}. */
  public void publish(ObjectNode event) {
    for (Consumer<ObjectNode> l : listeners) {
      l.accept(event);
    }
  }
}
