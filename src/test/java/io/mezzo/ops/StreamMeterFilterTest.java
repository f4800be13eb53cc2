package io.mezzo.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The filter on a plain registry, registering meters the way Quarkus's event-bus binder does. */
class StreamMeterFilterTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  StreamMeterFilterTest() {
    registry.config().meterFilter(new StreamMeterFilter());
  }

  @Test
  void countersOfManyStreamsFoldIntoOneSeriesThatKeepsCounting() {
    for (int i = 0; i < 50; i++) {
      String address = "mezzo.stream." + UUID.randomUUID();
      Counter.builder("eventBus.sent").tag("address", address).register(registry).increment(2);
    }

    assertThat(registry.find("eventBus.sent").counters()).hasSize(1);
    Counter folded = registry.get("eventBus.sent").counter();
    assertThat(folded.getId().getTag("address")).isEqualTo("mezzo.stream.*");
    assertThat(folded.count()).isEqualTo(100.0);
  }

  @Test
  void perHandlerGaugesOfStreamsAreNotRegistered() {
    for (String name : new String[] {"eventBus.handlers", "eventBus.delivered"}) {
      Gauge.builder(name, new AtomicLong(1), AtomicLong::get)
          .tag("address", "mezzo.stream." + UUID.randomUUID())
          .register(registry);
    }

    assertThat(registry.getMeters()).isEmpty();
  }

  @Test
  void otherAddressesAndOtherMetersAreLeftAlone() {
    Gauge.builder("eventBus.handlers", new AtomicLong(1), AtomicLong::get)
        .tag("address", "mezzo.other")
        .register(registry);
    Counter.builder("eventBus.sent").tag("address", "mezzo.other").register(registry);
    // Not an event-bus meter: a tag that happens to look like a stream address is not rewritten.
    Counter.builder("mezzo.custom").tag("address", "mezzo.stream.x").register(registry);

    assertThat(registry.getMeters())
        .extracting(Meter::getId)
        .extracting(id -> id.getName() + " " + id.getTag("address"))
        .containsExactlyInAnyOrder(
            "eventBus.handlers mezzo.other",
            "eventBus.sent mezzo.other",
            "mezzo.custom mezzo.stream.x");
  }
}
