package io.mezzo.master.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.api.v1.Base64Values;
import io.mezzo.api.v1.CommandInfo;
import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.scheduler.Call;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Structural checks of a scheduler call, before any state is consulted (Mesos answers these with
 * 400): the type and its body are present, required proto fields are set, ids are well formed.
 * Pure.
 */
public final class CallValidator {
  private CallValidator() {}

  /** The reason the call is malformed, or empty. */
  public static Optional<String> problem(Call call) {
    if (call.type() == null) {
      return Optional.of("Expecting 'type' to be present");
    }
    if (call.type() == Call.Type.SUBSCRIBE) {
      return subscribe(call);
    }
    // As in Mesos, every call but SUBSCRIBE needs its framework id first, UNKNOWN too: the
    // dispatcher answers UNKNOWN 501 only for a subscribed framework's valid stream.
    if (call.frameworkId() == null || blank(call.frameworkId().value())) {
      return Optional.of("Expecting 'framework_id' to be present");
    }
    return switch (call.type()) {
      case ACCEPT -> accept(call.accept());
      case DECLINE ->
          call.decline() == null
              ? Optional.of("Expecting 'decline' to be present")
              : idList(
                  call.decline().offerIds().stream()
                      .map(o -> o == null ? null : o.value())
                      .toList(),
                  "decline.offer_ids");
      case KILL ->
          call.kill() == null || call.kill().taskId() == null || blank(call.kill().taskId().value())
              ? Optional.of("Expecting 'kill' with 'task_id' to be present")
              : Optional.empty();
      case SHUTDOWN ->
          call.shutdown() == null
                  || call.shutdown().executorId() == null
                  || call.shutdown().agentId() == null
              ? Optional.of("Expecting 'shutdown' with 'executor_id' and 'agent_id' to be present")
              : Optional.empty();
      case ACKNOWLEDGE -> acknowledge(call.acknowledge());
      case RECONCILE -> reconcile(call.reconcile());
      case ACKNOWLEDGE_OPERATION_STATUS -> acknowledgeOperation(call.acknowledgeOperationStatus());
      case RECONCILE_OPERATIONS -> reconcileOperations(call.reconcileOperations());
      case MESSAGE ->
          call.message() == null
                  || call.message().agentId() == null
                  || call.message().executorId() == null
                  || call.message().data() == null
              ? Optional.of(
                  "Expecting 'message' with 'agent_id', 'executor_id' and 'data' to be present")
              : Base64Values.bytesProblem(call.message().data()).map(p -> "'message.data' " + p);
      case REQUEST ->
          call.request() == null
              ? Optional.of("Expecting 'request' to be present")
              : Optional.empty();
      case UPDATE_FRAMEWORK ->
          call.updateFramework() == null || call.updateFramework().frameworkInfo() == null
              ? Optional.of("Expecting 'update_framework' with 'framework_info' to be present")
              : offerConstraints("update_framework", call.updateFramework().offerConstraints());
      default -> Optional.empty();
    };
  }

  /**
   * Mesos 1.11 filters offers by attribute constraints given here; Mezzo does not, so the field is
   * refused rather than dropped (a framework relying on it would get offers it excluded).
   */
  private static Optional<String> offerConstraints(String call, JsonNode constraints) {
    if (constraints == null || constraints.isNull()) {
      return Optional.empty();
    }
    return Optional.of(
        "'"
            + call
            + ".offer_constraints' is not supported by Mezzo: offers are not filtered by attribute"
            + " constraints; leave it out and decline offers that do not fit");
  }

