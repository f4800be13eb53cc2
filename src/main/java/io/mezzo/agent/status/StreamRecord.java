package io.mezzo.agent.status;

import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.TaskStatus;

/**
 * One entry of a checkpointed status update stream ({@code task.updates}): an update as it was
 * stamped, or the acknowledgement of one. Stored as RecordIO-framed Mesos JSON, like Mesos's {@code
 * StatusUpdateRecord}.
 */
record StreamRecord(Type type, FrameworkId frameworkId, TaskStatus status, String uuid) {
  enum Type {
    UPDATE,
    ACK
  }

  static StreamRecord update(FrameworkId framework, TaskStatus status) {
    return new StreamRecord(Type.UPDATE, framework, status, null);
  }

  static StreamRecord ack(String uuid) {
    return new StreamRecord(Type.ACK, null, null, uuid);
  }
}
