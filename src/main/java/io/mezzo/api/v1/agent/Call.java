package io.mezzo.api.v1.agent;

import io.mezzo.api.v1.DurationInfo;

/**
 * An operator call to an agent ({@code mesos.v1.agent.Call}). Every type of the 1.11 protos is
 * listed so that a known but unsupported call can be told apart from a misspelt one; the bodies
 * modelled are those Mezzo implements.
 */
public record Call(Type type, GetMetrics getMetrics, ListFiles listFiles, ReadFile readFile) {

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

  public record ListFiles(String path) {}

  public record ReadFile(String path, Long offset, Long length) {}

  public static Call of(Type type) {
    return new Call(type, null, null, null);
  }
}
