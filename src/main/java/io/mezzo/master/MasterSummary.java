package io.mezzo.master;

import io.mezzo.api.v1.TaskState;
import io.mezzo.core.resources.Resources;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.master.registry.TaskEntry;
import java.util.EnumMap;
import java.util.Map;

/**
 * A point-in-time count of what the master holds, copied on its context, for metrics and health.
 * Cheap enough to take every second on large clusters (one pass over agents and tasks).
 */
public record MasterSummary(
    int agentsConnected,
    int agentsDisconnected,
    int agentsUnreachable,
    int frameworksConnected,
    int frameworksDisconnected,
    int outstandingOffers,
    Map<TaskState, Integer> tasksByState,
    Resources total,
    Resources used,
    Resources offered) {

  public static MasterSummary of(MasterState state) {
    int connected = 0;
    int disconnected = 0;
    int unreachable = 0;
    Resources total = Resources.empty();
    Resources used = Resources.empty();
    Map<TaskState, Integer> tasks = new EnumMap<>(TaskState.class);
    for (AgentEntry a : state.agents().values()) {
      switch (a.state()) {
        case CONNECTED -> connected++;
        case DISCONNECTED -> disconnected++;
        case UNREACHABLE -> unreachable++;
        default -> {}
      }
      if (a.state() == AgentEntry.State.CONNECTED || a.state() == AgentEntry.State.DISCONNECTED) {
        total = total.plus(a.total());
        used = used.plus(a.used());
      }
    }
    int fwConnected = 0;
    int fwDisconnected = 0;
    for (FrameworkEntry f : state.frameworks().values()) {
      if (f.connected()) {
        fwConnected++;
      } else {
        fwDisconnected++;
      }
      for (TaskEntry t : f.tasks().values()) {
        tasks.merge(t.state(), 1, Integer::sum);
      }
      for (TaskEntry t : f.completedTasks()) {
        tasks.merge(t.state(), 1, Integer::sum);
      }
    }
    for (FrameworkEntry f : state.completedFrameworks()) {
      for (TaskEntry t : f.completedTasks()) {
        tasks.merge(t.state(), 1, Integer::sum);
      }
    }
    Resources offered = Resources.empty();
    for (var o : state.offers().values()) {
      offered = offered.plus(o.resources());
    }
    return new MasterSummary(
        connected,
        disconnected,
        unreachable,
        fwConnected,
        fwDisconnected,
        state.offers().size(),
        tasks,
        total,
        used,
        offered);
  }

  public int tasks(TaskState s) {
    return tasksByState.getOrDefault(s, 0);
  }
}
