package io.mezzo.framework.services;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Fans events out to subscribers ({@code /v2/events} streams, the UI). Events are emitted on the
 * framework's owner thread after the change they report is durable; a listener must hand them off
 * quickly (e.g. to its own event loop) and a listener that throws is logged and kept.
 */
final class ServicesEvents {
  private static final Logger LOG = Logger.getLogger(ServicesEvents.class);
  private final List<Consumer<ServicesEvent>> listeners = new CopyOnWriteArrayList<>();

  AutoCloseable subscribe(Consumer<ServicesEvent> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  void emit(ServicesEvent event) {
    for (Consumer<ServicesEvent> l : listeners) {
      try {
        l.accept(event);
      } catch (RuntimeException e) {
        LOG.warnf(e, "services event listener failed on %s", event.eventType());
      }
    }
  }
}
