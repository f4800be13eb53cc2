package io.mezzo.master.operator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.api.legacy.LegacyModel;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.MesosJson;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.VersionInfo;
import io.mezzo.core.resources.Resources;
import io.mezzo.master.MasterState;
import io.mezzo.master.offer.OfferEntry;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.master.registry.Registry;
import io.mezzo.master.registry.TaskEntry;
import java.util.Map;

/**
 * The master's legacy state JSON (MESOS-API.md §4.3): {@code /master/state}, {@code
 * /master/slaves}, {@code /master/frameworks} and the entries they share. Legacy naming ("slave")
 * and shapes are Mesos's exactly, because the Mesos web UI and old tools read them; Mezzo-only keys
 * are prefixed {@code mezzo_}. Pure functions of the state; run them on the master's context.
 */
public final class LegacyStateJson {
  private LegacyStateJson() {}

  /** {@code /master/state}. */
  public static ObjectNode state(MasterState s, Map<String, String> flags) {
    return state(s, flags, Visibility.everything());
  }

  /**
   * {@code /master/state} as {@code seen} lets its caller see it: only the frameworks, tasks and
   * executors it may view, and the flags only with {@code view_flags} (as Mesos leaves them out).
   */
  public static ObjectNode state(MasterState s, Map<String, String> flags, Visibility seen) {
    ObjectNode out = LegacyModel.object();
    VersionInfo v = VersionInfo.current();
    out.put("version", v.version());
    out.put("build_user", v.buildUser());
    out.put("mezzo_version", VersionInfo.MEZZO_VERSION);
    double start = LegacyModel.seconds(s.startTime());
    out.put("start_time", start);
    out.put("elected_time", start);
    var info = s.masterInfo();
    out.put("id", info.id());
    out.put("pid", info.pid());
    out.put("hostname", info.hostname());
    ArrayNode caps = out.putArray("capabilities");
    info.capabilities().forEach(c -> caps.add(c.type().name()));
    int activated = 0;
    int deactivated = 0;
    int unreachable = 0;
    for (AgentEntry a : s.agents().values()) {
      if (a.state() == AgentEntry.State.UNREACHABLE) {
        unreachable++;
      } else if (a.state() == AgentEntry.State.CONNECTED && !a.deactivated()) {
        activated++;
      } else if (a.state() != AgentEntry.State.GONE) {
        deactivated++;
      }
    }
    out.put("activated_slaves", activated);
    out.put("deactivated_slaves", deactivated);
    out.put("unreachable_slaves", unreachable);
    out.put("leader", info.pid());
    ObjectNode leader = out.putObject("leader_info");
    leader.put("id", info.id());
    leader.put("pid", info.pid());
    leader.put("port", info.port());
    leader.put("hostname", info.hostname());
    if (info.address() != null) {
      leader.set("address", MesosJson.tree(info.address()));
    }
    if (seen.flags()) {
      ObjectNode flagsNode = out.putObject("flags");
      flags.forEach(flagsNode::put);
    }
    ObjectNode slaves = slaves(s, null);
    out.set("slaves", slaves.get("slaves"));
    out.set("recovered_slaves", slaves.get("recovered_slaves"));
    ObjectNode frameworks = frameworks(s, null, seen);
    out.set("frameworks", frameworks.get("frameworks"));
    out.set("completed_frameworks", frameworks.get("completed_frameworks"));
    out.putArray("orphan_tasks");
    out.putArray("unregistered_frameworks");
    return out;
  }

  /**
   * {@code /master/slaves}: {@code {"slaves": [...], "recovered_slaves": [...]}}, optionally one
   * agent.
   */
  public static ObjectNode slaves(MasterState s, String slaveId) {
    ObjectNode out = LegacyModel.object();
    ArrayNode list = out.putArray("slaves");
    for (AgentEntry a : s.agents().values()) {
      if ((a.state() == AgentEntry.State.CONNECTED || a.state() == AgentEntry.State.DISCONNECTED)
          && (slaveId == null || a.id().value().equals(slaveId))) {
        list.add(slave(s, a));
      }
    }
    ArrayNode recovered = out.putArray("recovered_slaves");
    for (Registry.AdmittedAgent admitted : s.registry().current().agents()) {
      if (admitted.state() == Registry.AgentState.ADMITTED
          && !s.agents().containsKey(admitted.info().id())
          && (slaveId == null || admitted.info().id().value().equals(slaveId))) {
        ObjectNode r = LegacyModel.object();
        r.put("id", admitted.info().id().value());
        r.put("hostname", admitted.info().hostname());
        r.put("port", admitted.info().port());
        r.set("resources", LegacyModel.resources(admitted.info().resources()));
        r.set("attributes", LegacyModel.attributes(admitted.info().attributes()));
        recovered.add(r);
      }
    }
    return out;
  }

