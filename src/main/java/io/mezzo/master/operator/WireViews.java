package io.mezzo.master.operator;

import io.mezzo.api.v1.AgentInfo;
import io.mezzo.api.v1.DrainInfo;
import io.mezzo.api.v1.DurationInfo;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.ResourceMapping;
import io.mezzo.api.v1.Task;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TimeInfo;
import io.mezzo.api.v1.Url;
import io.mezzo.api.v1.master.Response;
import io.mezzo.api.v1.master.Response.GetAgents;
import io.mezzo.api.v1.master.Response.GetFrameworks;
import io.mezzo.core.resources.Resources;
import io.mezzo.master.MasterState;
import io.mezzo.master.offer.OfferEntry;
import io.mezzo.master.offer.OfferMaker;
import io.mezzo.master.registry.AgentControl;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.master.registry.Registry;
import io.mezzo.master.registry.TaskEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The master's entries in the v1 operator wire form ({@code mesos.v1.master.Response} parts). Pure
 * functions of the master's state; run them on the master's context, where the entries may be read.
 * Resources are written in the post-reservation-refinement format with their allocation role, as
 * Mesos does for operators.
 */
public final class WireViews {
  private WireViews() {}

  // ---- tasks ---------------------------------------------------------------------------------

  /**
   * A task; command tasks carry no executor id (the agent runs their executor), as in Mesos; tasks
   * of a custom executor or a task group carry theirs.
   */
  public static Task task(TaskEntry t, String frameworkUser) {
    var info = t.info();
    String user =
        info.command() != null && info.command().user() != null
            ? info.command().user()
            : frameworkUser;
    boolean pending = t.pendingUuid() != null && t.latest() != null;
    return new Task(
        info.name(),
        t.taskId(),
        t.frameworkId(),
        ExecutorViews.executorId(t),
        t.agentId(),
        t.state(),
        ResourceMapping.toWire(t.resources(), t.role(), true),
        t.statuses(),
        pending ? t.latest().state() : null,
        pending ? t.pendingUuid() : null,
        info.labels(),
        info.discovery(),
        info.container(),
        info.healthCheck(),
        info.killPolicy(),
        user,
        info.limits());
  }

  /**
   * Every task the master knows, as GET_TASKS has them: {@code tasks} (alive, or ended and not yet
   * acknowledged), {@code unreachable_tasks} and {@code completed_tasks}.
   */
  public static Response.GetTasks tasks(MasterState s) {
    return tasks(s, Visibility.everything());
  }

  /** The tasks {@code seen} lets its caller see, active and completed frameworks' alike. */
  public static Response.GetTasks tasks(MasterState s, Visibility seen) {
    List<Task> tasks = new ArrayList<>();
    List<Task> unreachable = new ArrayList<>();
    List<Task> completed = new ArrayList<>();
    for (FrameworkEntry fw : s.frameworks().values()) {
      for (TaskEntry t : fw.tasks().values()) {
        if (seen.task(fw, t)) {
          (t.state() == TaskState.TASK_UNREACHABLE ? unreachable : tasks)
              .add(task(t, fw.info().user()));
        }
      }
      completedTasks(fw, seen, completed);
    }
    for (FrameworkEntry fw : s.completedFrameworks()) {
      completedTasks(fw, seen, completed);
    }
    return new Response.GetTasks(tasks, unreachable, completed);
  }

  private static void completedTasks(FrameworkEntry fw, Visibility seen, List<Task> into) {
    for (TaskEntry t : fw.completedTasks()) {
      if (seen.task(fw, t)) {
        into.add(task(t, fw.info().user()));
      }
    }
  }

  // ---- agents --------------------------------------------------------------------------------

  /**
   * One agent. With {@code withAllocations} false (operator events) its allocated and offered
   * resources are left out, as Mesos leaves them out of events.
   */
  public static GetAgents.Agent agent(MasterState s, AgentEntry a, boolean withAllocations) {
    AgentControl control = s.registry().current().agentControl(a.id());
    List<Resource> offered = new ArrayList<>();
    if (withAllocations) {
      for (var id : a.offers()) {
        OfferEntry o = s.offers().get(id);
        if (o != null) {
          offered.addAll(ResourceMapping.toWire(o.resources(), o.role(), true));
        }
      }
    }
    return new GetAgents.Agent(
        a.info(),
        a.state() == AgentEntry.State.CONNECTED,
        a.deactivated(),
        a.version() == null ? "" : a.version(),
        pid(a),
        time(a.registeredTime()),
        time(a.reregisteredTime()),
        ResourceMapping.toWire(a.total(), null, true),
        withAllocations ? allocated(a) : List.of(),
        offered,
        drainInfo(control));
  }

  /**
   * Registered agents (connected or disconnected); recovered ones have not re-registered since a
   * restart.
   */
  public static GetAgents agents(MasterState s) {
    List<GetAgents.Agent> agents = new ArrayList<>();
    for (AgentEntry a : s.agents().values()) {
      if (a.state() == AgentEntry.State.CONNECTED || a.state() == AgentEntry.State.DISCONNECTED) {
        agents.add(agent(s, a, true));
      }
    }
    List<AgentInfo> recovered = new ArrayList<>();
    for (Registry.AdmittedAgent admitted : s.registry().current().agents()) {
      if (admitted.state() == Registry.AgentState.ADMITTED
          && !s.agents().containsKey(admitted.info().id())) {
        recovered.add(admitted.info());
      }
    }
    return new GetAgents(agents, recovered);
  }

