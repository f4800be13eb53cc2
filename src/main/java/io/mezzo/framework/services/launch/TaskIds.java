package io.mezzo.framework.services.launch;

import io.mezzo.api.v1.TaskId;
import io.mezzo.framework.services.app.PathId;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

/**
 * Task ids of the services framework, in Marathon's form {@code <app safe name>.<uuid>} ({@code
 * prod_web.6f1c…}): the app can be read back from the id alone, as reconciliation needs after a
 * failover, because app id segments never contain '_' and a UUID never contains '.'.
 */
public final class TaskIds {
  private TaskIds() {}

  public static TaskId of(PathId app, UUID uuid) {
    if (app.isRoot()) {
      throw new IllegalArgumentException("the root group has no tasks");
    }
    return TaskId.of(app.safeName() + "." + uuid);
  }

  /** The app of a task id made by {@link #of}; empty for an id of another form. */
  public static Optional<PathId> appOf(TaskId taskId) {
    String id = taskId.value();
    int dot = id.lastIndexOf('.');
    if (dot <= 0) {
      return Optional.empty();
    }
    try {
      UUID.fromString(id.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    String[] segments = id.substring(0, dot).split("_", -1);
    if (Arrays.stream(segments).anyMatch(s -> !PathId.validSegment(s))) {
      return Optional.empty();
    }
    return Optional.of(new PathId(Arrays.asList(segments)));
  }
}
