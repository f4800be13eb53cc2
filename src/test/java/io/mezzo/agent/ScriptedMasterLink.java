package io.mezzo.agent;

import static org.awaitility.Awaitility.await;

import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A fake master for agent tests: records every SUBSCRIBE and every posted call, accepts posts
 * (202), and lets the test play the master's side of the current stream — emit events, end it.
 */
public final class ScriptedMasterLink implements MasterLink {
  private static final Duration WAIT = Duration.ofSeconds(60);

  /** One SUBSCRIBE and its stream. */
  public record Stream(AgentCall subscribe, Listener listener, AtomicBoolean closedByAgent) {}

  private final List<Stream> streams = new CopyOnWriteArrayList<>();
  private final List<AgentCall> sent = new CopyOnWriteArrayList<>();
  private final List<java.util.function.Consumer<String>> leaderChange =
      new CopyOnWriteArrayList<>();

  @Override
  public void onLeaderChange(java.util.function.Consumer<String> callback) {
    leaderChange.add(callback);
  }

  /** Plays the detector: another master leads now. */
  public void leaderChanged(String why) {
    leaderChange.forEach(c -> c.accept(why));
  }

  @Override
  public Subscription subscribe(AgentCall subscribe, Listener listener) {
    Stream s = new Stream(subscribe, listener, new AtomicBoolean());
    streams.add(s);
    return () -> s.closedByAgent.set(true);
  }

  @Override
  public CompletionStage<Void> send(AgentCall call) {
    sent.add(call);
    return CompletableFuture.completedFuture(null);
  }

  public List<Stream> streams() {
    return streams;
  }

  /** Waits until the agent has subscribed {@code n} times; returns the n-th stream. */
  public Stream awaitStream(int n) {
    await().atMost(WAIT).until(() -> streams.size() >= n);
    return streams.get(n - 1);
  }

  /** The master sends {@code event} on the latest stream. */
  public void emit(AgentEvent event) {
    streams.get(streams.size() - 1).listener().onEvent(event);
  }

  /** The master ends the latest stream. */
  public void endStream(String reason) {
    streams.get(streams.size() - 1).listener().onClosed(reason);
  }

  public List<AgentCall> sent() {
    return sent;
  }

  public long heartbeats() {
    return sent.stream().filter(c -> c.type() == AgentCall.Type.HEARTBEAT).count();
  }

  /** Every STATUS_UPDATE posted, resends included, in order. */
  public List<TaskStatus> updates() {
    return sent.stream()
        .filter(c -> c.type() == AgentCall.Type.STATUS_UPDATE)
        .map(c -> c.update().status())
        .toList();
  }

  public List<TaskStatus> updatesOf(TaskId task) {
    return updates().stream().filter(s -> s.taskId().equals(task)).toList();
  }

  /**
   * Waits until {@code task} has sent an update in {@code state}; returns the latest such update.
   */
  public TaskStatus awaitUpdate(TaskId task, TaskState state) {
    await().atMost(WAIT).until(() -> updatesOf(task).stream().anyMatch(s -> s.state() == state));
    List<TaskStatus> matching = updatesOf(task).stream().filter(s -> s.state() == state).toList();
    return matching.get(matching.size() - 1);
  }

  /** Plays the framework: acknowledges {@code status} through the master. */
  public void acknowledge(io.mezzo.api.v1.FrameworkId framework, TaskStatus status) {
    emit(AgentEvent.acknowledge(framework, status.taskId(), status.uuid()));
  }
}
