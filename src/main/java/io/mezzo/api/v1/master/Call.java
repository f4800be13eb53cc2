package io.mezzo.api.v1.master;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.DurationInfo;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.MachineId;
import io.mezzo.api.v1.Resource;
import java.util.List;

/**
 * An operator call to the master ({@code mesos.v1.master.Call}): a type and one body named after it
 * in snake_case. Every type of the 1.11 protos is listed so that a known but unsupported call can
 * be told apart from a misspelt one; the bodies modelled are those Mezzo implements.
 */
public record Call(
    Type type,
    GetMetrics getMetrics,
    ListFiles listFiles,
    ReadFile readFile,
    DrainAgent drainAgent,
    AgentRef deactivateAgent,
    AgentRef reactivateAgent,
    Teardown teardown,
    AgentRef markAgentGone,
    SetLoggingLevel setLoggingLevel,
    UpdateWeights updateWeights,
    UpdateQuota updateQuota,
    SetQuota setQuota,
    RemoveQuota removeQuota,
    UpdateMaintenanceSchedule updateMaintenanceSchedule,
    Machines startMaintenance,
    Machines stopMaintenance,
    ReserveResources reserveResources,
    UnreserveResources unreserveResources,
    CreateVolumes createVolumes,
    DestroyVolumes destroyVolumes,
    GrowVolume growVolume,
    ShrinkVolume shrinkVolume) {

  /**
   * A call without a tenancy body (weights, quota, maintenance, reservations): every type but those
   * that carry one.
   */
  public Call(
      Type type,
      GetMetrics getMetrics,
      ListFiles listFiles,
      ReadFile readFile,
      DrainAgent drainAgent,
      AgentRef deactivateAgent,
      AgentRef reactivateAgent,
      Teardown teardown,
      AgentRef markAgentGone,
      SetLoggingLevel setLoggingLevel) {
    this(
        type,
        getMetrics,
        listFiles,
        readFile,
        drainAgent,
        deactivateAgent,
        reactivateAgent,
        teardown,
        markAgentGone,
        setLoggingLevel,
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
        null);
  }

  /** A call without a {@code set_logging_level} body (every type but SET_LOGGING_LEVEL). */
  public Call(
      Type type,
      GetMetrics getMetrics,
      ListFiles listFiles,
      ReadFile readFile,
      DrainAgent drainAgent,
      AgentRef deactivateAgent,
      AgentRef reactivateAgent,
      Teardown teardown,
      AgentRef markAgentGone) {
    this(
        type,
        getMetrics,
        listFiles,
        readFile,
        drainAgent,
        deactivateAgent,
        reactivateAgent,
        teardown,
        markAgentGone,
        null);
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
    GET_AGENTS,
    GET_FRAMEWORKS,
    GET_EXECUTORS,
    GET_OPERATIONS,
    GET_TASKS,
    GET_ROLES,
    GET_WEIGHTS,
    UPDATE_WEIGHTS,
    GET_MASTER,
    SUBSCRIBE,
    RESERVE_RESOURCES,
    UNRESERVE_RESOURCES,
    CREATE_VOLUMES,
    DESTROY_VOLUMES,
    GROW_VOLUME,
    SHRINK_VOLUME,
    GET_MAINTENANCE_STATUS,
    GET_MAINTENANCE_SCHEDULE,
    UPDATE_MAINTENANCE_SCHEDULE,
    START_MAINTENANCE,
    STOP_MAINTENANCE,
    DRAIN_AGENT,
    DEACTIVATE_AGENT,
    REACTIVATE_AGENT,
    GET_QUOTA,
    UPDATE_QUOTA,
    SET_QUOTA,
    REMOVE_QUOTA,
    TEARDOWN,
    MARK_AGENT_GONE
  }

  /** {@code get_metrics{timeout}}; the timeout is accepted and ignored (metrics never wait). */
  public record GetMetrics(DurationInfo timeout) {}

  /** {@code list_files{path}}. */
  public record ListFiles(String path) {}

  /** {@code read_file{path, offset, length}}; a missing length reads to the end (capped). */
  public record ReadFile(String path, Long offset, Long length) {}

  /**
   * {@code drain_agent{agent_id, max_grace_period, mark_gone}}. {@code max_grace_period} is a
   * {@code google.protobuf.Duration}, written by Mesos as {@code {"seconds": N, "nanos": N}}.
   */
  public record DrainAgent(AgentId agentId, JsonNode maxGracePeriod, Boolean markGone) {}

  /** A body that names one agent: deactivate, reactivate, mark gone. */
  public record AgentRef(AgentId agentId) {}

  /**
   * {@code reserve_resources{agent_id, source, resources}}: dynamically reserve {@code resources}
   * (each with its new reservation on top) out of the agent's unallocated resources; {@code source}
   * (Mesos 1.9's re-reservation) is refused by Mezzo.
   */
  public record ReserveResources(
      AgentId agentId, List<Resource> source, List<Resource> resources) {}

  /** {@code unreserve_resources{agent_id, resources}}. */
  public record UnreserveResources(AgentId agentId, List<Resource> resources) {}

  public static Call reserveResources(AgentId agent, List<Resource> resources) {
    return reservation(Type.RESERVE_RESOURCES, new ReserveResources(agent, null, resources), null);
  }

  public static Call unreserveResources(AgentId agent, List<Resource> resources) {
    return reservation(Type.UNRESERVE_RESOURCES, null, new UnreserveResources(agent, resources));
  }

  /** {@code create_volumes{agent_id, volumes}}: persistent volumes on the agent's reserved disk. */
  public record CreateVolumes(AgentId agentId, List<Resource> volumes) {}

  /** {@code destroy_volumes{agent_id, volumes}}: the volumes become reserved disk again. */
  public record DestroyVolumes(AgentId agentId, List<Resource> volumes) {}

  /** {@code grow_volume{agent_id, volume, addition}}. */
  public record GrowVolume(AgentId agentId, Resource volume, Resource addition) {}

  /** {@code shrink_volume{agent_id, volume, subtract}}. */
  public record ShrinkVolume(
      AgentId agentId, Resource volume, io.mezzo.api.v1.Value.Scalar subtract) {}

  public static Call createVolumes(AgentId agent, List<Resource> volumes) {
    return volumes(Type.CREATE_VOLUMES, new CreateVolumes(agent, volumes), null, null, null);
  }

  public static Call destroyVolumes(AgentId agent, List<Resource> volumes) {
    return volumes(Type.DESTROY_VOLUMES, null, new DestroyVolumes(agent, volumes), null, null);
  }

  /** A call of the type with one volume body (the others null). */
  private static Call volumes(
      Type type,
      CreateVolumes create,
      DestroyVolumes destroy,
      GrowVolume grow,
      ShrinkVolume shrink) {
    return new Call(
        type, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, create, destroy, grow, shrink);
  }

  /** A call of the type with one reservation body (the other null). */
  private static Call reservation(
      Type type, ReserveResources reserve, UnreserveResources unreserve) {
    return new Call(
        type, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, reserve, unreserve, null, null, null, null);
  }

  /** {@code teardown{framework_id}}. */
  public record Teardown(FrameworkId frameworkId) {}

  /**
   * {@code set_logging_level{level, duration}}: both are required by the protos; the level holds
   * for the duration, then reverts to the node's original one.
   */
  public record SetLoggingLevel(Integer level, DurationInfo duration) {}

  /** {@code update_quota{force, quota_configs}} (Mesos 1.9+). */
  public record UpdateQuota(Boolean force, List<QuotaStatus.Config> quotaConfigs) {}

  /** {@code set_quota{quota_request}} (deprecated by UPDATE_QUOTA). */
  public record SetQuota(QuotaStatus.Request quotaRequest) {}

  /** {@code remove_quota{role}} (deprecated by UPDATE_QUOTA). */
  public record RemoveQuota(String role) {}

  /**
   * {@code update_weights{weight_infos}}: the roles' new weights; roles not named keep theirs. A
   * weight info is {@code mesos.v1.WeightInfo}, as GET_WEIGHTS answers it.
   */
  public record UpdateWeights(List<Response.GetWeights.WeightInfo> weightInfos) {
    public UpdateWeights {
      weightInfos = weightInfos == null ? List.of() : weightInfos;
    }
  }

  /** A call of the type with one weights or quota body (the others null). */
  private static Call tenancy(
      Type type, UpdateWeights weights, UpdateQuota update, SetQuota set, RemoveQuota remove) {
    return new Call(
        type, null, null, null, null, null, null, null, null, null, weights, update, set, remove,
        null, null, null, null, null, null, null, null, null);
  }

  /** A call of the type with one maintenance body (the others null). */
  private static Call maintenance(
      Type type, UpdateMaintenanceSchedule schedule, Machines start, Machines stop) {
    return new Call(
        type, null, null, null, null, null, null, null, null, null, null, null, null, null,
        schedule, start, stop, null, null, null, null, null, null);
  }

  public static Call updateWeights(List<Response.GetWeights.WeightInfo> weights) {
    return tenancy(Type.UPDATE_WEIGHTS, new UpdateWeights(weights), null, null, null);
  }

  public static Call updateQuota(boolean force, List<QuotaStatus.Config> configs) {
    return tenancy(Type.UPDATE_QUOTA, null, new UpdateQuota(force, configs), null, null);
  }

  public static Call setQuota(QuotaStatus.Request request) {
    return tenancy(Type.SET_QUOTA, null, null, new SetQuota(request), null);
  }

  public static Call removeQuota(String role) {
    return tenancy(Type.REMOVE_QUOTA, null, null, null, new RemoveQuota(role));
  }

  /** {@code update_maintenance_schedule{schedule}}. */
  public record UpdateMaintenanceSchedule(MaintenanceSchedule schedule) {}

  /** {@code start_maintenance{machines}} and {@code stop_maintenance{machines}}. */
  public record Machines(List<MachineId> machines) {}

  public static Call updateMaintenanceSchedule(MaintenanceSchedule schedule) {
    return maintenance(
        Type.UPDATE_MAINTENANCE_SCHEDULE, new UpdateMaintenanceSchedule(schedule), null, null);
  }

  /** START_MAINTENANCE ({@code down}) or STOP_MAINTENANCE of {@code machines}. */
  public static Call maintenance(boolean down, List<MachineId> machines) {
    Machines body = new Machines(machines);
    return down
        ? maintenance(Type.START_MAINTENANCE, null, body, null)
        : maintenance(Type.STOP_MAINTENANCE, null, null, body);
  }

  public static Call of(Type type) {
    return new Call(type, null, null, null, null, null, null, null, null, null);
  }

  public static Call setLoggingLevel(int level, DurationInfo duration) {
    return new Call(
        Type.SET_LOGGING_LEVEL,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        new SetLoggingLevel(level, duration));
  }
}