  private static Optional<String> subscribe(Call call) {
    if (call.subscribe() == null) {
      return Optional.of("Expecting 'subscribe' to be present");
    }
    Optional<String> constraints =
        offerConstraints("subscribe", call.subscribe().offerConstraints());
    if (constraints.isPresent()) {
      return constraints;
    }
    FrameworkInfo info = call.subscribe().frameworkInfo();
    if (info == null) {
      return Optional.of("Expecting 'subscribe.framework_info' to be present");
    }
    if (info.user() == null) {
      return Optional.of("Expecting 'subscribe.framework_info.user' to be present");
    }
    if (info.name() == null) {
      return Optional.of("Expecting 'subscribe.framework_info.name' to be present");
    }
    String callId = call.frameworkId() == null ? null : call.frameworkId().value();
    String infoId = info.id() == null ? null : info.id().value();
    if (callId != null && !callId.equals(infoId)) {
      return Optional.of("'framework_id' differs from 'subscribe.framework_info.id'");
    }
    if (callId == null && infoId != null) {
      return Optional.of("'framework_id' differs from 'subscribe.framework_info.id'");
    }
    return Optional.empty();
  }

  private static Optional<String> accept(Call.Accept accept) {
    if (accept == null) {
      return Optional.of("Expecting 'accept' to be present");
    }
    Optional<String> ids =
        idList(
            accept.offerIds().stream().map(o -> o == null ? null : o.value()).toList(),
            "accept.offer_ids");
    if (ids.isPresent()) {
      return ids;
    }
    for (int i = 0; i < accept.operations().size(); i++) {
      Call.Operation op = accept.operations().get(i);
      String where = "accept.operations[" + i + "]";
      if (op == null || op.type() == null) {
        return Optional.of("Expecting '" + where + ".type' to be present");
      }
      if (op.id() != null
          && !op.id().isNull()
          && (!op.id().isObject() || blank(op.id().path("value").asText(null)))) {
        return Optional.of("Expecting '" + where + ".id' to have a non-empty 'value'");
      }
      switch (op.type()) {
        case LAUNCH -> {
          if (op.launch() == null) {
            return Optional.of("Expecting '" + where + ".launch' to be present");
          }
          for (int t = 0; t < op.launch().taskInfos().size(); t++) {
            Optional<String> p =
                taskRequiredFields(
                    op.launch().taskInfos().get(t), where + ".launch.task_infos[" + t + "]");
            if (p.isPresent()) {
              return p;
            }
          }
        }
        case LAUNCH_GROUP -> {
          Optional<String> p = launchGroup(op.launchGroup(), where + ".launch_group");
          if (p.isPresent()) {
            return p;
          }
        }
        case RESERVE -> {
          if (op.reserve() == null) {
            return Optional.of("Expecting '" + where + ".reserve' to be present");
          }
        }
        case UNRESERVE -> {
          if (op.unreserve() == null) {
            return Optional.of("Expecting '" + where + ".unreserve' to be present");
          }
        }
        case CREATE -> {
          if (op.create() == null) {
            return Optional.of("Expecting '" + where + ".create' to be present");
          }
        }
        case DESTROY -> {
          if (op.destroy() == null) {
            return Optional.of("Expecting '" + where + ".destroy' to be present");
          }
        }
        case GROW_VOLUME -> {
          if (op.growVolume() == null
              || op.growVolume().volume() == null
              || op.growVolume().addition() == null) {
            return Optional.of(
                "Expecting '" + where + ".grow_volume' with 'volume' and 'addition' to be present");
          }
        }
        case SHRINK_VOLUME -> {
          if (op.shrinkVolume() == null
              || op.shrinkVolume().volume() == null
              || op.shrinkVolume().subtract() == null
              || op.shrinkVolume().subtract().value() == null) {
            return Optional.of(
                "Expecting '"
                    + where
                    + ".shrink_volume' with 'volume' and 'subtract' to be present");
          }
        }
        default -> {
          return Optional.of(
              "Operation "
                  + op.type()
                  + " in '"
                  + where
                  + "' is not supported by Mezzo yet; only LAUNCH, LAUNCH_GROUP, RESERVE,"
                  + " UNRESERVE, CREATE, DESTROY, GROW_VOLUME and SHRINK_VOLUME are");
        }
      }
    }
    return Optional.empty();
  }