  /**
   * One agent entry; {@code pid} is {@code slave(1)@ip:port}, from which the Mesos UI derives its
   * URL.
   */
  public static ObjectNode slave(MasterState s, AgentEntry a) {
    ObjectNode out = LegacyModel.object();
    out.put("id", a.id().value());
    out.put("hostname", a.info().hostname());
    out.put("port", a.info().port());
    out.set("attributes", LegacyModel.attributes(a.info().attributes()));
    out.put("pid", WireViews.pid(a));
    out.put("mezzo_endpoint", a.endpoint());
    out.put("registered_time", LegacyModel.seconds(a.registeredTime()));
    if (a.reregisteredTime() != null) {
      out.put("reregistered_time", LegacyModel.seconds(a.reregisteredTime()));
    }
    Resources used = a.used();
    Resources offered = Resources.empty();
    for (var id : a.offers()) {
      OfferEntry o = s.offers().get(id);
      if (o != null) {
        offered = offered.plus(o.resources());
      }
    }
    out.set("resources", LegacyModel.resources(a.total()));
    out.set("used_resources", LegacyModel.resources(used));
    out.set("offered_resources", LegacyModel.resources(offered));
    out.set("reserved_resources", LegacyModel.reservedByRole(a.total()));
    out.set("unreserved_resources", LegacyModel.resources(a.total().unreserved()));
    out.put("active", a.state() == AgentEntry.State.CONNECTED && !a.deactivated());
    out.put("deactivated", a.deactivated());
    out.put("version", a.version() == null ? "" : a.version());
    out.putArray("capabilities").add("MULTI_ROLE");
    ObjectNode reservedFull = out.putObject("reserved_resources_full");
    a.total().asMap().keySet().stream()
        .filter(k -> k.isReserved())
        .map(k -> k.role())
        .distinct()
        .forEach(
            role -> reservedFull.set(role, LegacyModel.full(a.total().reservedTo(role), null)));
    out.set("unreserved_resources_full", LegacyModel.full(a.total().unreserved(), null));
    out.set("used_resources_full", LegacyModel.full(used, null));
    out.set("offered_resources_full", LegacyModel.full(offered, null));
    var drain = WireViews.drainInfo(s.registry().current().agentControl(a.id()));
    if (drain != null) {
      out.set("drain_info", MesosJson.tree(drain));
    }
    return out;
  }

  /** {@code /master/frameworks}: active and completed frameworks, optionally one. */
  public static ObjectNode frameworks(MasterState s, String frameworkId) {
    return frameworks(s, frameworkId, Visibility.everything());
  }

  /** {@code /master/frameworks}, the frameworks {@code seen} lets its caller view. */
  public static ObjectNode frameworks(MasterState s, String frameworkId, Visibility seen) {
    ObjectNode out = LegacyModel.object();
    ArrayNode active = out.putArray("frameworks");
    for (FrameworkEntry f : s.frameworks().values()) {
      if ((frameworkId == null || f.id().value().equals(frameworkId)) && seen.framework(f)) {
        active.add(framework(s, f, seen));
      }
    }
    ArrayNode completed = out.putArray("completed_frameworks");
    for (FrameworkEntry f : s.completedFrameworks()) {
      if ((frameworkId == null || f.id().value().equals(frameworkId)) && seen.framework(f)) {
        completed.add(framework(s, f, seen));
      }
    }
    out.putArray("unregistered_frameworks");
    return out;
  }

  public static ObjectNode framework(MasterState s, FrameworkEntry f) {
    return framework(s, f, Visibility.everything());
  }

