package io.mezzo.http.common;

/**
 * Event-bus addresses, in one place. Every event the master sends to a framework or an agent —
 * offers, rescinds, status updates, commands — travels from the master's context to the stream's
 * HTTP connection on {@code STREAM_PREFIX + streamId}, so the master thread never writes to a
 * socket.
 */
public final class EventBusAddresses {
  public static final String STREAM_PREFIX = "mezzo.stream.";

  private EventBusAddresses() {}

  public static String stream(String streamId) {
    return STREAM_PREFIX + streamId;
  }
}
