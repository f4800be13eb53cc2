package io.mezzo.http.common;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Passes immutable event records through the in-process event bus by reference. The bus is never
 * clustered (master and agents talk over HTTP), so nothing is ever encoded on the wire.
 */
public final class LocalCodec implements MessageCodec<Object, Object> {
  public static final String NAME = "mezzo-local";

  @Override
  public void encodeToWire(Buffer buffer, Object o) {
    throw new UnsupportedOperationException("the Mezzo event bus is local only");
  }

  @Override
  public Object decodeFromWire(int pos, Buffer buffer) {
    throw new UnsupportedOperationException("the Mezzo event bus is local only");
  }

  @Override
  public Object transform(Object o) {
    return o;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
