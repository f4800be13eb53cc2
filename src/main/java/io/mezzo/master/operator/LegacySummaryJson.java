package io.mezzo.master.operator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.api.legacy.LegacyModel;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.TaskState;
import io.mezzo.core.resources.Resources;
import io.mezzo.master.MasterState;
import io.mezzo.master.offer.OfferEntry;
import io.mezzo.master.quota.QuotaConfig;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.master.registry.TaskEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The master's lighter legacy endpoints (MESOS-API.md §4.3): {@code /master/state-summary}, {@code
 * /master/tasks} (paged) and {@code /master/roles}. Pure functions of the state; run them on the
 * master's context.
 */
public final class LegacySummaryJson {
  /** The task states counted per agent and framework in the summary, as Mesos counts them. */
  private static final TaskState[] COUNTED = {
    TaskState.TASK_STAGING, TaskState.TASK_STARTING, TaskState.TASK_RUNNING, TaskState.TASK_KILLING,
    TaskState.TASK_FINISHED, TaskState.TASK_KILLED, TaskState.TASK_FAILED, TaskState.TASK_LOST,
    TaskState.TASK_ERROR, TaskState.TASK_UNREACHABLE
  };

  /** {@code /master/tasks} paging: at most this many per page, as Mesos. */
  public static final int MAX_TASKS_LIMIT = 100;

  private LegacySummaryJson() {}

  /** {@code /master/state-summary}: agents and frameworks with task counts, without the tasks. */
  public static ObjectNode stateSummary(MasterState s) {
    return stateSummary(s, Visibility.everything());
  }

  /**
   * {@code /master/state-summary} for a caller: only the frameworks {@code seen} lets it view are
   * listed. The agents' task counts and framework ids stay whole, as Mesos's do: they say how busy
   * an agent is, not what runs there.
   */
  public static ObjectNode stateSummary(MasterState s, Visibility seen) {
    ObjectNode out = LegacyModel.object();
    out.put("hostname", s.masterInfo().hostname());
    Map<String, Map<TaskState, Integer>> byAgent = new TreeMap<>();
    Map<String, Map<TaskState, Integer>> byFramework = new TreeMap<>();
    Map<String, Set<String>> frameworksOfAgent = new TreeMap<>();
    Map<String, Set<String>> agentsOfFramework = new TreeMap<>();
    List<FrameworkEntry> all = new ArrayList<>(s.frameworks().values());
    for (FrameworkEntry f : all) {
      List<TaskEntry> tasks = new ArrayList<>(f.tasks().values());
      tasks.addAll(f.completedTasks());
      for (TaskEntry t : tasks) {
        String agent = t.agentId().value();
        String fw = f.id().value();
        byAgent
            .computeIfAbsent(agent, k -> new EnumMap<>(TaskState.class))
            .merge(t.state(), 1, Integer::sum);
        byFramework
            .computeIfAbsent(fw, k -> new EnumMap<>(TaskState.class))
            .merge(t.state(), 1, Integer::sum);
        frameworksOfAgent.computeIfAbsent(agent, k -> new LinkedHashSet<>()).add(fw);
        agentsOfFramework.computeIfAbsent(fw, k -> new LinkedHashSet<>()).add(agent);
      }
    }
    ArrayNode slaves = out.putArray("slaves");
    for (AgentEntry a : s.agents().values()) {
      if (a.state() != AgentEntry.State.CONNECTED && a.state() != AgentEntry.State.DISCONNECTED) {
        continue;
      }
      ObjectNode slave = LegacyStateJson.slave(s, a);
      counts(slave, byAgent.getOrDefault(a.id().value(), Map.of()));
      ArrayNode ids = slave.putArray("framework_ids");
      frameworksOfAgent.getOrDefault(a.id().value(), Set.of()).forEach(ids::add);
      slaves.add(slave);
    }
    ArrayNode frameworks = out.putArray("frameworks");
    for (FrameworkEntry f : all) {
      if (!seen.framework(f)) {
        continue;
      }
      ObjectNode fw = LegacyStateJson.framework(s, f, seen);
      for (String heavy :
          new String[] {"tasks", "unreachable_tasks", "completed_tasks", "offers", "executors"}) {
        fw.remove(heavy);
      }
      counts(fw, byFramework.getOrDefault(f.id().value(), Map.of()));
      ArrayNode ids = fw.putArray("slave_ids");
      agentsOfFramework.getOrDefault(f.id().value(), Set.of()).forEach(ids::add);
      frameworks.add(fw);
    }
    return out;
  }

