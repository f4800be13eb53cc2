package io.mezzo.api.wire;

import com.google.protobuf.Message;
import java.util.Map;

/**
 * Which official Mesos 1.11 message each of Mezzo's top-level v1 records is: the calls, events and
 * responses of the scheduler, executor, master and agent APIs. Only these cross the wire as whole
 * bodies or stream records; everything inside them follows from the descriptors.
 */
public final class WireTypes {
  private static final Map<Class<?>, Message> PROTOTYPES =
      Map.of(
          io.mezzo.api.v1.scheduler.Call.class,
          org.apache.mesos.v1.scheduler.Protos.Call.getDefaultInstance(),
          io.mezzo.api.v1.scheduler.Event.class,
          org.apache.mesos.v1.scheduler.Protos.Event.getDefaultInstance(),
          io.mezzo.api.v1.executor.Call.class,
          org.apache.mesos.v1.executor.Protos.Call.getDefaultInstance(),
          io.mezzo.api.v1.executor.Event.class,
          org.apache.mesos.v1.executor.Protos.Event.getDefaultInstance(),
          io.mezzo.api.v1.master.Call.class,
          org.apache.mesos.v1.master.Protos.Call.getDefaultInstance(),
          io.mezzo.api.v1.master.Response.class,
          org.apache.mesos.v1.master.Protos.Response.getDefaultInstance(),
          io.mezzo.api.v1.master.Event.class,
          org.apache.mesos.v1.master.Protos.Event.getDefaultInstance(),
          io.mezzo.api.v1.agent.Call.class,
          org.apache.mesos.v1.agent.Protos.Call.getDefaultInstance(),
          io.mezzo.api.v1.agent.Response.class,
          org.apache.mesos.v1.agent.Protos.Response.getDefaultInstance());

  private WireTypes() {}

  /**
   * The empty official message for {@code record}.
   *
   * @throws IllegalArgumentException if the type has no protobuf form
   */
  public static Message prototype(Class<?> record) {
    Message m = PROTOTYPES.get(record);
    if (m == null) {
      throw new IllegalArgumentException(record.getName() + " has no protobuf form");
    }
    return m;
  }

  public static boolean hasProtobufForm(Class<?> record) {
    return PROTOTYPES.containsKey(record);
  }
}
