package io.mezzo.framework.sdk;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.Filters;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.KillPolicy;
import io.mezzo.api.v1.OfferId;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.core.concurrent.SerialContext;
import io.mezzo.core.time.Timers;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.jboss.logging.Logger;

/**
 * The SDK's {@link SchedulerDriver}: keeps one v1 scheduler subscription alive and hands its events
 * to a {@link Scheduler}, one at a time and in order, on a {@link SerialContext} of its own.
 *
 * <pre>
 *   NEW ──start──▶ SUBSCRIBING ──SUBSCRIBED event──▶ SUBSCRIBED
 *                    ▲    │ refused (retryable), closed,          │ closed, or no event for
 *                    │    │ no SUBSCRIBED in time                 │ N heartbeat intervals
 *                    │    ▼                                       ▼
 *                  BACKING_OFF ◀─────────────────────────────────┘   (backoff with jitter)
 *
 *   any ──ERROR event, or SUBSCRIBE refused for good (4xx)──▶ FAILED     any ──stop──▶ STOPPED
 * </pre>
 *
 * Every subscription after the first carries the FrameworkID the master gave, so it is a failover
 * of the same framework, never a new one. After each SUBSCRIBED the client asks for implicit
 * reconciliation and only then calls {@link Scheduler#subscribed}. Calls made while not subscribed
 * fail at once with a 503 {@link SchedulerCallException} saying why: offers and stream ids do not
 * survive a resubscription, so queueing them would only replay stale calls.
 *
 * <p>Threading: all state below is owned by the context; calls from any thread read only the
 * volatile {@link Live} view the context publishes.
 */
public final class SchedulerClient implements SchedulerDriver {
  private static final Logger LOG = Logger.getLogger(SchedulerClient.class);

  /** The states of the diagram above. */
  public enum State {
    NEW,
    SUBSCRIBING,
    SUBSCRIBED,
    BACKING_OFF,
    FAILED,
    STOPPED
  }

  private final SchedulerClientSettings settings;
  private final SerialContext context;
  private final String name;
  private final List<String> roles;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final Subscription subscription;

  // Published by the context for calls from any thread.
  private volatile Live live;
  private volatile String down = "not started";
  private volatile FrameworkId frameworkId;
  private volatile State published = State.NEW;

  /** The open stream calls go to, and the id they carry; null while not subscribed. */
  record Live(SchedulerConnections.Stream stream, FrameworkId id) {}

  /** A client with default settings on a context thread of its own. */
  public SchedulerClient(
      FrameworkInfo info,
      Scheduler scheduler,
      SchedulerConnections connections,
      Timers timers,
      RandomGenerator random) {
    this(
        info,
        scheduler,
        connections,
        timers,
        random,
        SchedulerClientSettings.defaults(),
        new SerialContext("scheduler-" + info.name()));
  }

  /**
   * A client on a given context (tests pass a {@link SerialContext#pumped} one). The client owns
   * the context from here on and closes it in {@link #stop}.
   */
  public SchedulerClient(
      FrameworkInfo info,
      Scheduler scheduler,
      SchedulerConnections connections,
      Timers timers,
      RandomGenerator random,
      SchedulerClientSettings settings,
      SerialContext context) {
    this.settings = settings;
    this.context = context;
    this.name = info.name();
    this.roles = info.effectiveRoles();
    this.frameworkId = info.id();
    this.subscription =
        new Subscription(this, info, scheduler, connections, timers, random, settings, context);
  }

  /** Starts subscribing in the background; returns at once. A client starts once. */
  public void start() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("cannot start scheduler client " + name + " twice");
    }
    context.execute(subscription::subscribeNow);
  }

  /**
   * Hangs up and stops reconnecting, for good; the framework stays registered at the master until
   * its failover timeout, so a new client with the same FrameworkID can take over. Bounded by the
   * settings' stop timeout; idempotent; safe from any thread, including a scheduler callback.
   */
  public void stop() {
    if (!stopping.compareAndSet(false, true)) {
      return;
    }
    if (context.inContext()) {
      subscription.end(State.STOPPED, "stopped");
      // Closing from its own thread cannot wait for itself; the current task is the last one.
      context.close(Duration.ZERO);
      Thread.interrupted();
      return;
    }
    CompletableFuture<Void> done =
        context.call(
            () -> {
              subscription.end(State.STOPPED, "stopped");
              return null;
            });
    try {
      done.get(settings.stopTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.warnf("scheduler client %s: stop did not finish in time: %s", name, e.toString());
    }
    context.close(settings.stopTimeout());
  }

  /** Where the client is in its state diagram, as last published by its context. */
  public State state() {
    return published;
  }

  public boolean isSubscribed() {
    return live != null;
  }

  @Override
  public Optional<FrameworkId> frameworkId() {
    return Optional.ofNullable(frameworkId);
  }

  @Override
  public CompletionStage<Void> accept(
      List<OfferId> offers, List<Call.Operation> operations, Filters filters) {
    return send(
        Call.Type.ACCEPT, id -> Call.accept(id, new Call.Accept(offers, operations, filters)));
  }

  @Override
  public CompletionStage<Void> decline(List<OfferId> offers, Filters filters) {
    return send(Call.Type.DECLINE, id -> Call.decline(id, new Call.Decline(offers, filters)));
  }

  @Override
  public CompletionStage<Void> kill(TaskId task, AgentId agent, KillPolicy killPolicy) {
    return send(Call.Type.KILL, id -> Call.kill(id, new Call.Kill(task, agent, killPolicy)));
  }

  @Override
  public CompletionStage<Void> acknowledge(TaskStatus status) {
    if (status.uuid() == null) {
      return CompletableFuture.completedFuture(null);
    }
    return send(
        Call.Type.ACKNOWLEDGE,
        id ->
            Call.acknowledge(
                id, new Call.Acknowledge(status.agentId(), status.taskId(), status.uuid())));
  }

  @Override
  public CompletionStage<Void> reconcile(List<Call.Reconcile.Task> tasks) {
    return send(Call.Type.RECONCILE, id -> Call.reconcile(id, new Call.Reconcile(tasks)));
  }

  @Override
  public CompletionStage<Void> revive() {
    return send(Call.Type.REVIVE, id -> Call.revive(id, new Call.Revive(roles)));
  }

  @Override
  public CompletionStage<Void> suppress() {
    return send(Call.Type.SUPPRESS, id -> Call.suppress(id, new Call.Suppress(roles)));
  }

  @Override
  public CompletionStage<Void> teardown() {
    return send(Call.Type.TEARDOWN, id -> Call.of(Call.Type.TEARDOWN, id));
  }

  private CompletionStage<Void> send(Call.Type type, Function<FrameworkId, Call> make) {
    Live l = live;
    if (l == null) {
      return CompletableFuture.failedFuture(
          new SchedulerCallException(
              503, type + " not sent: " + name + " is not subscribed (" + down + ")"));
    }
    try {
      return l.stream().call(make.apply(l.id()));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  // ---- what the subscription publishes from the context ----------------------------------

  /** Subscribed as {@code id} on {@code stream}: calls go there from now on. */
  void up(FrameworkId id, SchedulerConnections.Stream stream) {
    frameworkId = id;
    live = new Live(stream, id);
    published = State.SUBSCRIBED;
  }

  /** Not subscribed any more, for {@code why}; calls are refused with it. */
  void down(State state, String why) {
    live = null;
    down = why;
    published = state;
  }

  void moved(State state) {
    published = state;
  }
}
