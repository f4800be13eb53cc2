package io.mezzo.master.operator;

import io.mezzo.api.v1.TaskStatus;
import io.mezzo.api.v1.master.Event;
import io.mezzo.master.MasterObserver;
import io.mezzo.master.MasterState;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.master.registry.TaskEntry;
import io.mezzo.security.Caller;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * The operator SUBSCRIBE streams (MESOS-API.md §4.2): each gets SUBSCRIBED with the whole state and
 * a first HEARTBEAT, then an event for every change the master observes, and HEARTBEATs every
 * {@code heartbeat_interval_seconds}. As in Mesos, at most {@value #MAX_SUBSCRIBERS} streams are
 * kept; the oldest is closed to make room. Owned by the master's context: subscribing, the observer
 * calls and heartbeats all run there, so a new subscriber's snapshot and the events that follow it
 * neither overlap nor leave a gap.
 */
public final class OperatorSubscribers implements MasterObserver {
  private static final Logger LOG = Logger.getLogger(OperatorSubscribers.class);
  static final int MAX_SUBSCRIBERS = 1000;

  private final MasterState state;
  private final Map<String, Subscriber> streams = new LinkedHashMap<>();

  /** One open stream and what its caller may see, decided once for the stream's lifetime. */
  private record Subscriber(OperatorStream stream, Visibility seen) {}

  public OperatorSubscribers(MasterState state) {
    this.state = state;
  }

  /**
   * Sends SUBSCRIBED with the current state on {@code stream} and starts sending it events; {@code
   * caller} is who opened it, and sees in SUBSCRIBED and the events only the frameworks, tasks and
   * executors the master's authorizer lets it view (as Mesos filters the operator stream).
   */
  public void subscribe(OperatorStream stream, Caller caller) {
    if (streams.size() >= MAX_SUBSCRIBERS) {
      String oldest = streams.keySet().iterator().next();
      LOG.infof("operator stream %s closed: more than %d subscribers", oldest, MAX_SUBSCRIBERS);
      streams.remove(oldest).stream().close();
    }
    Visibility seen = Visibility.of(state, caller);
    double heartbeat = state.config().frameworkHeartbeatInterval().toMillis() / 1000.0;
    stream.send(Event.subscribed(WireViews.state(state, seen), heartbeat));
    // Mesos's heartbeater beats once at once, so a client knows the stream is live from the start.
    stream.send(Event.heartbeat());
    streams.put(stream.id(), new Subscriber(stream, seen));
    LOG.infof("operator stream %s subscribed (%d open)", stream.id(), streams.size());
  }

  /** The stream's connection went away. Unknown streams are ignored. */
  public void closed(OperatorStream stream) {
    if (streams.remove(stream.id()) != null) {
      LOG.debugf("operator stream %s closed", stream.id());
    }
  }

  public int size() {
    return streams.size();
  }

  public void heartbeat() {
    publish(Event.heartbeat());
  }

  /** Closes every stream (the master is stopping). */
  public void closeAll() {
    streams.values().forEach(s -> s.stream().close());
    streams.clear();
  }

  private void publish(Event event) {
    publish(event, seen -> true);
  }

  /** Sends {@code event} on the streams whose callers may see what it is about. */
  private void publish(Event event, Predicate<Visibility> shown) {
    for (Subscriber s : new ArrayList<>(streams.values())) {
      if (shown.test(s.seen())) {
        s.stream().send(event);
      }
    }
  }

  private boolean listening() {
    return !streams.isEmpty();
  }

  @Override
  public void frameworkAdded(FrameworkEntry framework) {
    if (listening()) {
      publish(
          Event.frameworkAdded(WireViews.framework(state, framework, false)),
          seen -> seen.framework(framework));
    }
  }

  @Override
  public void frameworkUpdated(FrameworkEntry framework) {
    if (listening()) {
      publish(
          Event.frameworkUpdated(WireViews.framework(state, framework, false)),
          seen -> seen.framework(framework));
    }
  }

  @Override
  public void frameworkRemoved(FrameworkEntry framework) {
    if (listening()) {
      publish(Event.frameworkRemoved(framework.info()), seen -> seen.framework(framework));
    }
  }

  @Override
  public void agentAdded(AgentEntry agent) {
    if (listening()) {
      publish(Event.agentAdded(WireViews.agent(state, agent, false)));
    }
  }

  @Override
  public void agentRemoved(AgentEntry agent) {
    if (listening()) {
      publish(Event.agentRemoved(agent.id()));
    }
  }

  @Override
  public void taskAdded(TaskEntry task) {
    if (listening()) {
      FrameworkEntry framework = Visibility.frameworkOf(state, task.frameworkId());
      String user = framework == null ? null : framework.info().user();
      publish(Event.taskAdded(WireViews.task(task, user)), seen -> seen.task(framework, task));
    }
  }

  @Override
  public void taskUpdated(TaskEntry task, TaskStatus status) {
    if (listening()) {
      FrameworkEntry framework = Visibility.frameworkOf(state, task.frameworkId());
      publish(
          Event.taskUpdated(task.frameworkId(), status, task.state()),
          seen -> seen.task(framework, task));
    }
  }

  /** For diagnostics: the ids of the open streams, oldest first. */
  public List<String> ids() {
    return List.copyOf(streams.keySet());
  }
}
