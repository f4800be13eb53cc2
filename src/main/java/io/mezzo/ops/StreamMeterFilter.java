package io.mezzo.ops;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import jakarta.inject.Singleton;

/**
 * Keeps the event-bus meters of Quarkus's Vert.x binder from growing with every stream. Each
 * subscription (a framework's, an agent's command channel) listens on an address of its own, {@code
 * mezzo.stream.<uuid>}; the binder tags its meters with that address and never removes them, so
 * without this filter {@code /q/metrics} gains series for every stream ever opened.
 *
 * <p>The binder's options cannot help: its match and ignore patterns apply to HTTP paths, not to
 * event-bus addresses. So counters of stream addresses ({@code eventBus.sent}, {@code
 * eventBus.published}, {@code eventBus.replyFailures}) are folded into one address, {@value
 * #FOLDED}, and still count every event sent to a stream. The binder's per-handler gauges ({@code
 * eventBus.handlers}, {@code eventBus.delivered}, {@code eventBus.discarded}) are dropped for
 * stream addresses: each reads one handler's counter, so a folded gauge would go on reading the
 * first stream's handler long after that stream closed. Open streams are counted by the Mesos
 * metric {@code master/operator_event_stream_subscribers} and the framework and agent gauges.
 *
 * <p>Quarkus applies every {@link MeterFilter} bean to its registries. Stateless, thread-safe.
 */
@Singleton
public class StreamMeterFilter implements MeterFilter {
  /**
   * The prefix of every stream's address ({@code EventBusAddresses.stream}). Spelled out rather
   * than imported so ops does not follow the HTTP edge's packages around; StandaloneIT fails if the
   * two ever differ, as per-stream series would be back.
   */
  static final String STREAM_PREFIX = "mezzo.stream.";

  /** The one {@code address} tag value left for all stream addresses. */
  public static final String FOLDED = STREAM_PREFIX + "*";

  private static final String ADDRESS = "address";
  private static final String EVENT_BUS = "eventBus.";

  @Override
  public Meter.Id map(Meter.Id id) {
    if (!id.getName().startsWith(EVENT_BUS)) {
      return id;
    }
    String address = id.getTag(ADDRESS);
    if (address == null || !address.startsWith(STREAM_PREFIX)) {
      return id;
    }
    return id.withTag(Tag.of(ADDRESS, FOLDED)); // a tag of the same key replaces the old one
  }

  @Override
  public MeterFilterReply accept(Meter.Id id) {
    // Called with the id map() returned, so a stream address reads FOLDED here.
    boolean streamGauge =
        id.getName().startsWith(EVENT_BUS)
            && id.getType() == Meter.Type.GAUGE
            && FOLDED.equals(id.getTag(ADDRESS));
    return streamGauge ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
  }
}
