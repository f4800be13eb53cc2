package io.mezzo.master.registry;

import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.AgentInfo;
import io.mezzo.api.v1.OfferId;
import io.mezzo.core.resources.Resources;
import io.mezzo.master.agents.AgentChannel;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The master's view of an agent. Owned by the master's context.
 *
 * <pre>
 *  SUBSCRIBE ──▶ CONNECTED ──stream closed──▶ DISCONNECTED ──re-SUBSCRIBE──▶ CONNECTED
 *                   │                              │
 *                   └──── missed heartbeats ───────┴──▶ UNREACHABLE ──re-SUBSCRIBE──▶ CONNECTED
 *  (operator, later) ──▶ GONE: never comes back with this id
 * </pre>
 */
public final class AgentEntry {
  /** Lifecycle states, drawn above. */
  public enum State {
    CONNECTED,
    DISCONNECTED,
    UNREACHABLE,
    GONE
  }

  private final AgentId id;
  private AgentInfo info;
  private Resources total;
  private String endpoint;
  private String version;
  private String ip;
  private State state;
  private boolean deactivated;
  private AgentChannel channel;
  private Instant lastHeartbeat;
  private int missedPings;
  private final Instant registeredTime;
  private Instant reregisteredTime;
  private Instant unreachableTime;
  private final Set<OfferId> offers = new LinkedHashSet<>();
  private final Map<TaskEntry.TaskKey, TaskEntry> tasks = new LinkedHashMap<>();
  private final Map<ExecutorEntry.Key, ExecutorEntry> executors = new LinkedHashMap<>();

  public AgentEntry(AgentId id, AgentInfo info, Resources total, String endpoint, Instant now) {
    this.id = id;
    this.info = info;
    this.total = total;
    this.endpoint = endpoint;
    this.state = State.DISCONNECTED;
    this.registeredTime = now;
    this.lastHeartbeat = now;
  }

  public AgentId id() {
    return id;
  }

  public AgentInfo info() {
    return info;
  }

  public Resources total() {
    return total;
  }

  /** A dynamic reservation changed the agent's total (same amounts, other reservation stacks). */
  public void total(Resources newTotal) {
    total = newTotal;
  }

  public String endpoint() {
    return endpoint;
  }

  public State state() {
    return state;
  }

  /** The version the agent reported when it last registered; null if it sent none. */
  public String version() {
    return version;
  }

  public void version(String value) {
    this.version = value;
  }

  /** The IP address the agent reported when it last registered; null if it reported none. */
  public String ip() {
    return ip;
  }

  public void ip(String value) {
    this.ip = value;
  }

  public boolean deactivated() {
    return deactivated;
  }

  public void deactivated(boolean value) {
    this.deactivated = value;
  }

  /** True when offers may be made for this agent. */
  public boolean offerable() {
    return state == State.CONNECTED && !deactivated;
  }

  public void connect(
      AgentChannel newChannel,
      AgentInfo newInfo,
      Resources newTotal,
      String newEndpoint,
      Instant now,
      boolean reregistration) {
    if (channel != null && channel != newChannel) {
      channel.close();
    }
    channel = newChannel;
    info = newInfo;
    total = newTotal;
    endpoint = newEndpoint;
    state = State.CONNECTED;
    lastHeartbeat = now;
    missedPings = 0;
    unreachableTime = null;
    if (reregistration) {
      reregisteredTime = now;
    }
  }

  /**
   * The stream broke; returns false if {@code closed} is not the current channel (a stale close).
   */
  public boolean disconnect(AgentChannel closed) {
    if (closed != channel) {
      return false;
    }
    channel = null;
    if (state == State.CONNECTED) {
      state = State.DISCONNECTED;
    }
    return true;
  }

  /** Whether {@code candidate} is the agent's current channel (a close of another is stale). */
  public boolean hasChannel(AgentChannel candidate) {
    return candidate != null && candidate == channel;
  }

  /** Closes the stream without changing state (the master is stopping). */
  public void closeChannel() {
    if (channel != null) {
      channel.close();
      channel = null;
    }
  }

  public void markUnreachable(Instant now) {
    if (channel != null) {
      channel.close();
      channel = null;
    }
    state = State.UNREACHABLE;
    unreachableTime = now;
  }

  /**
   * The operator marked the agent gone: it may never come back with this id. The channel stays open
   * so the master's last words reach it; {@link #closeChannel} ends it after them.
   */
  public void markGone() {
    state = State.GONE;
  }

  public void send(AgentEvent event) {
    if (channel != null) {
      channel.send(event);
    }
  }

  public void heartbeat(Instant now) {
    lastHeartbeat = now;
    missedPings = 0;
  }

  public Instant lastHeartbeat() {
    return lastHeartbeat;
  }

  public int missedPings() {
    return missedPings;
  }

  public int missPing() {
    return ++missedPings;
  }

  public Instant registeredTime() {
    return registeredTime;
  }

  public Instant reregisteredTime() {
    return reregisteredTime;
  }

  public Instant unreachableTime() {
    return unreachableTime;
  }

  public Set<OfferId> offers() {
    return offers;
  }

  public Map<TaskEntry.TaskKey, TaskEntry> tasks() {
    return tasks;
  }

  /**
   * The executors (custom and default) running here, by framework and id; the applier's executor
   * changes keep it (see {@link ExecutorEntry}).
   */
  public Map<ExecutorEntry.Key, ExecutorEntry> executors() {
    return executors;
  }

  /** Resources used by tasks that have not returned them yet, and by the executors here. */
  public Resources used() {
    Resources used = Resources.empty();
    for (ExecutorEntry e : executors.values()) {
      used = used.plus(e.resources());
    }
    for (TaskEntry t : tasks.values()) {
      if (!t.state().isTerminal()) {
        used = used.plus(t.resources());
      }
    }
    return used;
  }
}