  /**
   * A LAUNCH_GROUP's required fields: the executor with its id, and a group of at least one task
   * (an empty group would launch nothing and tell nobody).
   */
  private static Optional<String> launchGroup(Call.Operation.LaunchGroup group, String where) {
    if (group == null) {
      return Optional.of("Expecting '" + where + "' to be present");
    }
    if (group.executor() == null) {
      return Optional.of("Expecting '" + where + ".executor' to be present");
    }
    Optional<String> executor = executorRequiredFields(group.executor(), where + ".executor");
    if (executor.isPresent()) {
      return executor;
    }
    if (group.taskGroup() == null || group.taskGroup().tasks().isEmpty()) {
      return Optional.of("Expecting '" + where + ".task_group.tasks' to hold at least one task");
    }
    for (int t = 0; t < group.taskGroup().tasks().size(); t++) {
      Optional<String> p =
          taskRequiredFields(
              group.taskGroup().tasks().get(t), where + ".task_group.tasks[" + t + "]");
      if (p.isPresent()) {
        return p;
      }
    }
    return Optional.empty();
  }

  /**
   * The fields the TaskInfo proto marks required: a message without them does not parse in Mesos.
   */
  private static Optional<String> taskRequiredFields(TaskInfo task, String where) {
    if (task == null) {
      return Optional.of("Expecting '" + where + "' to be an object");
    }
    if (task.name() == null) {
      return Optional.of("Expecting '" + where + ".name' to be present");
    }
    if (task.taskId() == null || task.taskId().value() == null) {
      return Optional.of("Expecting '" + where + ".task_id' to be present");
    }
    if (task.agentId() == null || task.agentId().value() == null) {
      return Optional.of("Expecting '" + where + ".agent_id' to be present");
    }
    List<Resource> resources = task.resources();
    for (int i = 0; i < resources.size(); i++) {
      Resource r = resources.get(i);
      if (r == null || r.name() == null || r.type() == null) {
        return Optional.of(
            "Expecting '" + where + ".resources[" + i + "]' to have 'name' and a known 'type'");
      }
    }
    return nestedRequiredFields(task, where);
  }

  /**
   * Required fields of the messages inside a TaskInfo, and its bytes field. Mesos refuses the whole
   * call when one is missing; here they would reach the agent as nulls (an environment variable
   * without a name cannot even be put in an environment).
   */
  private static Optional<String> nestedRequiredFields(TaskInfo task, String where) {
    if (task.data() != null && Base64Values.bytesProblem(task.data()).isPresent()) {
      return Optional.of("'" + where + ".data' is not valid Base64");
    }
    if (task.executor() != null) {
      Optional<String> p = executorRequiredFields(task.executor(), where + ".executor");
      if (p.isPresent()) {
        return p;
      }
    }
    Optional<String> commandProblem = commandRequiredFields(task.command(), where + ".command");
    if (commandProblem.isPresent()) {
      return commandProblem;
    }
    return containerAndRest(task, where);
  }

  /**
   * An ExecutorInfo's required fields: its id, complete resources and command (the master books and
   * forwards it as sent).
   */
  private static Optional<String> executorRequiredFields(ExecutorInfo executor, String where) {
    if (executor.executorId() == null) {
      return Optional.of("Expecting '" + where + ".executor_id' to be present");
    }
    for (int i = 0; i < executor.resources().size(); i++) {
      Resource r = executor.resources().get(i);
      if (r == null || r.name() == null || r.type() == null) {
        return Optional.of(
            "Expecting '" + where + ".resources[" + i + "]' to have 'name' and a known 'type'");
      }
    }
    if (executor.data() != null && Base64Values.bytesProblem(executor.data()).isPresent()) {
      return Optional.of("'" + where + ".data' is not valid Base64");
    }
    return commandRequiredFields(executor.command(), where + ".command");
  }

