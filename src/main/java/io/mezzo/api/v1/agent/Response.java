package io.mezzo.api.v1.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.api.v1.AgentInfo;
import io.mezzo.api.v1.ContainerId;
import io.mezzo.api.v1.DrainInfo;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.FileInfo;
import io.mezzo.api.v1.Flag;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.Metric;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.ResourceStatistics;
import io.mezzo.api.v1.Task;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.api.v1.TimeInfo;
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
    GetContainers getContainers,
    GetFrameworks getFrameworks,
    GetExecutors getExecutors,
    GetLoggingLevel getLoggingLevel,
    GetTasks getTasks,
    GetAgent getAgent,
    GetOperations getOperations,
    GetResourceProviders getResourceProviders,
    WaitContainer waitContainer) {

  /** The response types Mezzo answers with (a subset of the proto's, same names). */
  public enum Type {
    UNKNOWN,
    GET_HEALTH,
    GET_FLAGS,
    GET_VERSION,
    GET_METRICS,
    GET_LOGGING_LEVEL,
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
    WAIT_CONTAINER
  }

  public record GetHealth(Boolean healthy) {}

  public record GetFlags(List<Flag> flags) {}

  public record GetVersion(VersionInfo versionInfo) {}

  public record GetMetrics(List<Metric> metrics) {}

  /** The glog-style verbosity, 0 being the configured default. */
  public record GetLoggingLevel(Integer level) {}

  public record ListFiles(List<FileInfo> fileInfos) {}

  /** {@code data} is Base64, as every {@code bytes} field. */
  public record ReadFile(Long size, String data) {}

  public record GetState(
      GetTasks getTasks, GetExecutors getExecutors, GetFrameworks getFrameworks) {}

  /**
   * Tasks by phase, as a Mesos agent splits them: {@code pending_tasks} are accepted but have no
   * container yet, {@code queued_tasks} wait for their executor to start them, {@code
   * launched_tasks} were handed to their executor and have not ended, {@code terminated_tasks}
   * ended but their terminal update is not yet acknowledged, {@code completed_tasks} are done.
   */
  public record GetTasks(
      List<Task> pendingTasks,
      List<Task> queuedTasks,
      List<Task> launchedTasks,
      List<Task> terminatedTasks,
      List<Task> completedTasks) {}

  /**
   * The agent's own description; {@code drain_config} and {@code estimated_drain_start_time} are
   * present only while the agent is told to drain.
   */
  public record GetAgent(
      AgentInfo agentInfo, DrainInfo.DrainConfig drainConfig, TimeInfo estimatedDrainStartTime) {}

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

  /**
   * The operations on the agent's resources Mesos tracks for operation feedback. Mezzo's agents
   * track none (they have no resource providers and apply no offer operations themselves), so the
   * list is always empty; its elements would be {@code mesos.v1.Operation}.
   */
  public record GetOperations(List<JsonNode> operations) {}

  /**
   * The agent's local resource providers; always empty, as Mezzo has none. Elements would be {@code
   * {resource_provider_info, total_resources}}.
   */
  public record GetResourceProviders(List<JsonNode> resourceProviders) {}

  /**
   * How a container ended. {@code exitStatus} is a {@code wait(2)} status (the exit code in bits
   * 8–15); {@code state}, {@code reason} and {@code limitation} are set only when the agent ended
   * the container for exceeding a resource limit, as in Mesos.
   */
  public record WaitContainer(
      Integer exitStatus,
      TaskState state,
      TaskStatus.Reason reason,
      Limitation limitation,
      String message) {
    /** {@code TaskResourceLimitation}: the resources the container exceeded. */
    public record Limitation(List<Resource> resources) {}
  }

  public static Response health(boolean healthy) {
    return of(Type.GET_HEALTH, new GetHealth(healthy));
  }

  public static Response flags(List<Flag> flags) {
    return of(Type.GET_FLAGS, new GetFlags(flags));
  }

  public static Response version(VersionInfo info) {
    return of(Type.GET_VERSION, new GetVersion(info));
  }

  public static Response metrics(List<Metric> metrics) {
    return of(Type.GET_METRICS, new GetMetrics(metrics));
  }

  public static Response loggingLevel(int level) {
    return of(Type.GET_LOGGING_LEVEL, new GetLoggingLevel(level));
  }

  public static Response operations() {
    return of(Type.GET_OPERATIONS, new GetOperations(List.of()));
  }

  public static Response resourceProviders() {
    return of(Type.GET_RESOURCE_PROVIDERS, new GetResourceProviders(List.of()));
  }

  public static Response waitContainer(WaitContainer ended) {
    return of(Type.WAIT_CONTAINER, ended);
  }

  public static Response listFiles(List<FileInfo> files) {
    return of(Type.LIST_FILES, new ListFiles(files));
  }

  public static Response readFile(long size, String base64) {
    return of(Type.READ_FILE, new ReadFile(size, base64));
  }

  public static Response state(GetState state) {
    return of(Type.GET_STATE, state);
  }

  public static Response containers(List<GetContainers.Container> containers) {
    return of(Type.GET_CONTAINERS, new GetContainers(containers));
  }

  public static Response frameworks(GetFrameworks frameworks) {
    return of(Type.GET_FRAMEWORKS, frameworks);
  }

  public static Response executors(GetExecutors executors) {
    return of(Type.GET_EXECUTORS, executors);
  }

  public static Response tasks(GetTasks tasks) {
    return of(Type.GET_TASKS, tasks);
  }

  public static Response agent(GetAgent agent) {
    return of(Type.GET_AGENT, agent);
  }

  /** A response of {@code type} whose one set field is {@code part} (the field of that type). */
  private static Response of(Type type, Object part) {
    return new Response(
        type,
        part instanceof GetHealth p ? p : null,
        part instanceof GetFlags p ? p : null,
        part instanceof GetVersion p ? p : null,
        part instanceof GetMetrics p ? p : null,
        part instanceof ListFiles p ? p : null,
        part instanceof ReadFile p ? p : null,
        part instanceof GetState p ? p : null,
        part instanceof GetContainers p ? p : null,
        part instanceof GetFrameworks p ? p : null,
        part instanceof GetExecutors p ? p : null,
        part instanceof GetLoggingLevel p ? p : null,
        part instanceof GetTasks p ? p : null,
        part instanceof GetAgent p ? p : null,
        part instanceof GetOperations p ? p : null,
        part instanceof GetResourceProviders p ? p : null,
        part instanceof WaitContainer p ? p : null);
  }
}
