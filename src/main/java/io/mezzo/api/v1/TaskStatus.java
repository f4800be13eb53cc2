package io.mezzo.api.v1;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A task status update ({@code mesos.v1.TaskStatus}). A status with a {@code uuid} (16 bytes,
 * Base64) must be acknowledged by the framework; master-generated ones carry none.
 */
public record TaskStatus(
    TaskId taskId,
    TaskState state,
    String message,
    Source source,
    Reason reason,
    String data,
    AgentId agentId,
    ExecutorId executorId,
    Double timestamp,
    String uuid,
    Boolean healthy,
    Labels labels,
    ContainerStatus containerStatus,
    TimeInfo unreachableTime,
    JsonNode limitation,
    CheckStatusInfo checkStatus) {

  public enum Source {
    SOURCE_MASTER,
    SOURCE_AGENT,
    SOURCE_EXECUTOR
  }

  /** The reasons known to the Mesos 1.11 protos; no others are ever sent. */
  public enum Reason {
    REASON_COMMAND_EXECUTOR_FAILED,
    REASON_CONTAINER_LAUNCH_FAILED,
    REASON_CONTAINER_LIMITATION,
    REASON_CONTAINER_LIMITATION_DISK,
    REASON_CONTAINER_LIMITATION_MEMORY,
    REASON_CONTAINER_PREEMPTED,
    REASON_CONTAINER_UPDATE_FAILED,
    REASON_MAX_COMPLETION_TIME_REACHED,
    REASON_EXECUTOR_REGISTRATION_TIMEOUT,
    REASON_EXECUTOR_REREGISTRATION_TIMEOUT,
    REASON_EXECUTOR_TERMINATED,
    REASON_EXECUTOR_UNREGISTERED,
    REASON_FRAMEWORK_REMOVED,
    REASON_GC_ERROR,
    REASON_INVALID_FRAMEWORKID,
    REASON_INVALID_OFFERS,
    REASON_IO_SWITCHBOARD_EXITED,
    REASON_MASTER_DISCONNECTED,
    REASON_RECONCILIATION,
    REASON_RESOURCES_UNKNOWN,
    REASON_AGENT_DISCONNECTED,
    REASON_AGENT_DRAINING,
    REASON_AGENT_REMOVED,
    REASON_AGENT_REMOVED_BY_OPERATOR,
    REASON_AGENT_REREGISTERED,
    REASON_AGENT_RESTARTED,
    REASON_AGENT_UNKNOWN,
    REASON_TASK_KILLED_DURING_LAUNCH,
    REASON_TASK_CHECK_STATUS_UPDATED,
    REASON_TASK_HEALTH_CHECK_STATUS_UPDATED,
    REASON_TASK_GROUP_INVALID,
    REASON_TASK_GROUP_UNAUTHORIZED,
    REASON_TASK_INVALID,
    REASON_TASK_UNAUTHORIZED,
    REASON_TASK_UNKNOWN
  }

  /** The container a task runs in, and its addresses. */
  public record ContainerStatus(
      ContainerId containerId, List<NetworkInfo> networkInfos, Integer executorPid) {}

  /** IP addresses of a container. */
  public record NetworkInfo(List<IpAddress> ipAddresses) {}

  /**
   * One address. {@code protocol} is the proto enum {@code NetworkInfo.Protocol}, so a strict
   * client parser accepts only these two names.
   */
  public record IpAddress(Protocol protocol, String ipAddress) {
    public static IpAddress ipv4(String address) {
      return new IpAddress(Protocol.IPv4, address);
    }
  }

  /** {@code mesos.v1.NetworkInfo.Protocol}; the names are mixed case on the wire. */
  public enum Protocol {
    IPv4,
    IPv6
  }

  public static Builder builder(TaskId taskId, TaskState state) {
    return new Builder(taskId, state);
  }

  /** A copy with another state, as frameworks without PARTITION_AWARE must see it. */
  public TaskStatus withState(TaskState newState) {
    return new TaskStatus(
        taskId,
        newState,
        message,
        source,
        reason,
        data,
        agentId,
        executorId,
        timestamp,
        uuid,
        healthy,
        labels,
        containerStatus,
        unreachableTime,
        limitation,
        checkStatus);
  }

  /** A copy naming another agent. */
  public TaskStatus withAgentId(AgentId newAgentId) {
    return new TaskStatus(
        taskId,
        state,
        message,
        source,
        reason,
        data,
        newAgentId,
        executorId,
        timestamp,
        uuid,
        healthy,
        labels,
        containerStatus,
        unreachableTime,
        limitation,
        checkStatus);
  }

  /** A copy without uuid, for replies that must not be acknowledged (reconciliation). */
  public TaskStatus forReconciliation(double now) {
    return new TaskStatus(
        taskId,
        state,
        "Reconciliation: Latest task state",
        Source.SOURCE_MASTER,
        Reason.REASON_RECONCILIATION,
        null,
        agentId,
        executorId,
        now,
        null,
        healthy,
        labels,
        containerStatus,
        unreachableTime,
        null,
        checkStatus);
  }

  /** Builds statuses without a wall of nulls. */
  public static final class Builder {
    private final TaskId taskId;
    private final TaskState state;
    private String message;
    private Source source;
    private Reason reason;
    private AgentId agentId;
    private ExecutorId executorId;
    private Double timestamp;
    private String uuid;
    private ContainerStatus containerStatus;
    private TimeInfo unreachableTime;
    private Boolean healthy;
    private JsonNode limitation;
    private CheckStatusInfo checkStatus;

    private Builder(TaskId taskId, TaskState state) {
      this.taskId = taskId;
      this.state = state;
    }

    public Builder message(String m) {
      this.message = m;
      return this;
    }

    public Builder source(Source s) {
      this.source = s;
      return this;
    }

    public Builder reason(Reason r) {
      this.reason = r;
      return this;
    }

    public Builder agentId(AgentId a) {
      this.agentId = a;
      return this;
    }

    public Builder executorId(ExecutorId e) {
      this.executorId = e;
      return this;
    }

    public Builder timestamp(double t) {
      this.timestamp = t;
      return this;
    }

    public Builder uuid(String u) {
      this.uuid = u;
      return this;
    }

    public Builder containerStatus(ContainerStatus c) {
      this.containerStatus = c;
      return this;
    }

    public Builder unreachableTime(TimeInfo t) {
      this.unreachableTime = t;
      return this;
    }

    /** {@code TaskResourceLimitation}: {@code {"resources": [...]}} that a container exceeded. */
    public Builder limitation(JsonNode l) {
      this.limitation = l;
      return this;
    }

    /** The latest result of the task's general check ({@code check_status}). */
    public Builder checkStatus(CheckStatusInfo c) {
      this.checkStatus = c;
      return this;
    }

    public Builder healthy(Boolean h) {
      this.healthy = h;
      return this;
    }

    public TaskStatus build() {
      return new TaskStatus(
          taskId,
          state,
          message,
          source,
          reason,
          null,
          agentId,
          executorId,
          timestamp,
          uuid,
          healthy,
          null,
          containerStatus,
          unreachableTime,
          limitation,
          checkStatus);
    }
  }
}