  private static void counts(ObjectNode into, Map<TaskState, Integer> counts) {
    for (TaskState st : COUNTED) {
      into.put(st.name(), counts.getOrDefault(st, 0));
    }
  }

  /**
   * {@code /master/tasks}: every task (active and completed frameworks), optionally of one
   * framework or with one id, ordered by the time of its first status ({@code asc}, or newest first
   * for {@code des}/{@code desc}, the default), then paged.
   *
   * @throws IllegalArgumentException with a message for a bad limit, offset or order
   */
  public static ObjectNode tasks(MasterState s, Query q) {
    return tasks(s, q, Visibility.everything());
  }

  /**
   * {@code /master/tasks} of the tasks {@code seen} lets its caller view; paging counts only those.
   */
  public static ObjectNode tasks(MasterState s, Query q, Visibility seen) {
    List<TaskEntry> tasks = new ArrayList<>();
    List<String> users = new ArrayList<>();
    List<FrameworkEntry> frameworks = new ArrayList<>(s.frameworks().values());
    frameworks.addAll(s.completedFrameworks());
    for (FrameworkEntry f : frameworks) {
      if (q.frameworkId() != null && !f.id().value().equals(q.frameworkId())) {
        continue;
      }
      List<TaskEntry> own = new ArrayList<>(f.tasks().values());
      own.addAll(f.completedTasks());
      for (TaskEntry t : own) {
        if ((q.taskId() == null || t.taskId().value().equals(q.taskId())) && seen.task(f, t)) {
          tasks.add(t);
          users.add(f.info().user());
        }
      }
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      order.add(i);
    }
    Comparator<Integer> byStart = Comparator.comparingDouble(i -> startTime(tasks.get(i)));
    order.sort(q.ascending() ? byStart : byStart.reversed());
    ObjectNode out = LegacyModel.object();
    ArrayNode page = out.putArray("tasks");
    for (int i = q.offset(); i < order.size() && page.size() < q.limit(); i++) {
      int idx = order.get(i);
      page.add(LegacyStateJson.task(tasks.get(idx), users.get(idx)));
    }
    return out;
  }

  private static double startTime(TaskEntry t) {
    var statuses = t.statuses();
    return statuses.isEmpty() || statuses.get(0).timestamp() == null
        ? Double.MAX_VALUE
        : statuses.get(0).timestamp();
  }

  /** The parameters of {@code /master/tasks}, checked. */
  public record Query(int limit, int offset, boolean ascending, String frameworkId, String taskId) {
    /**
     * Parses the query parameters as Mesos does: {@code limit} (default {@value #MAX_TASKS_LIMIT},
     * larger values are capped to it), {@code offset} (default 0), {@code order} ({@code asc} or
     * {@code des}, default {@code des}; {@code desc} is taken too).
     *
     * @throws IllegalArgumentException naming the bad parameter
     */
    public static Query parse(
        String limit, String offset, String order, String frameworkId, String taskId) {
      int l = number("limit", limit, MAX_TASKS_LIMIT);
      int o = number("offset", offset, 0);
      String ord = order == null || order.isBlank() ? "des" : order;
      if (!ord.equals("asc") && !ord.equals("des") && !ord.equals("desc")) {
        throw new IllegalArgumentException("'order' must be 'asc' or 'des', got '" + order + "'");
      }
      return new Query(
          Math.min(l, MAX_TASKS_LIMIT),
          o,
          ord.equals("asc"),
          blankToNull(frameworkId),
          blankToNull(taskId));
    }

