package io.mezzo.master.scheduler;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.core.resources.Resources;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.ExecutorEntry;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.security.Caller;
import io.mezzo.security.acl.Authorizer;
import io.mezzo.security.acl.Decision;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the launches of one ACCEPT draw on, as its operations are decided in order: what is left of
 * the offers, the task ids in use (the framework's live tasks and those launched earlier in the
 * call), the executors on the agent (booked, or started earlier in the call), and who sent the
 * call, which decides whether each task may run. A scratch pad of one decision: it changes nothing
 * in the master.
 */
final class LaunchPlan {
  private final FrameworkEntry fw;
  private final AgentEntry agent;
  private final String role;
  private final Set<String> taskIds = new HashSet<>();

  /**
   * What {@link #taskIds} hands out: a read-only view, not a copy. A copy per task validated cost
   * O(the framework's live tasks) for every task of an ACCEPT, quadratic in a framework's size.
   */
  private final Set<String> taskIdsView = Collections.unmodifiableSet(taskIds);

  private final Map<ExecutorId, ExecutorInfo> started = new HashMap<>();
  private final Authorizer authorizer;
  private final Caller caller;
  private Resources available;

  LaunchPlan(
      FrameworkEntry fw,
      AgentEntry agent,
      String role,
      Resources available,
      Authorizer authorizer,
      Caller caller) {
    this.fw = fw;
    this.authorizer = authorizer;
    this.caller = caller;
    this.agent = agent;
    this.role = role;
    this.available = available;
    fw.tasks().values().stream()
        .filter(t -> !t.state().isTerminal())
        .forEach(t -> taskIds.add(t.taskId().value()));
  }

  FrameworkEntry framework() {
    return fw;
  }

  /**
   * Whether the call's sender may run this task ({@code run_tasks}, see {@link
   * FrameworkAuthorization#runTask}).
   */
  Decision mayRun(TaskInfo task) {
    return FrameworkAuthorization.runTask(authorizer, caller, fw.info(), task);
  }

  AgentId agentId() {
    return agent.id();
  }

  String role() {
    return role;
  }

  Resources available() {
    return available;
  }

  /**
   * Ids of the framework's live tasks and of the tasks launched so far in this call: a read-only
   * view that follows later {@link #launched} calls (the validators only ask it {@code contains}).
   */
  Set<String> taskIds() {
    return taskIdsView;
  }

  /** The executor of this id running (or started by this call) on the agent, or null. */
  ExecutorInfo running(ExecutorId id) {
    ExecutorInfo info = started.get(id);
    if (info != null) {
      return info;
    }
    ExecutorEntry booked = agent.executors().get(new ExecutorEntry.Key(fw.id(), id));
    return booked == null ? null : booked.info();
  }

  /** Takes {@code used} from what is left (the caller checked it fits) for these tasks. */
  void launched(Resources used, Iterable<String> newTaskIds) {
    available = available.minus(used);
    newTaskIds.forEach(taskIds::add);
  }

  /** A RESERVE or UNRESERVE of the call turned {@code from} (which is left) into {@code to}. */
  void converted(Resources from, Resources to) {
    available = available.minus(from).plus(to);
  }

  void executorStarted(ExecutorInfo info) {
    started.put(info.executorId(), info);
  }
}
