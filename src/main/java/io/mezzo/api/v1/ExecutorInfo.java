package io.mezzo.api.v1;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * An executor ({@code mesos.v1.ExecutorInfo}): the built-in command executor of a command task (its
 * id is the task's id), a custom executor a framework ships ({@code CUSTOM}, with a command), or
 * the default executor that runs task groups ({@code DEFAULT}, no command).
 */
public record ExecutorInfo(
    Type type,
    ExecutorId executorId,
    FrameworkId frameworkId,
    CommandInfo command,
    ContainerInfo container,
    List<Resource> resources,
    String name,
    String source,
    String data,
    JsonNode discovery,
    DurationInfo shutdownGracePeriod,
    Labels labels) {

  /** {@code mesos.v1.ExecutorInfo.Type}. */
  public enum Type {
    UNKNOWN,
    DEFAULT,
    CUSTOM
  }

  public ExecutorInfo {
    resources = resources == null ? List.of() : List.copyOf(resources);
  }

  /** An executor as operators see it, without the fields only a framework sets. */
  public ExecutorInfo(
      Type type,
      ExecutorId executorId,
      FrameworkId frameworkId,
      CommandInfo command,
      ContainerInfo container,
      List<Resource> resources,
      String name,
      Labels labels) {
    this(
        type,
        executorId,
        frameworkId,
        command,
        container,
        resources,
        name,
        null,
        null,
        null,
        null,
        labels);
  }

  /** The type, with Mesos's rule for an unset one: CUSTOM if it has a command, else unknown. */
  public Type effectiveType() {
    if (type != null && type != Type.UNKNOWN) {
      return type;
    }
    return command != null ? Type.CUSTOM : Type.UNKNOWN;
  }

  public ExecutorInfo withFrameworkId(FrameworkId id) {
    return new ExecutorInfo(
        type,
        executorId,
        id,
        command,
        container,
        resources,
        name,
        source,
        data,
        discovery,
        shutdownGracePeriod,
        labels);
  }
}