  /**
   * One framework with the tasks and executors {@code seen} lets its caller view; its resource sums
   * stay whole, as Mesos's do.
   */
  public static ObjectNode framework(MasterState s, FrameworkEntry f, Visibility seen) {
    ObjectNode out = LegacyModel.object();
    FrameworkInfo info = f.info();
    out.put("id", f.id().value());
    out.put("name", info.name() == null ? "" : info.name());
    Resources used = Resources.empty();
    for (TaskEntry t : f.tasks().values()) {
      if (!t.state().isTerminal()) {
        used = used.plus(t.resources());
      }
    }
    used = used.plus(ExecutorViews.used(s, f.id()));
    Resources offeredSum = Resources.empty();
    ArrayNode offers = LegacyModel.array();
    for (var id : f.offers()) {
      OfferEntry o = s.offers().get(id);
      if (o != null) {
        offeredSum = offeredSum.plus(o.resources());
        offers.add(offer(o));
      }
    }
    out.set("used_resources", LegacyModel.resources(used));
    out.set("offered_resources", LegacyModel.resources(offeredSum));
    out.set("resources", LegacyModel.resources(used.plus(offeredSum)));
    ArrayNode caps = out.putArray("capabilities");
    info.capabilities()
        .forEach(
            c -> {
              if (c != null && c.type() != null) {
                caps.add(c.type().name());
              }
            });
    out.put("hostname", info.hostname() == null ? "" : info.hostname());
    out.put("webui_url", info.webuiUrl() == null ? "" : info.webuiUrl());
    out.put("active", f.connected());
    out.put("connected", f.connected());
    out.put("recovered", f.state() == FrameworkEntry.State.RECOVERED);
    out.put("user", info.user() == null ? "" : info.user());
    out.put("failover_timeout", info.failoverTimeout());
    out.put("checkpoint", info.checkpoint());
    out.put("registered_time", LegacyModel.seconds(f.registeredTime()));
    if (f.reregisteredTime() != null) {
      out.put("reregistered_time", LegacyModel.seconds(f.reregisteredTime()));
    }
    out.put(
        "unregistered_time",
        f.unregisteredTime() == null ? 0.0 : LegacyModel.seconds(f.unregisteredTime()));
    if (info.principal() != null) {
      out.put("principal", info.principal());
    }
    ArrayNode roles = out.putArray("roles");
    info.effectiveRoles().forEach(roles::add);
    if (!info.hasCapability(FrameworkInfo.Capability.Type.MULTI_ROLE)) {
      out.put("role", info.effectiveRoles().get(0));
    }
    ArrayNode tasks = out.putArray("tasks");
    ArrayNode unreachable = out.putArray("unreachable_tasks");
    for (TaskEntry t : f.tasks().values()) {
      if (seen.task(f, t)) {
        (t.state() == TaskState.TASK_UNREACHABLE ? unreachable : tasks).add(task(t, info.user()));
      }
    }
    ArrayNode completed = out.putArray("completed_tasks");
    for (TaskEntry t : f.completedTasks()) {
      if (seen.task(f, t)) {
        completed.add(task(t, info.user()));
      }
    }
    out.set("offers", offers);
    out.set("executors", ExecutorViews.legacy(s, f.id(), seen));
    out.set(
        "labels", LegacyModel.labels(info.labels() == null ? null : MesosJson.tree(info.labels())));
    return out;
  }

  static ObjectNode offer(OfferEntry o) {
    ObjectNode out = LegacyModel.object();
    out.put("id", o.id().value());
    out.put("framework_id", o.frameworkId().value());
    out.putObject("allocation_info").put("role", o.role());
    out.put("slave_id", o.agentId().value());
    out.set("resources", LegacyModel.resources(o.resources()));
    return out;
  }

  /** A task entry; command tasks have an empty {@code executor_id}, as in Mesos. */
  public static ObjectNode task(TaskEntry t, String frameworkUser) {
    ObjectNode out = LegacyModel.object();
    var info = t.info();
    out.put("id", t.taskId().value());
    out.put("name", info.name() == null ? "" : info.name());
    out.put("framework_id", t.frameworkId().value());
    var executorId = ExecutorViews.executorId(t);
    out.put("executor_id", executorId == null ? "" : executorId.value());
    out.put("slave_id", t.agentId().value());
    out.put("state", t.state().name());
    out.set("resources", LegacyModel.resources(t.resources()));
    if (info.limits() != null && !info.limits().isEmpty()) {
      ObjectNode limits = out.putObject("limits");
      info.limits()
          .forEach((k, v) -> limits.put(k, v == null || v.value() == null ? 0.0 : v.value()));
    }
    out.put("role", t.role());
    ArrayNode statuses = out.putArray("statuses");
    t.statuses().forEach(st -> statuses.add(LegacyModel.status(st)));
    String user =
        info.command() != null && info.command().user() != null
            ? info.command().user()
            : frameworkUser;
    if (user != null) {
      out.put("user", user);
    }
    if (info.labels() != null) {
      out.set("labels", LegacyModel.labels(MesosJson.tree(info.labels())));
    }
    if (info.discovery() != null) {
      out.set("discovery", info.discovery());
    }
    if (info.container() != null) {
      out.set("container", MesosJson.tree(info.container()));
    }
    if (info.healthCheck() != null) {
      out.set("health_check", MesosJson.tree(info.healthCheck()));
    }
    return out;
  }
}
