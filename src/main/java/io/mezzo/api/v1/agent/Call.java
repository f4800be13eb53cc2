package io.mezzo.api.v1.agent;

import io.mezzo.api.v1.ContainerId;
import io.mezzo.api.v1.DurationInfo;

/**
 * An operator call to an agent ({@code mesos.v1.agent.Call}). Every type of the 1.11 protos is
 * listed so that a known but unsupported call can be told apart from a misspelt one; the bodies
 * modelled are those Mezzo implements (the body of a type Mezzo answers 501 is not read).
 */
public record Call(
    Type type,
    GetMetrics getMetrics,
    SetLoggingLevel setLoggingLevel,
    ListFiles listFiles,
    ReadFile readFile,
    WaitContainer waitContainer,
    KillContainer killContainer) {

  /** A call with only the bodies of the file and metrics calls, as the master's proxy builds. */
  public Call(Type type, GetMetrics getMetrics, ListFiles listFiles, ReadFile readFile) {
    this(type, getMetrics, null, listFiles, readFile, null, null);
  }

  public enum Type {
    UNKNOWN,
    GET_HEALTH,
    GET_FLAGS,
    GET_VERSION,
    GET_METRICS,
    GET_LOGGING_LEVEL,
    SET_LOGGING_LEVEL,
    LIST_FILES,
    READ_FILE,
    GET_STATE,
    GET_CONTAINERS,
    GET_FRAMEWORKS,
    GET_EXECUTORS,
    GET_OPERATIONS,
    GET_TASKS,
    GET_AGENT,
    GET_RESOURCE_PROVIDERS,
    LAUNCH_NESTED_CONTAINER,
    WAIT_NESTED_CONTAINER,
    KILL_NESTED_CONTAINER,
    REMOVE_NESTED_CONTAINER,
    LAUNCH_NESTED_CONTAINER_SESSION,
    ATTACH_CONTAINER_INPUT,
    ATTACH_CONTAINER_OUTPUT,
    LAUNCH_CONTAINER,
    WAIT_CONTAINER,
    KILL_CONTAINER,
    REMOVE_CONTAINER,
    ADD_RESOURCE_PROVIDER_CONFIG,
    UPDATE_RESOURCE_PROVIDER_CONFIG,
    REMOVE_RESOURCE_PROVIDER_CONFIG,
    MARK_RESOURCE_PROVIDER_GONE,
    PRUNE_IMAGES
  }

  public record GetMetrics(DurationInfo timeout) {}

  /** Both fields are required: the glog-style level, and how long it holds before reverting. */
  public record SetLoggingLevel(Integer level, DurationInfo duration) {}

  public record ListFiles(String path) {}

  public record ReadFile(String path, Long offset, Long length) {}

  public record WaitContainer(ContainerId containerId) {}

  /** {@code signal} is a POSIX signal number; absent means SIGKILL. */
  public record KillContainer(ContainerId containerId, Integer signal) {}

  public static Call of(Type type) {
    return new Call(type, null, null, null);
  }

  public static Call setLoggingLevel(int level, DurationInfo duration) {
    return new Call(
        Type.SET_LOGGING_LEVEL, null, new SetLoggingLevel(level, duration), null, null, null, null);
  }

  public static Call waitContainer(ContainerId id) {
    return new Call(Type.WAIT_CONTAINER, null, null, null, null, new WaitContainer(id), null);
  }

  public static Call killContainer(ContainerId id, Integer signal) {
    return new Call(
        Type.KILL_CONTAINER, null, null, null, null, null, new KillContainer(id, signal));
  }
}
