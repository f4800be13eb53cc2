package io.mezzo.agent;

import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fake master for bursts of thousands of tasks: accepts every call, plays a framework that
 * acknowledges every status update at once, and keeps per task only what a burst test asks (its
 * latest state, the states it went through), so lookups stay cheap however many tasks there are.
 */
final class AcknowledgingMasterLink implements MasterLink {
  private final List<Listener> streams = new CopyOnWriteArrayList<>();
  private final Map<TaskId, TaskStatus> latest = new ConcurrentHashMap<>();
  private final Map<TaskId, List<TaskState>> history = new ConcurrentHashMap<>();
  private final AtomicLong heartbeats = new AtomicLong();

  @Override
  public Subscription subscribe(AgentCall subscribe, Listener listener) {
    streams.add(listener);
    return () -> {};
  }

  @Override
  public CompletionStage<Void> send(AgentCall call) {
    if (call.type() == AgentCall.Type.HEARTBEAT) {
      heartbeats.incrementAndGet();
    } else if (call.type() == AgentCall.Type.STATUS_UPDATE) {
      TaskStatus s = call.update().status();
      latest.put(s.taskId(), s);
      history.computeIfAbsent(s.taskId(), id -> new CopyOnWriteArrayList<>()).add(s.state());
      if (s.uuid() != null) {
        // The listener only queues the event on the agent's context, so acknowledging from inside
        // the agent's own send cannot re-enter it.
        emit(AgentEvent.acknowledge(call.update().frameworkId(), s.taskId(), s.uuid()));
      }
    }
    return CompletableFuture.completedFuture(null);
  }

  int streamCount() {
    return streams.size();
  }

  /** The master sends {@code event} on the latest stream. */
  void emit(AgentEvent event) {
    streams.get(streams.size() - 1).onEvent(event);
  }

  long heartbeats() {
    return heartbeats.get();
  }

  /** The latest update of {@code task}, or null if it sent none. */
  TaskStatus latest(TaskId task) {
    return latest.get(task);
  }

  /** The states {@code task} reported, resends included, in order. */
  List<TaskState> states(TaskId task) {
    return history.getOrDefault(task, List.of());
  }

  /** How many of {@code tasks} have sent a terminal update. */
  long terminal(List<TaskId> tasks) {
    return tasks.stream()
        .filter(t -> latest.containsKey(t) && latest.get(t).state().isTerminal())
        .count();
  }

  long inState(List<TaskId> tasks, TaskState state) {
    return tasks.stream()
        .filter(t -> latest.containsKey(t) && latest.get(t).state() == state)
        .count();
  }
}
