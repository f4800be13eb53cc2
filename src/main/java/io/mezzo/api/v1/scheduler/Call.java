package io.mezzo.api.v1.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.Filters;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.KillPolicy;
import io.mezzo.api.v1.OfferId;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.TaskGroupInfo;
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
    UpdateFramework updateFramework,
    InverseOfferAnswer acceptInverseOffers,
    InverseOfferAnswer declineInverseOffers,
    AcknowledgeOperationStatus acknowledgeOperationStatus,
    ReconcileOperations reconcileOperations) {

  /** A call without an operation-feedback body. */
  public Call(
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
      UpdateFramework updateFramework,
      InverseOfferAnswer acceptInverseOffers,
      InverseOfferAnswer declineInverseOffers) {
    this(
        frameworkId,
        type,
        subscribe,
        accept,
        decline,
        revive,
        suppress,
        kill,
        shutdown,
        acknowledge,
        reconcile,
        message,
        request,
        updateFramework,
        acceptInverseOffers,
        declineInverseOffers,
        null,
        null);
  }

  /**
   * {@code acknowledge_operation_status}: the framework got the status with this {@code uuid}
   * (Base64 of its bytes in JSON) of its operation {@code operation_id}.
   */
  public record AcknowledgeOperationStatus(
      AgentId agentId,
      JsonNode resourceProviderId,
      String uuid,
      io.mezzo.api.v1.OperationStatus.OperationId operationId) {}

  /**
   * {@code reconcile_operations}: the latest status of each operation named, or of every operation
   * the master knows of the framework's when none is.
   */
  public record ReconcileOperations(List<Operation> operations) {
    public ReconcileOperations {
      operations = operations == null ? List.of() : operations;
    }

    /** One operation to reconcile. */
    public record Operation(
        io.mezzo.api.v1.OperationStatus.OperationId operationId,
        AgentId agentId,
        JsonNode resourceProviderId) {}
  }

  /** A call of a type other than ACCEPT_INVERSE_OFFERS and DECLINE_INVERSE_OFFERS. */
  public Call(
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
    this(
        frameworkId,
        type,
        subscribe,
        accept,
        decline,
        revive,
        suppress,
        kill,
        shutdown,
        acknowledge,
        reconcile,
        message,
        request,
        updateFramework,
        null,
        null);
  }

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

  /**
   * {@code offer_constraints} is read only so that it can be refused by name (CallValidator): Mezzo
   * does not filter offers by it, and dropping it would promise a filtering that never happens.
   */
  public record Subscribe(
      FrameworkInfo frameworkInfo, List<String> suppressedRoles, JsonNode offerConstraints) {
    public Subscribe {
      suppressedRoles = suppressedRoles == null ? List.of() : suppressedRoles;
    }

    public Subscribe(FrameworkInfo frameworkInfo, List<String> suppressedRoles) {
      this(frameworkInfo, suppressedRoles, null);
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
      LaunchGroup launchGroup,
      Reserve reserve,
      Unreserve unreserve,
      Create create,
      Destroy destroy,
      GrowVolume growVolume,
      ShrinkVolume shrinkVolume) {
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

    /**
     * Dynamically reserves {@code resources} (each with its new reservation on top) out of the
     * offer ({@code Offer.Operation.Reserve}); {@code source} (Mesos 1.9's re-reservation) is
     * refused by Mezzo.
     */
    public record Reserve(List<Resource> source, List<Resource> resources) {
      public Reserve {
        source = source == null ? List.of() : source;
        resources = resources == null ? List.of() : resources;
      }
    }

    /**
     * Removes the top dynamic reservation of {@code resources} ({@code Offer.Operation.Unreserve}).
     */
    public record Unreserve(List<Resource> resources) {
      public Unreserve {
        resources = resources == null ? List.of() : resources;
      }
    }

    /** Turns reserved disk into persistent volumes ({@code Offer.Operation.Create}). */
    public record Create(List<Resource> volumes) {
      public Create {
        volumes = volumes == null ? List.of() : volumes;
      }
    }

    /** Turns persistent volumes back into reserved disk ({@code Offer.Operation.Destroy}). */
    public record Destroy(List<Resource> volumes) {
      public Destroy {
        volumes = volumes == null ? List.of() : volumes;
      }
    }

    /** Adds reserved disk to a volume ({@code Offer.Operation.GrowVolume}). */
    public record GrowVolume(Resource volume, Resource addition) {}

    /** Gives part of a volume back as reserved disk ({@code Offer.Operation.ShrinkVolume}). */
    public record ShrinkVolume(Resource volume, io.mezzo.api.v1.Value.Scalar subtract) {}

    public static Operation reserve(List<Resource> resources) {
      return new Operation(
          Type.RESERVE,
          null,
          null,
          null,
          new Reserve(null, resources),
          null,
          null,
          null,
          null,
          null);
    }

    public static Operation unreserve(List<Resource> resources) {
      return new Operation(
          Type.UNRESERVE, null, null, null, null, new Unreserve(resources), null, null, null, null);
    }

    public static Operation create(List<Resource> volumes) {
      return new Operation(
          Type.CREATE, null, null, null, null, null, new Create(volumes), null, null, null);
    }

    public static Operation destroy(List<Resource> volumes) {
      return new Operation(
          Type.DESTROY, null, null, null, null, null, null, new Destroy(volumes), null, null);
    }

    /** Launches a task group under one executor ({@code Offer.Operation.LaunchGroup}). */
    public record LaunchGroup(ExecutorInfo executor, TaskGroupInfo taskGroup) {}

    public static Operation launchGroup(ExecutorInfo executor, TaskGroupInfo group) {
      return new Operation(
          Type.LAUNCH_GROUP,
          null,
          null,
          new LaunchGroup(executor, group),
          null,
          null,
          null,
          null,
          null,
          null);
    }

    public static Operation launch(List<TaskInfo> tasks) {
      return new Operation(
          Type.LAUNCH, null, new Launch(tasks), null, null, null, null, null, null, null);
    }
  }

  public record Decline(List<OfferId> offerIds, Filters filters) {
    public Decline {
      offerIds = offerIds == null ? List.of() : offerIds;
      filters = filters == null ? Filters.defaults() : filters;
    }
  }

  /**
   * {@code accept_inverse_offers} and {@code decline_inverse_offers}: the inverse offers answered,
   * and the filters (which Mezzo keeps no inverse offer filter for: it sends each framework one
   * inverse offer per machine and schedule change, answered or not).
   */
  public record InverseOfferAnswer(List<OfferId> inverseOfferIds, Filters filters) {
    public InverseOfferAnswer {
      inverseOfferIds = inverseOfferIds == null ? List.of() : List.copyOf(inverseOfferIds);
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

  /** {@code offer_constraints} as in {@link Subscribe}: read to be refused. */
  public record UpdateFramework(
      FrameworkInfo frameworkInfo, List<String> suppressedRoles, JsonNode offerConstraints) {
    public UpdateFramework {
      suppressedRoles = suppressedRoles == null ? List.of() : suppressedRoles;
    }

    public UpdateFramework(FrameworkInfo frameworkInfo, List<String> suppressedRoles) {
      this(frameworkInfo, suppressedRoles, null);
    }
  }

  /** A call with only a type and framework id set (TEARDOWN needs nothing more). */
  public static Call of(Type type, FrameworkId frameworkId) {
    return new Call(
        frameworkId, type, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  // One factory per call type with a body: the type and its body always agree, and nobody has to
  // count fourteen positional arguments. They build the same record, so the wire form is unchanged.

  /** SUBSCRIBE for {@code info}, under the id it carries (null for a first subscription). */
  public static Call subscribe(FrameworkInfo info) {
    return subscribe(info.id(), new Subscribe(info, null));
  }

  /** SUBSCRIBE with {@code frameworkId} as given, even when it differs from the body's. */
  public static Call subscribe(FrameworkId frameworkId, Subscribe subscribe) {
    return withBody(frameworkId, Type.SUBSCRIBE, subscribe);
  }

  /** ACCEPT of {@code offerIds} with {@code operations} and the default filters. */
  public static Call accept(
      FrameworkId frameworkId, List<OfferId> offerIds, List<Operation> operations) {
    return accept(frameworkId, new Accept(offerIds, operations, null));
  }

  public static Call accept(FrameworkId frameworkId, Accept accept) {
    return withBody(frameworkId, Type.ACCEPT, accept);
  }

  public static Call decline(FrameworkId frameworkId, Decline decline) {
    return withBody(frameworkId, Type.DECLINE, decline);
  }

  /** ACCEPT_INVERSE_OFFERS ({@code accept}) or DECLINE_INVERSE_OFFERS of {@code ids}. */
  public static Call answerInverseOffers(
      FrameworkId frameworkId, boolean accept, List<OfferId> ids, Filters filters) {
    InverseOfferAnswer body = new InverseOfferAnswer(ids, filters);
    return new Call(
        frameworkId,
        accept ? Type.ACCEPT_INVERSE_OFFERS : Type.DECLINE_INVERSE_OFFERS,
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
        accept ? body : null,
        accept ? null : body);
  }

  public static Call revive(FrameworkId frameworkId, Revive revive) {
    return withBody(frameworkId, Type.REVIVE, revive);
  }

  public static Call suppress(FrameworkId frameworkId, Suppress suppress) {
    return withBody(frameworkId, Type.SUPPRESS, suppress);
  }

  public static Call kill(FrameworkId frameworkId, Kill kill) {
    return withBody(frameworkId, Type.KILL, kill);
  }

  public static Call shutdown(FrameworkId frameworkId, Shutdown shutdown) {
    return withBody(frameworkId, Type.SHUTDOWN, shutdown);
  }

  public static Call acknowledge(FrameworkId frameworkId, Acknowledge acknowledge) {
    return withBody(frameworkId, Type.ACKNOWLEDGE, acknowledge);
  }

  public static Call reconcile(FrameworkId frameworkId, Reconcile reconcile) {
    return withBody(frameworkId, Type.RECONCILE, reconcile);
  }

  public static Call message(FrameworkId frameworkId, Message message) {
    return withBody(frameworkId, Type.MESSAGE, message);
  }

  public static Call request(FrameworkId frameworkId, Request request) {
    return withBody(frameworkId, Type.REQUEST, request);
  }

  public static Call updateFramework(FrameworkId frameworkId, UpdateFramework updateFramework) {
    return withBody(frameworkId, Type.UPDATE_FRAMEWORK, updateFramework);
  }

  /** The call of {@code type} whose body (of the matching record type) is {@code body}. */
  private static Call withBody(FrameworkId frameworkId, Type type, Object body) {
    return new Call(
        frameworkId,
        type,
        body instanceof Subscribe b0 ? b0 : null,
        body instanceof Accept b1 ? b1 : null,
        body instanceof Decline b2 ? b2 : null,
        body instanceof Revive b3 ? b3 : null,
        body instanceof Suppress b4 ? b4 : null,
        body instanceof Kill b5 ? b5 : null,
        body instanceof Shutdown b6 ? b6 : null,
        body instanceof Acknowledge b7 ? b7 : null,
        body instanceof Reconcile b8 ? b8 : null,
        body instanceof Message b9 ? b9 : null,
        body instanceof Request b10 ? b10 : null,
        body instanceof UpdateFramework b11 ? b11 : null);
  }
}
