package io.mezzo.master.registry;

import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.OfferId;
import io.mezzo.api.v1.scheduler.Event;
import io.mezzo.core.time.Timers;
import io.mezzo.master.scheduler.FrameworkStream;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The master's view of a framework. Owned by the master's context.
 *
 * <pre>
 *  SUBSCRIBE ──▶ CONNECTED ──stream closed──▶ DISCONNECTED ──failover_timeout──▶ REMOVED
 *                   ▲                              │
 *                   └────────re-SUBSCRIBE──────────┘          TEARDOWN (any) ──▶ REMOVED
 *  agent reports a task of an unknown framework ──▶ RECOVERED ──SUBSCRIBE──▶ CONNECTED
 * </pre>
 */
public final class FrameworkEntry {
  private static final int MAX_COMPLETED_TASKS = 1000;

  /** Lifecycle states, drawn above. */
  public enum State {
    CONNECTED,
    DISCONNECTED,
    RECOVERED,
    REMOVED
  }

  private final FrameworkId id;
  private FrameworkInfo info;
  private State state;
  private FrameworkStream stream;
  private Set<String> suppressedRoles = new LinkedHashSet<>();
  private Timers.Cancellable failoverTimer;
  private final Instant registeredTime;
  private Instant reregisteredTime;
  private Instant unregisteredTime;
  private final Set<OfferId> offers = new LinkedHashSet<>();
  private final Map<TaskEntry.TaskKey, TaskEntry> tasks = new LinkedHashMap<>();
  private final Deque<TaskEntry> completedTasks = new ArrayDeque<>();
  private final Map<String, OperationEntry> operations = new LinkedHashMap<>();

  public FrameworkEntry(FrameworkId id, FrameworkInfo info, State state, Instant now) {
    this.id = id;
    this.info = info;
    this.state = state;
    this.registeredTime = now;
  }

  public FrameworkId id() {
    return id;
  }

  public FrameworkInfo info() {
    return info;
  }

  public void info(FrameworkInfo newInfo) {
    this.info = newInfo;
  }

  public State state() {
    return state;
  }

  public boolean connected() {
    return state == State.CONNECTED;
  }

  public boolean partitionAware() {
    return info.hasCapability(FrameworkInfo.Capability.Type.PARTITION_AWARE);
  }

  public FrameworkStream stream() {
    return stream;
  }

  /** Attaches a new stream, closing the old one after telling it why. */
  public void connect(FrameworkStream newStream, Instant now) {
    if (stream != null && stream != newStream) {
      stream.send(Event.error("Framework failed over"));
      stream.close();
    }
    if (state != State.CONNECTED) {
      reregisteredTime = now; // back from DISCONNECTED or RECOVERED; a new entry starts CONNECTED
    }
    stream = newStream;
    state = State.CONNECTED;
    cancelFailoverTimer();
  }

  public void disconnect(Instant now, Timers.Cancellable timer) {
    stream = null;
    state = State.DISCONNECTED;
    unregisteredTime = now;
    failoverTimer = timer;
  }

  public void markRemoved(Instant now) {
    cancelFailoverTimer();
    if (stream != null) {
      stream.close();
    }
    stream = null;
    state = State.REMOVED;
    unregisteredTime = now;
  }

  private void cancelFailoverTimer() {
    if (failoverTimer != null) {
      failoverTimer.cancel();
      failoverTimer = null;
    }
  }

  /** Sends on the stream if connected; events for a disconnected framework are dropped. */
  public void send(Event event) {
    if (stream != null && state == State.CONNECTED) {
      stream.send(event);
    }
  }

  public Set<String> suppressedRoles() {
    return suppressedRoles;
  }

  public void suppressedRoles(Set<String> roles) {
    this.suppressedRoles = new LinkedHashSet<>(roles);
  }

  public Set<OfferId> offers() {
    return offers;
  }

  /** The framework's operations with feedback not yet acknowledged, by operation id. */
  public Map<String, OperationEntry> operations() {
    return operations;
  }

  public Map<TaskEntry.TaskKey, TaskEntry> tasks() {
    return tasks;
  }

  public Deque<TaskEntry> completedTasks() {
    return completedTasks;
  }

  public void complete(TaskEntry task) {
    tasks.remove(task.key());
    completedTasks.addLast(task);
    while (completedTasks.size() > MAX_COMPLETED_TASKS) {
      completedTasks.removeFirst();
    }
  }

  public Instant registeredTime() {
    return registeredTime;
  }

  public Instant reregisteredTime() {
    return reregisteredTime;
  }

  public Instant unregisteredTime() {
    return unregisteredTime;
  }
}
