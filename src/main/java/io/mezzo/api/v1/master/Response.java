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
    GetMaster getMaster) {

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
    GET_AGENTS,
    GET_FRAMEWORKS,
    GET_EXECUTORS,
    GET_TASKS,
    GET_ROLES,
    GET_MASTER
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

  public static Response health(boolean healthy) {
    return new Response(
        Type.GET_HEALTH,
        new GetHealth(healthy),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  public static Response flags(List<Flag> flags) {
    return new Response(
        Type.GET_FLAGS,
        null,
        new GetFlags(flags),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  public static Response version(VersionInfo info) {
    return new Response(
        Type.GET_VERSION,
        null,
        null,
        new GetVersion(info),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  public static Response metrics(List<Metric> metrics) {
    return new Response(
        Type.GET_METRICS,
        null,
        null,
        null,
        new GetMetrics(metrics),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  public static Response listFiles(List<FileInfo> files) {
    return new Response(
        Type.LIST_FILES,
        null,
        null,
        null,
        null,
        new ListFiles(files),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  public static Response readFile(long size, String base64) {
    return new Response(
        Type.READ_FILE,
        null,
        null,
        null,
        null,
        null,
        new ReadFile(size, base64),
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  public static Response state(GetState state) {
    return new Response(
        Type.GET_STATE,
        null,
        null,
        null,
        null,
        null,
        null,
        state,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  public static Response agents(GetAgents agents) {
    return new Response(
        Type.GET_AGENTS,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        agents,
        null,
        null,
        null,
        null,
        null);
  }

  public static Response frameworks(GetFrameworks frameworks) {
    return new Response(
        Type.GET_FRAMEWORKS,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        frameworks,
        null,
        null,
        null,
        null);
  }

  public static Response executors(GetExecutors executors) {
    return new Response(
        Type.GET_EXECUTORS,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        executors,
        null,
        null,
        null);
  }

  public static Response tasks(GetTasks tasks) {
    return new Response(
        Type.GET_TASKS,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        tasks,
        null,
        null);
  }

  public static Response roles(List<Role> roles) {
    return new Response(
        Type.GET_ROLES,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        new GetRoles(roles),
        null);
  }

  public static Response master(GetMaster master) {
    return new Response(
        Type.GET_MASTER,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        master);
  }
}
