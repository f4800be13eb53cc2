package io.mezzo.master.operator;

import io.mezzo.api.v1.Flag;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.Metric;
import io.mezzo.api.v1.ResourceMapping;
import io.mezzo.api.v1.Role;
import io.mezzo.api.v1.VersionInfo;
import io.mezzo.api.v1.master.Response;
import io.mezzo.core.resources.Resources;
import io.mezzo.master.MasterState;
import io.mezzo.master.offer.OfferEntry;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.master.registry.OperationEntry;
import io.mezzo.master.registry.TaskEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The read-only operator calls, one method per call type (as Mesos's {@code ReadonlyHandler}): each
 * is a pure function of the master's state and answers 200 with a {@code master.Response}. Run on
 * the master's context.
 */
public final class ReadOnlyHandler {
  private final MasterState state;
  private final OperatorSubscribers subscribers;

  public ReadOnlyHandler(MasterState state, OperatorSubscribers subscribers) {
    this.state = state;
    this.subscribers = subscribers;
  }

  public Response health() {
    return Response.health(state.recovered());
  }

  public Response flags() {
    List<Flag> flags = new ArrayList<>();
    MasterFlags.of(state.config()).forEach((k, v) -> flags.add(new Flag(k, v)));
    return Response.flags(flags);
  }

  public Response version() {
    return Response.version(VersionInfo.current());
  }

  public Response metrics() {
    List<Metric> metrics = new ArrayList<>();
    MasterMetricsSnapshot.of(state, subscribers.size())
        .forEach((k, v) -> metrics.add(new Metric(k, v)));
    return Response.metrics(metrics);
  }

  public Response state(Visibility seen) {
    return Response.state(WireViews.state(state, seen));
  }

  public Response agents() {
    return Response.agents(WireViews.agents(state));
  }

  public Response frameworks(Visibility seen) {
    return Response.frameworks(WireViews.frameworks(state, seen));
  }

  public Response executors(Visibility seen) {
    return Response.executors(ExecutorViews.executors(state, seen));
  }

  public Response tasks(Visibility seen) {
    return Response.tasks(WireViews.tasks(state, seen));
  }

  /**
   * Every role with a weight, a subscribed framework, a task or an offer; its resources are what is
   * allocated to it (used by tasks that have not ended, plus offered). Only the roles {@code seen}
   * lets its caller view ({@code view_roles}) are listed.
   */
  public Response roles(Visibility seen) {
    Map<String, List<FrameworkId>> frameworks = WireViews.frameworksByRole(state);
    Map<String, Resources> allocated = new TreeMap<>();
    for (FrameworkEntry f : state.frameworks().values()) {
      for (TaskEntry t : f.tasks().values()) {
        if (!t.state().isTerminal()) {
          allocated.merge(t.role(), t.resources(), Resources::plus);
        }
      }
    }
    for (OfferEntry o : state.offers().values()) {
      allocated.merge(o.role(), o.resources(), Resources::plus);
    }
    Map<String, Double> weights = state.registry().current().weights();
    TreeMap<String, Boolean> names = new TreeMap<>();
    frameworks.keySet().forEach(r -> names.put(r, true));
    allocated.keySet().forEach(r -> names.put(r, true));
    weights.keySet().forEach(r -> names.put(r, true));
    List<Role> roles = new ArrayList<>();
    for (String name : names.keySet()) {
      if (!seen.role(name)) {
        continue;
      }
      roles.add(
          new Role(
              name,
              weights.getOrDefault(name, 1.0),
              frameworks.getOrDefault(name, List.of()),
              ResourceMapping.toWire(allocated.getOrDefault(name, Resources.empty()), name, true)));
    }
    return Response.roles(roles);
  }

  /**
   * The role weights the master was configured with (its registry's; the allocator is given them at
   * recovery), by role name, of the roles {@code seen} lets its caller view. Roles not listed weigh
   * 1.0, as in Mesos.
   */
  public Response weights(Visibility seen) {
    List<Response.GetWeights.WeightInfo> infos = new ArrayList<>();
    new TreeMap<>(state.registry().current().weights())
        .forEach(
            (role, weight) -> {
              if (seen.role(role)) {
                infos.add(new Response.GetWeights.WeightInfo(weight, role));
              }
            });
    return Response.weights(infos);
  }

  /**
   * The operations with feedback not yet acknowledged, of the frameworks {@code seen} lets the
   * caller view.
   */
  public Response operations(Visibility seen) {
    List<Response.Operation> out = new ArrayList<>();
    for (FrameworkEntry f : state.frameworks().values()) {
      if (f.operations().isEmpty() || !seen.framework(f)) {
        continue;
      }
      for (OperationEntry e : f.operations().values()) {
        out.add(
            new Response.Operation(
                f.id(),
                e.agentId(),
                e.info(),
                e.latest(),
                e.statuses(),
                new io.mezzo.api.v1.OperationStatus.Uuid(e.uuid())));
      }
    }
    return Response.operations(out);
  }

  /** The maintenance schedule as the registry holds it ({@code {}} when there is none). */
  public Response maintenanceSchedule() {
    return Response.maintenanceSchedule(state.registry().current().maintenance().schedule());
  }

  /** The draining machines (with their frameworks' answers to inverse offers) and down ones. */
  public Response maintenanceStatus() {
    return Response.maintenanceStatus(state.registry().current().maintenance().status());
  }

  /** The leader; Mezzo masters do not elect yet, so the leader was elected when it started. */
  public Response master() {
    double start = state.startTime().toEpochMilli() / 1000.0;
    return Response.master(new Response.GetMaster(state.masterInfo(), start, start));
  }
}