    private static int number(String name, String text, int dflt) {
      if (text == null || text.isBlank()) {
        return dflt;
      }
      try {
        int v = Integer.parseInt(text.trim());
        if (v < 0) {
          throw new IllegalArgumentException("'" + name + "' must not be negative, got " + text);
        }
        return v;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + name + "' must be a number, got '" + text + "'");
      }
    }

    private static String blankToNull(String s) {
      return s == null || s.isBlank() ? null : s;
    }
  }

  /**
   * {@code /master/roles}: each role with its weight, frameworks and resources, as {@code {"roles":
   * [{name, weight, frameworks, resources, allocated, offered, reserved, quota}]}}; {@code quota}
   * is the role's guarantee and limit (scalar amounts by name, empty without a quota) and what it
   * consumes: the offered and allocated scalars of its subtree, as the allocator measures them.
   */
  public static ObjectNode roles(MasterState s) {
    return roles(s, Visibility.everything());
  }

  /** {@code /master/roles}, the roles {@code seen} lets its caller view ({@code view_roles}). */
  public static ObjectNode roles(MasterState s, Visibility seen) {
    Map<String, List<FrameworkId>> frameworks = WireViews.frameworksByRole(s);
    Map<String, Resources> allocated = new TreeMap<>();
    Map<String, Resources> offered = new TreeMap<>();
    Map<String, Resources> reserved = new TreeMap<>();
    for (FrameworkEntry f : s.frameworks().values()) {
      for (TaskEntry t : f.tasks().values()) {
        if (!t.state().isTerminal()) {
          allocated.merge(t.role(), t.resources(), Resources::plus);
        }
      }
    }
    for (OfferEntry o : s.offers().values()) {
      offered.merge(o.role(), o.resources(), Resources::plus);
    }
    for (AgentEntry a : s.agents().values()) {
      if (a.state() == AgentEntry.State.CONNECTED || a.state() == AgentEntry.State.DISCONNECTED) {
        a.total().asMap().keySet().stream()
            .filter(k -> k.isReserved())
            .map(k -> k.role())
            .distinct()
            .forEach(role -> reserved.merge(role, a.total().reservedTo(role), Resources::plus));
      }
    }
    Map<String, Double> weights = s.registry().current().weights();
    Map<String, QuotaConfig> quotas = s.registry().current().quotas();
    TreeMap<String, Boolean> names = new TreeMap<>();
    for (Map<String, ?> m :
        List.<Map<String, ?>>of(frameworks, allocated, offered, reserved, weights, quotas)) {
      m.keySet().forEach(r -> names.put(r, true));
    }
    ObjectNode out = LegacyModel.object();
    ArrayNode roles = out.putArray("roles");
    for (String name : names.keySet()) {
      if (!seen.role(name)) {
        continue;
      }
      ObjectNode role = roles.addObject();
      role.put("name", name);
      role.put("weight", weights.getOrDefault(name, 1.0));
      ArrayNode ids = role.putArray("frameworks");
      frameworks.getOrDefault(name, List.of()).forEach(id -> ids.add(id.value()));
      Resources alloc = allocated.getOrDefault(name, Resources.empty());
      Resources off = offered.getOrDefault(name, Resources.empty());
      role.set("resources", LegacyModel.resources(alloc.plus(off)));
      role.set("allocated", LegacyModel.resources(alloc));
      role.set("offered", LegacyModel.resources(off));
      role.set("reserved", LegacyModel.resources(reserved.getOrDefault(name, Resources.empty())));
      ObjectNode quota = role.putObject("quota");
      quota.put("role", name);
      QuotaConfig q = quotas.get(name);
      ObjectNode guarantee = quota.putObject("guarantee");
      ObjectNode limit = quota.putObject("limit");
      if (q != null) {
        q.guarantees().forEach(guarantee::put);
        q.limits().forEach(limit::put);
      }
      quota.set("consumed", LegacyModel.resources(s.allocator().quotaConsumed(name)));
    }
    return out;
  }
}
