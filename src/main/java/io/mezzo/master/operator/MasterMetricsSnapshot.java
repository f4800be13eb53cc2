package io.mezzo.master.operator;

import io.mezzo.api.v1.TaskState;
import io.mezzo.core.resources.Resources;
import io.mezzo.master.MasterMetrics;
import io.mezzo.master.MasterState;
import io.mezzo.master.MasterSummary;
import io.mezzo.master.quota.QuotaConfig;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.FrameworkEntry;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * The master's metrics under Mesos's names (MESOS-API.md §5.2), for {@code /metrics/snapshot} and
 * GET_METRICS. A pure function of the state; run it on the master's context.
 */
public final class MasterMetricsSnapshot {
  private static final String[] RESOURCES = {"cpus", "mem", "disk", "gpus"};

  private MasterMetricsSnapshot() {}

  /**
   * @param subscribers open operator SUBSCRIBE streams
   */
  public static Map<String, Double> of(MasterState s, int subscribers) {
    MasterSummary sum = MasterSummary.of(s);
    Map<String, Double> m = new TreeMap<>();
    m.put("master/elected", s.recovered() ? 1.0 : 0.0);
    m.put("master/uptime_secs", Duration.between(s.startTime(), s.now()).toMillis() / 1000.0);
    for (String r : RESOURCES) {
      double total = sum.total().scalar(r);
      double used = sum.used().scalar(r);
      m.put("master/" + r + "_total", total);
      m.put("master/" + r + "_used", used);
      m.put("master/" + r + "_percent", total == 0 ? 0.0 : used / total);
      m.put("master/" + r + "_revocable_total", 0.0);
      m.put("master/" + r + "_revocable_used", 0.0);
      m.put("master/" + r + "_revocable_percent", 0.0);
    }
    int active = 0;
    int inactive = 0;
    for (AgentEntry a : s.agents().values()) {
      if (a.state() == AgentEntry.State.CONNECTED && !a.deactivated()) {
        active++;
      } else if (a.state() == AgentEntry.State.CONNECTED
          || a.state() == AgentEntry.State.DISCONNECTED) {
        inactive++;
      }
    }
    m.put("master/slaves_active", (double) active);
    m.put("master/slaves_inactive", (double) inactive);
    m.put("master/slaves_connected", (double) sum.agentsConnected());
    m.put("master/slaves_disconnected", (double) sum.agentsDisconnected());
    m.put("master/slaves_unreachable", (double) sum.agentsUnreachable());
    int fwActive = 0;
    for (FrameworkEntry f : s.frameworks().values()) {
      if (f.connected()) {
        fwActive++;
      }
    }
    m.put("master/frameworks_active", (double) fwActive);
    m.put("master/frameworks_inactive", (double) (s.frameworks().size() - fwActive));
    m.put("master/frameworks_connected", (double) sum.frameworksConnected());
    m.put("master/frameworks_disconnected", (double) sum.frameworksDisconnected());
    m.put("master/outstanding_offers", (double) sum.outstandingOffers());
    // As in Mesos, terminal states are counters of transitions (a task rejected at ACCEPT counts
    // though it never existed); the others are gauges of the tasks in that state now.
    MasterMetrics metrics = s.metrics();
    for (TaskState state : TaskState.values()) {
      if (state != TaskState.TASK_UNKNOWN) {
        m.put(
            "master/" + state.name().toLowerCase().replaceFirst("^task_", "tasks_"),
            state.isTerminal() ? (double) metrics.tasksEnded(state) : (double) sum.tasks(state));
      }
    }
    m.put("master/operator_event_stream_subscribers", (double) subscribers);
    metrics.counters().forEach((c, v) -> m.put(c.mesosName(), v.doubleValue()));
    m.put("allocator/mesos/allocation_run_ms", metrics.lastAllocationMillis());
    m.put(
        "allocator/mesos/allocation_run_ms/count",
        (double) metrics.get(MasterMetrics.Counter.ALLOCATION_RUNS));
    m.put("allocator/mesos/event_queue_dispatches", 0.0);
    Resources total = s.allocator().total();
    Resources allocated = s.allocator().allocatedTotal();
    for (String r : new String[] {"cpus", "mem", "disk"}) {
      m.put("allocator/mesos/resources/" + r + "/total", total.scalar(r));
      m.put("allocator/mesos/resources/" + r + "/offered_or_allocated", allocated.scalar(r));
    }
    for (String role : WireViews.frameworksByRole(s).keySet()) {
      m.put(
          "allocator/mesos/roles/" + role + "/shares/dominant", s.allocator().dominantShare(role));
      m.put(
          "allocator/mesos/offer_filters/roles/" + role + "/active",
          (double) s.allocator().activeFilters(role));
    }
    quota(s, m);
    return m;
  }

  /**
   * Mesos's quota gauges, per role with a quota and resource named in it: {@code guarantee} and
   * {@code limit} where set, and {@code offered_or_allocated} (the role's subtree) for each.
   */
  private static void quota(MasterState s, Map<String, Double> m) {
    for (QuotaConfig q : s.allocator().quotas().values()) {
      String prefix = "allocator/mesos/quota/roles/" + q.role() + "/resources/";
      Resources consumed = s.allocator().quotaConsumed(q.role());
      java.util.Set<String> names = new java.util.TreeSet<>(q.guarantees().keySet());
      names.addAll(q.limits().keySet());
      for (String name : names) {
        if (q.guarantees().containsKey(name)) {
          m.put(prefix + name + "/guarantee", q.guarantee(name));
        }
        if (q.limits().containsKey(name)) {
          m.put(prefix + name + "/limit", q.limit(name));
        }
        m.put(prefix + name + "/offered_or_allocated", consumed.scalar(name));
      }
    }
  }
}