  /** The drain as operators see it; null when the agent is not draining. */
  public static DrainInfo drainInfo(AgentControl control) {
    if (control.drainState() == null) {
      return null;
    }
    DurationInfo grace =
        control.maxGracePeriodNanos() == null
            ? null
            : new DurationInfo(control.maxGracePeriodNanos());
    return new DrainInfo(
        control.drainState(), new DrainInfo.DrainConfig(grace, control.markGone()));
  }

  /**
   * Mesos's libprocess pid of the agent, {@code slave(1)@ip:port}; the Mesos UI derives agent URLs
   * from it.
   */
  public static String pid(AgentEntry a) {
    Url url = OfferMaker.agentUrl(a);
    return "slave(1)@" + url.address().ip() + ":" + url.address().port();
  }

  /** Resources used by the agent's tasks that have not ended, by allocation role. */
  private static List<Resource> allocated(AgentEntry a) {
    Map<String, Resources> byRole = new LinkedHashMap<>();
    for (TaskEntry t : a.tasks().values()) {
      if (!t.state().isTerminal()) {
        byRole.merge(t.role(), t.resources(), Resources::plus);
      }
    }
    List<Resource> out = new ArrayList<>();
    byRole.forEach((role, r) -> out.addAll(ResourceMapping.toWire(r, role, true)));
    return out;
  }

  // ---- frameworks ----------------------------------------------------------------------------

  /**
   * One framework. With {@code withAllocations} false (operator events) offers and resources are
   * left out, as Mesos leaves them out of events.
   */
  public static GetFrameworks.Framework framework(
      MasterState s, FrameworkEntry f, boolean withAllocations) {
    List<Offer> offers = new ArrayList<>();
    List<Resource> offered = new ArrayList<>();
    List<Resource> allocated = new ArrayList<>();
    if (withAllocations) {
      for (var id : f.offers()) {
        OfferEntry o = s.offers().get(id);
        AgentEntry agent = o == null ? null : s.agents().get(o.agentId());
        if (o != null && agent != null) {
          offers.add(OfferMaker.toWire(o, f, agent));
          offered.addAll(ResourceMapping.toWire(o.resources(), o.role(), true));
        }
      }
      Map<String, Resources> byRole = new LinkedHashMap<>();
      for (TaskEntry t : f.tasks().values()) {
        if (!t.state().isTerminal()) {
          byRole.merge(t.role(), t.resources(), Resources::plus);
        }
      }
      byRole.forEach((role, r) -> allocated.addAll(ResourceMapping.toWire(r, role, true)));
    }
    return new GetFrameworks.Framework(
        f.info(),
        f.connected(),
        f.connected(),
        f.state() == FrameworkEntry.State.RECOVERED,
        time(f.registeredTime()),
        time(f.reregisteredTime()),
        time(f.unregisteredTime()),
        offers,
        allocated,
        offered);
  }

  public static GetFrameworks frameworks(MasterState s) {
    return frameworks(s, Visibility.everything());
  }

  /** The active and completed frameworks {@code seen} lets its caller see. */
  public static GetFrameworks frameworks(MasterState s, Visibility seen) {
    List<GetFrameworks.Framework> active = new ArrayList<>();
    for (FrameworkEntry f : s.frameworks().values()) {
      if (seen.framework(f)) {
        active.add(framework(s, f, true));
      }
    }
    List<GetFrameworks.Framework> completed = new ArrayList<>();
    for (FrameworkEntry f : s.completedFrameworks()) {
      if (seen.framework(f)) {
        completed.add(framework(s, f, true));
      }
    }
    return new GetFrameworks(active, completed);
  }

  /** The frameworks subscribed to each role, in subscription order. */
  public static Map<String, List<FrameworkId>> frameworksByRole(MasterState s) {
    Map<String, List<FrameworkId>> out = new LinkedHashMap<>();
    for (FrameworkEntry f : s.frameworks().values()) {
      for (String role : f.info().effectiveRoles()) {
        out.computeIfAbsent(role, r -> new ArrayList<>()).add(f.id());
      }
    }
    return out;
  }

  // ---- state ---------------------------------------------------------------------------------

  /**
   * GET_STATE: tasks, executors, frameworks and agents. The executors are the custom and default
   * ones the master books; command executors are the agent's (as in Mesos).
   */
  public static Response.GetState state(MasterState s) {
    return state(s, Visibility.everything());
  }

  /**
   * GET_STATE as {@code seen} lets its caller see it. Agents are listed whole, there being no ACL
   * for viewing agents; Mesos does leave out their resources of roles the caller may not view,
   * which Mezzo does not yet (docs/security.md says so).
   */
  public static Response.GetState state(MasterState s, Visibility seen) {
    return new Response.GetState(
        tasks(s, seen), ExecutorViews.executors(s, seen), frameworks(s, seen), agents(s));
  }

  public static TimeInfo time(Instant t) {
    return t == null ? null : TimeInfo.of(t);
  }
}
