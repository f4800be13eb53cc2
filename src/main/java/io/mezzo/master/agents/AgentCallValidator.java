package io.mezzo.master.agents;

import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.agent.IpAddresses;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.Attribute;
import io.mezzo.api.v1.Base64Values;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.IdRules;
import io.mezzo.api.v1.ResourceMapping;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.TaskStatus;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Structural checks of an agent's call before any state is consulted, answered with 400: the type
 * and its body are present, ids follow {@link IdRules}, a status update's uuid can be acknowledged.
 * The master stores and forwards what agents send, so what passes here must be safe to keep and to
 * hand to a framework. Pure.
 */
public final class AgentCallValidator {
  private AgentCallValidator() {}

  /** The reason the call is malformed, or empty. */
  public static Optional<String> problem(AgentCall call) {
    if (call.type() == null) {
      return Optional.of("Expecting 'type' to be present");
    }
    return switch (call.type()) {
      case SUBSCRIBE -> register(call.register());
      case HEARTBEAT -> id(call.agentId() == null ? null : call.agentId().value(), "agent_id");
      case STATUS_UPDATE ->
          id(call.agentId() == null ? null : call.agentId().value(), "agent_id")
              .or(() -> update(call.update()))
              .or(() -> sameAgent(call));
      case EXECUTOR_TO_FRAMEWORK ->
          id(call.agentId() == null ? null : call.agentId().value(), "agent_id")
              .or(() -> ExecutorReports.message(call.message()));
      case EXITED_EXECUTOR ->
          id(call.agentId() == null ? null : call.agentId().value(), "agent_id")
              .or(() -> ExecutorReports.exited(call.exitedExecutor()));
      default -> Optional.empty(); // UNKNOWN: answered 501
    };
  }

  private static Optional<String> register(AgentCall.Register reg) {
    if (reg == null || reg.agentInfo() == null) {
      return Optional.of("Expecting 'register.agent_info' to be present");
    }
    if (reg.agentInfo().hostname() == null || reg.agentInfo().hostname().isBlank()) {
      return Optional.of("Expecting 'register.agent_info.hostname' to be present");
    }
    AgentId id = reg.agentInfo().id();
    if (id != null) {
      Optional<String> p = id(id.value(), "register.agent_info.id");
      if (p.isPresent()) {
        return p;
      }
    }
    if (reg.ip() != null && !IpAddresses.isLiteral(reg.ip())) {
      return Optional.of("'register.ip' must be an IP address, got '" + reg.ip() + "'");
    }
    Optional<String> attributes = attributes(reg.agentInfo().attributes());
    if (attributes.isPresent()) {
      return attributes;
    }
    List<FrameworkInfo> frameworks = reg.frameworks();
    for (int i = 0; i < frameworks.size(); i++) {
      FrameworkInfo f = frameworks.get(i);
      Optional<String> p =
          f == null
              ? Optional.of("'register.frameworks[" + i + "]' is null")
              : frameworkId(f.id(), "register.frameworks[" + i + "].id");
      if (p.isPresent()) {
        return p;
      }
    }
    Optional<String> executors = ExecutorReports.registered(reg.executors());
    if (executors.isPresent()) {
      return executors;
    }
    List<AgentCall.RunningTask> tasks = reg.tasks();
    Set<List<String>> seen = new HashSet<>();
    for (int i = 0; i < tasks.size(); i++) {
      String where = "register.tasks[" + i + "]";
      Optional<String> p = runningTask(tasks.get(i), where);
      if (p.isPresent()) {
        return p;
      }
      AgentCall.RunningTask rt = tasks.get(i);
      // The master books each task once; a second copy could only be a corrupt report.
      if (!seen.add(List.of(rt.frameworkId().value(), rt.task().taskId().value()))) {
        return Optional.of(
            "'"
                + where
                + "' repeats task '"
                + rt.task().taskId().value()
                + "' of framework '"
                + rt.frameworkId().value()
                + "'");
      }
      try {
        ResourceMapping.toCore(rt.task().resources());
      } catch (IllegalArgumentException e) {
        return Optional.of("'" + where + ".task.resources' are invalid: " + e.getMessage());
      }
    }
    return Optional.empty();
  }

