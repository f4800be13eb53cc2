package io.mezzo.api.v1.agent;

import io.mezzo.api.v1.ContainerId;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.FileInfo;
import io.mezzo.api.v1.Flag;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.Metric;
import io.mezzo.api.v1.ResourceStatistics;
import io.mezzo.api.v1.Task;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.api.v1.VersionInfo;
import java.util.List;

/**
 * The answer to a synchronous operator call on an agent ({@code mesos.v1.agent.Response}). Build
 * them with the static factories.
 */
public record Response(
    Type type,
    GetHealth getHealth,
    GetFlags getFlags,
    GetVersion getVersion,
    GetMetrics getMetrics,
    ListFiles listFiles,
    ReadFile readFile,
    GetState getState,
    GetContainers getContainers) {

  /** The response types Mezzo answers with (a subset of the proto's, same names). */
  public enum Type {
    UNKNOWN,
    GET_HEALTH,
    GET_FLAGS,
    GET_VERSION,
    GET_METRICS,
    LIST_FILES,
    READ_FILE,
    GET_STATE,
    GET_CONTAINERS
  }

  public record GetHealth(Boolean healthy) {}

  public record GetFlags(List<Flag> flags) {}

  public record GetVersion(VersionInfo versionInfo) {}

  public record GetMetrics(List<Metric> metrics) {}

  public record ListFiles(List<FileInfo> fileInfos) {}

  /** {@code data} is Base64, as every {@code bytes} field. */
  public record ReadFile(Long size, String data) {}

  public record GetState(
      GetTasks getTasks, GetExecutors getExecutors, GetFrameworks getFrameworks) {}

  /**
   * Tasks by phase: {@code launched_tasks} have a container and have not ended, {@code
   * terminated_tasks} ended but their terminal update is not yet acknowledged, {@code
   * completed_tasks} are done.
   */
  public record GetTasks(
      List<Task> launchedTasks, List<Task> terminatedTasks, List<Task> completedTasks) {}

  public record GetExecutors(List<Executor> executors, List<Executor> completedExecutors) {
    public record Executor(ExecutorInfo executorInfo) {}
  }

  public record GetFrameworks(List<Framework> frameworks, List<Framework> completedFrameworks) {
    public record Framework(FrameworkInfo frameworkInfo) {}
  }

  public record GetContainers(List<Container> containers) {
    public record Container(
        FrameworkId frameworkId,
        ExecutorId executorId,
        String executorName,
        ContainerId containerId,
        TaskStatus.ContainerStatus containerStatus,
        ResourceStatistics resourceStatistics) {}
  }

  public static Response health(boolean healthy) {
    return new Response(
        Type.GET_HEALTH, new GetHealth(healthy), null, null, null, null, null, null, null);
  }

  public static Response flags(List<Flag> flags) {
    return new Response(
        Type.GET_FLAGS, null, new GetFlags(flags), null, null, null, null, null, null);
  }

  public static Response version(VersionInfo info) {
    return new Response(
        Type.GET_VERSION, null, null, new GetVersion(info), null, null, null, null, null);
  }

  public static Response metrics(List<Metric> metrics) {
    return new Response(
        Type.GET_METRICS, null, null, null, new GetMetrics(metrics), null, null, null, null);
  }

  public static Response listFiles(List<FileInfo> files) {
    return new Response(
        Type.LIST_FILES, null, null, null, null, new ListFiles(files), null, null, null);
  }

  public static Response readFile(long size, String base64) {
    return new Response(
        Type.READ_FILE, null, null, null, null, null, new ReadFile(size, base64), null, null);
  }

  public static Response state(GetState state) {
    return new Response(Type.GET_STATE, null, null, null, null, null, null, state, null);
  }

  public static Response containers(List<GetContainers.Container> containers) {
    return new Response(
        Type.GET_CONTAINERS,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        new GetContainers(containers));
  }
}
