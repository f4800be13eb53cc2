package io.mezzo.http.common;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Registers the {@link LocalCodec} the streams publish with. It runs before the node starts its
 * master and agent (the bootstrap observes startup at priority 100), so no event can be sent before
 * the codec exists; the HTTP side owns it because only its streams use the event bus.
 */
@ApplicationScoped
public class LocalEventBus {
  private final Vertx vertx;

  public LocalEventBus(Vertx vertx) {
    this.vertx = vertx;
  }

  void register(@Observes @Priority(10) StartupEvent ev) {
    vertx.eventBus().registerCodec(new LocalCodec());
  }
}