  /**
   * Attributes go into every offer of the agent verbatim, so each must be a complete proto value.
   */
  private static Optional<String> attributes(List<Attribute> attributes) {
    for (int i = 0; i < attributes.size(); i++) {
      Attribute a = attributes.get(i);
      String where = "register.agent_info.attributes[" + i + "]";
      if (a == null || a.name() == null || a.name().isBlank() || a.type() == null) {
        return Optional.of("'" + where + "' must have a 'name' and a known 'type'");
      }
      boolean complete =
          switch (a.type()) {
            case SCALAR ->
                a.scalar() != null
                    && a.scalar().value() != null
                    && Double.isFinite(a.scalar().value());
            case RANGES ->
                a.ranges() != null
                    && (a.ranges().range() == null
                        || a.ranges().range().stream()
                            .allMatch(
                                r ->
                                    r != null
                                        && r.begin() != null
                                        && r.end() != null
                                        && r.begin() <= r.end()));
            case SET ->
                a.set() != null
                    && (a.set().item() == null || a.set().item().stream().allMatch(x -> x != null));
            case TEXT -> a.text() != null && a.text().value() != null;
          };
      if (!complete) {
        return Optional.of("'" + where + "' has no valid " + a.type() + " value");
      }
    }
    return Optional.empty();
  }

  private static Optional<String> runningTask(AgentCall.RunningTask rt, String where) {
    if (rt == null) {
      return Optional.of("'" + where + "' is null");
    }
    Optional<String> p = frameworkId(rt.frameworkId(), where + ".framework_id");
    if (p.isPresent()) {
      return p;
    }
    TaskInfo task = rt.task();
    if (task == null) {
      return Optional.of("Expecting '" + where + ".task' to be present");
    }
    p = taskId(task.taskId(), where + ".task.task_id");
    if (p.isPresent()) {
      return p;
    }
    TaskStatus latest = rt.latest();
    if (latest != null) {
      if (latest.state() == null || !task.taskId().equals(latest.taskId())) {
        return Optional.of(
            "'" + where + ".latest' must have a known 'state' and the task's 'task_id'");
      }
      return status(latest, where + ".latest");
    }
    return Optional.empty();
  }

  private static Optional<String> update(AgentCall.Update u) {
    if (u == null || u.status() == null) {
      return Optional.of("Expecting 'update' with 'framework_id' and 'status'");
    }
    Optional<String> p = frameworkId(u.frameworkId(), "update.framework_id");
    if (p.isPresent()) {
      return p;
    }
    p = taskId(u.status().taskId(), "update.status.task_id");
    if (p.isPresent()) {
      return p;
    }
    if (u.status().state() == null) {
      return Optional.of("Expecting 'update.status.state' to be a known task state");
    }
    return status(u.status(), "update.status");
  }

  /**
   * An agent speaks for itself only: the status's agent_id, which a framework echoes in its
   * ACKNOWLEDGE, must be the caller's (the master fills it in when absent).
   */
  private static Optional<String> sameAgent(AgentCall call) {
    AgentId inStatus = call.update().status().agentId();
    if (inStatus != null && !inStatus.equals(call.agentId())) {
      return Optional.of(
          "'update.status.agent_id' ("
              + inStatus.value()
              + ") is not the calling agent ("
              + call.agentId().value()
              + ")");
    }
    return Optional.empty();
  }

  /** The bytes fields of a status the master forwards to frameworks. */
  private static Optional<String> status(TaskStatus s, String where) {
    if (s.uuid() != null) {
      Optional<String> p = Base64Values.uuidProblem(s.uuid());
      if (p.isPresent()) {
        return Optional.of("'" + where + ".uuid' " + p.get());
      }
    }
    if (s.data() != null) {
      return Base64Values.bytesProblem(s.data()).map(p -> "'" + where + ".data' " + p);
    }
    return Optional.empty();
  }

  private static Optional<String> frameworkId(FrameworkId id, String where) {
    return id(id == null ? null : id.value(), where);
  }

  private static Optional<String> taskId(TaskId id, String where) {
    return id(id == null ? null : id.value(), where);
  }

  private static Optional<String> id(String value, String where) {
    return IdRules.problem(value).map(p -> "'" + where + "' is invalid: " + p);
  }
}
