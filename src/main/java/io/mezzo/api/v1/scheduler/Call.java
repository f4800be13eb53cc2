package io.mezzo.api.v1.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.Filters;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.KillPolicy;
import io.mezzo.api.v1.OfferId;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import java.util.List;

/**
 * A call from a scheduler to the master ({@code mesos.v1.scheduler.Call}): a type and one body
 * named after it in snake_case.
 */
public record Call(
    FrameworkId frameworkId,
    Type type,
    Subscribe subscribe,
    Accept accept,
    Decline decline,
    Revive revive,
    Suppress suppress,
    Kill kill,
    Shutdown shutdown,
    Acknowledge acknowledge,
    Reconcile reconcile,
    Message message,
    Request request,
    UpdateFramework updateFramework) {

  public enum Type {
    UNKNOWN,
    SUBSCRIBE,
    TEARDOWN,
    ACCEPT,
    DECLINE,
    ACCEPT_INVERSE_OFFERS,
    DECLINE_INVERSE_OFFERS,
    REVIVE,
    KILL,
    SHUTDOWN,
    ACKNOWLEDGE,
    ACKNOWLEDGE_OPERATION_STATUS,
    RECONCILE,
    RECONCILE_OPERATIONS,
    MESSAGE,
    REQUEST,
    SUPPRESS,
    UPDATE_FRAMEWORK
  }

  public record Subscribe(FrameworkInfo frameworkInfo, List<String> suppressedRoles) {
    public Subscribe {
      suppressedRoles = suppressedRoles == null ? List.of() : suppressedRoles;
    }
  }

  public record Accept(List<OfferId> offerIds, List<Operation> operations, Filters filters) {
    public Accept {
      offerIds = offerIds == null ? List.of() : offerIds;
      operations = operations == null ? List.of() : operations;
      filters = filters == null ? Filters.defaults() : filters;
    }
  }

  /** One offer operation ({@code mesos.v1.Offer.Operation}). */
  public record Operation(
      Operation.Type type,
      JsonNode id,
      Launch launch,
      JsonNode launchGroup,
      JsonNode reserve,
      JsonNode unreserve,
      JsonNode create,
      JsonNode destroy) {
    public enum Type {
      UNKNOWN,
      LAUNCH,
      LAUNCH_GROUP,
      RESERVE,
      UNRESERVE,
      CREATE,
      DESTROY,
      GROW_VOLUME,
      SHRINK_VOLUME,
      CREATE_DISK,
      DESTROY_DISK
    }

    public record Launch(List<TaskInfo> taskInfos) {
      public Launch {
        taskInfos = taskInfos == null ? List.of() : taskInfos;
      }
    }

    public static Operation launch(List<TaskInfo> tasks) {
      return new Operation(Type.LAUNCH, null, new Launch(tasks), null, null, null, null, null);
    }
  }

  public record Decline(List<OfferId> offerIds, Filters filters) {
    public Decline {
      offerIds = offerIds == null ? List.of() : offerIds;
      filters = filters == null ? Filters.defaults() : filters;
    }
  }

  public record Revive(List<String> roles) {
    public Revive {
      roles = roles == null ? List.of() : roles;
    }
  }

  public record Suppress(List<String> roles) {
    public Suppress {
      roles = roles == null ? List.of() : roles;
    }
  }

  public record Kill(TaskId taskId, AgentId agentId, KillPolicy killPolicy) {}

  public record Shutdown(ExecutorId executorId, AgentId agentId) {}

  public record Acknowledge(AgentId agentId, TaskId taskId, String uuid) {}

  public record Reconcile(List<Task> tasks) {
    public Reconcile {
      tasks = tasks == null ? List.of() : tasks;
    }

    public record Task(TaskId taskId, AgentId agentId) {}
  }

  public record Message(AgentId agentId, ExecutorId executorId, String data) {}

  public record Request(List<ResourceRequest> requests) {
    public record ResourceRequest(AgentId agentId, List<Resource> resources) {}
  }

  public record UpdateFramework(FrameworkInfo frameworkInfo, List<String> suppressedRoles) {
    public UpdateFramework {
      suppressedRoles = suppressedRoles == null ? List.of() : suppressedRoles;
    }
  }

  /** A call with only a type and framework id set (TEARDOWN needs nothing more). */
  public static Call of(Type type, FrameworkId frameworkId) {
    return new Call(
        frameworkId, type, null, null, null, null, null, null, null, null, null, null, null, null);
  }
}
