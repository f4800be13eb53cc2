package io.mezzo.api.v1;

import java.util.List;

/**
 * An executor ({@code mesos.v1.ExecutorInfo}) as operators see it. Mezzo runs only the built-in
 * command executor, whose id is the task's id.
 */
public record ExecutorInfo(
    Type type,
    ExecutorId executorId,
    FrameworkId frameworkId,
    CommandInfo command,
    ContainerInfo container,
    List<Resource> resources,
    String name,
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
}
