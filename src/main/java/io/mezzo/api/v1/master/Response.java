package io.mezzo.api.v1.master;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.AgentInfo;
import io.mezzo.api.v1.DrainInfo;
import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.FileInfo;
import io.mezzo.api.v1.Flag;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.MasterInfo;
import io.mezzo.api.v1.Metric;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.Role;
import io.mezzo.api.v1.Task;
import io.mezzo.api.v1.TimeInfo;
import io.mezzo.api.v1.VersionInfo;
import java.util.List;

/**
 * The answer to a synchronous operator call ({@code mesos.v1.master.Response}): the type of the
 * call and one body named after it. Build them with the static factories.
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
    GetAgents getAgents,
    GetFrameworks getFrameworks,
    GetExecutors getExecutors,
    GetTasks getTasks,
    GetRoles getRoles,
    GetMaster getMaster,
    GetLoggingLevel getLoggingLevel,
    GetOperations getOperations,
    GetWeights getWeights,
    GetMaintenanceStatus getMaintenanceStatus,
    GetMaintenanceSchedule getMaintenanceSchedule,
    GetQuota getQuota) {

  /** The response types of the 1.11 protos, same names. */
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
    GET_AGENTS,
    GET_FRAMEWORKS,
    GET_EXECUTORS,
    GET_OPERATIONS,
    GET_TASKS,
    GET_ROLES,
    GET_WEIGHTS,
    GET_MASTER,
    GET_MAINTENANCE_STATUS,
    GET_MAINTENANCE_SCHEDULE,
    GET_QUOTA
  }

  public record GetHealth(Boolean healthy) {}

  public record GetFlags(List<Flag> flags) {}

  public record GetVersion(VersionInfo versionInfo) {}

  public record GetMetrics(List<Metric> metrics) {}

  public record ListFiles(List<FileInfo> fileInfos) {}

  /** {@code data} is Base64, as every {@code bytes} field. */
  public record ReadFile(Long size, String data) {}

  public record GetState(
      GetTasks getTasks,
      GetExecutors getExecutors,
      GetFrameworks getFrameworks,
      GetAgents getAgents) {}

  public record GetAgents(List<Agent> agents, List<AgentInfo> recoveredAgents) {
    /** One registered agent. {@code version} is what the agent reported when it registered. */
    public record Agent(
        AgentInfo agentInfo,
        Boolean active,
        Boolean deactivated,
        String version,
        String pid,
        TimeInfo registeredTime,
        TimeInfo reregisteredTime,
        List<Resource> totalResources,
        List<Resource> allocatedResources,
        List<Resource> offeredResources,
        DrainInfo drainInfo) {}
  }

  public record GetFrameworks(List<Framework> frameworks, List<Framework> completedFrameworks) {
    /** One framework; {@code active} means connected and not deactivated. */
    public record Framework(
        FrameworkInfo frameworkInfo,
        Boolean active,
        Boolean connected,
        Boolean recovered,
        TimeInfo registeredTime,
        TimeInfo reregisteredTime,
        TimeInfo unregisteredTime,
        List<Offer> offers,
        List<Resource> allocatedResources,
        List<Resource> offeredResources) {}
  }

  public record GetExecutors(List<Executor> executors) {
    public record Executor(ExecutorInfo executorInfo, AgentId agentId) {}
  }

  public record GetTasks(
      List<Task> tasks, List<Task> unreachableTasks, List<Task> completedTasks) {}

  public record GetRoles(List<Role> roles) {}

  /** Who leads; times are epoch seconds. */
  public record GetMaster(MasterInfo masterInfo, Double startTime, Double electedTime) {}

  /** The node's glog-style verbosity, 0 unless raised for a while. */
  public record GetLoggingLevel(Integer level) {}

  /**
   * The operations with feedback the master keeps (those whose latest status the framework has not
   * acknowledged); {@code operations} is null when there are none, so the body prints as Mesos
   * prints it, an empty object.
   */
  public record GetOperations(List<Operation> operations) {}

  /** {@code mesos.v1.Operation}: an offer operation with feedback and its statuses. */
  public record Operation(
      io.mezzo.api.v1.FrameworkId frameworkId,
      io.mezzo.api.v1.AgentId agentId,
      io.mezzo.api.v1.scheduler.Call.Operation info,
      io.mezzo.api.v1.OperationStatus latestStatus,
      List<io.mezzo.api.v1.OperationStatus> statuses,
      io.mezzo.api.v1.OperationStatus.Uuid uuid) {}

  /** The configured role weights ({@code weight_infos}); roles not listed weigh 1.0. */
  public record GetWeights(List<WeightInfo> weightInfos) {
    /** {@code mesos.v1.WeightInfo}. */
    public record WeightInfo(Double weight, String role) {}
  }

  /** {@code status}: a {@code maintenance.ClusterStatus}. */
  public record GetMaintenanceStatus(MaintenanceStatus status) {}

  /** {@code schedule}: a {@code maintenance.Schedule}. */
  public record GetMaintenanceSchedule(MaintenanceSchedule schedule) {}

  /** {@code status}: a {@code quota.QuotaStatus}. */
  public record GetQuota(QuotaStatus status) {}

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

  public static Response listFiles(List<FileInfo> files) {
    return of(Type.LIST_FILES, new ListFiles(files));
  }

  public static Response readFile(long size, String base64) {
    return of(Type.READ_FILE, new ReadFile(size, base64));
  }

  public static Response state(GetState state) {
    return of(Type.GET_STATE, state);
  }

  public static Response agents(GetAgents agents) {
    return of(Type.GET_AGENTS, agents);
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

  public static Response roles(List<Role> roles) {
    return of(Type.GET_ROLES, new GetRoles(roles));
  }

  public static Response master(GetMaster master) {
    return of(Type.GET_MASTER, master);
  }

  public static Response loggingLevel(int level) {
    return of(Type.GET_LOGGING_LEVEL, new GetLoggingLevel(level));
  }

  /** No operations (an agent's answer: its operations are the master's to keep). */
  public static Response operations() {
    return operations(List.of());
  }

  public static Response operations(List<Operation> operations) {
    return of(Type.GET_OPERATIONS, new GetOperations(operations.isEmpty() ? null : operations));
  }

  public static Response weights(List<GetWeights.WeightInfo> weights) {
    return of(Type.GET_WEIGHTS, new GetWeights(weights));
  }

  public static Response maintenanceStatus(MaintenanceStatus status) {
    return of(Type.GET_MAINTENANCE_STATUS, new GetMaintenanceStatus(status));
  }

  public static Response maintenanceSchedule(MaintenanceSchedule schedule) {
    return of(Type.GET_MAINTENANCE_SCHEDULE, new GetMaintenanceSchedule(schedule));
  }

  public static Response quota(QuotaStatus status) {
    return of(Type.GET_QUOTA, new GetQuota(status));
  }

  /**
   * A response of {@code type} whose one body is {@code body}: each body has a record type of its
   * own, so the body's class says which field it fills.
   */
  private static Response of(Type type, Object body) {
    return new Response(
        type,
        body instanceof GetHealth b ? b : null,
        body instanceof GetFlags b ? b : null,
        body instanceof GetVersion b ? b : null,
        body instanceof GetMetrics b ? b : null,
        body instanceof ListFiles b ? b : null,
        body instanceof ReadFile b ? b : null,
        body instanceof GetState b ? b : null,
        body instanceof GetAgents b ? b : null,
        body instanceof GetFrameworks b ? b : null,
        body instanceof GetExecutors b ? b : null,
        body instanceof GetTasks b ? b : null,
        body instanceof GetRoles b ? b : null,
        body instanceof GetMaster b ? b : null,
        body instanceof GetLoggingLevel b ? b : null,
        body instanceof GetOperations b ? b : null,
        body instanceof GetWeights b ? b : null,
        body instanceof GetMaintenanceStatus b ? b : null,
        body instanceof GetMaintenanceSchedule b ? b : null,
        body instanceof GetQuota b ? b : null);
  }
}