  private static Optional<String> commandRequiredFields(CommandInfo command, String where) {
    if (command != null) {
      for (int i = 0; i < command.uris().size(); i++) {
        if (command.uris().get(i).value() == null) {
          return Optional.of("Expecting '" + where + ".uris[" + i + "].value' to be present");
        }
      }
      if (command.environment() != null) {
        List<CommandInfo.Environment.Variable> variables = command.environment().variables();
        for (int i = 0; i < variables.size(); i++) {
          if (variables.get(i).name() == null) {
            return Optional.of(
                "Expecting '" + where + ".environment.variables[" + i + "].name' to be present");
          }
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<String> containerAndRest(TaskInfo task, String where) {
    if (task.container() != null) {
      if (task.container().type() == null) {
        return Optional.of("Expecting '" + where + ".container.type' to be a known type");
      }
      if (task.container().docker() != null && task.container().docker().image() == null) {
        return Optional.of("Expecting '" + where + ".container.docker.image' to be present");
      }
    }
    if (task.killPolicy() != null
        && task.killPolicy().gracePeriod() != null
        && task.killPolicy().gracePeriod().nanoseconds() == null) {
      return Optional.of(
          "Expecting '" + where + ".kill_policy.grace_period.nanoseconds' to be present");
    }
    if (task.maxCompletionTime() != null && task.maxCompletionTime().nanoseconds() == null) {
      return Optional.of("Expecting '" + where + ".max_completion_time.nanoseconds' to be present");
    }
    if (task.labels() != null && task.labels().labels() != null) {
      for (int i = 0; i < task.labels().labels().size(); i++) {
        if (task.labels().labels().get(i).key() == null) {
          return Optional.of(
              "Expecting '" + where + ".labels.labels[" + i + "].key' to be present");
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<String> acknowledge(Call.Acknowledge ack) {
    if (ack == null || ack.agentId() == null || ack.taskId() == null || ack.uuid() == null) {
      return Optional.of(
          "Expecting 'acknowledge' with 'agent_id', 'task_id' and 'uuid' to be present");
    }
    return Base64Values.uuidProblem(ack.uuid()).map(p -> "'acknowledge.uuid' " + p);
  }

  private static Optional<String> reconcile(Call.Reconcile reconcile) {
    if (reconcile == null) {
      return Optional.of("Expecting 'reconcile' to be present");
    }
    for (Call.Reconcile.Task t : reconcile.tasks()) {
      if (t == null || t.taskId() == null || blank(t.taskId().value())) {
        return Optional.of("Expecting every 'reconcile.tasks[].task_id' to be present");
      }
    }
    return Optional.empty();
  }

  private static Optional<String> idList(List<String> ids, String field) {
    Set<String> seen = new HashSet<>();
    for (String id : ids) {
      if (blank(id)) {
        return Optional.of("'" + field + "' contains an empty id");
      }
      if (!seen.add(id)) {
        return Optional.of("'" + field + "' contains offer '" + id + "' twice");
      }
    }
    return Optional.empty();
  }

  static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static Optional<String> acknowledgeOperation(Call.AcknowledgeOperationStatus ack) {
    if (ack == null
        || ack.operationId() == null
        || blank(ack.operationId().value())
        || ack.uuid() == null) {
      return Optional.of(
          "Expecting 'acknowledge_operation_status' with 'operation_id' and 'uuid' to be present");
    }
    if (ack.resourceProviderId() != null && !ack.resourceProviderId().isNull()) {
      return Optional.of(
          "'acknowledge_operation_status.resource_provider_id' names a resource provider; Mezzo"
              + " has none");
    }
    return Base64Values.uuidProblem(ack.uuid())
        .map(p -> "'acknowledge_operation_status.uuid' " + p);
  }

  private static Optional<String> reconcileOperations(Call.ReconcileOperations call) {
    if (call == null) {
      return Optional.of("Expecting 'reconcile_operations' to be present");
    }
    for (int i = 0; i < call.operations().size(); i++) {
      Call.ReconcileOperations.Operation op = call.operations().get(i);
      if (op == null || op.operationId() == null || blank(op.operationId().value())) {
        return Optional.of(
            "Expecting 'reconcile_operations.operations[" + i + "].operation_id' to be present");
      }
    }
    return Optional.empty();
  }
}
