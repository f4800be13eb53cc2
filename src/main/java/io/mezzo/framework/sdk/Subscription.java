package io.mezzo.framework.sdk;

import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.api.v1.scheduler.Event;
import io.mezzo.core.concurrent.SerialContext;
import io.mezzo.core.time.Timers;
import io.mezzo.framework.sdk.SchedulerClient.State;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.random.RandomGenerator;
import org.jboss.logging.Logger;

/**
 * The state machine of a {@link SchedulerClient} (its diagram is there): subscribing, watching
 * heartbeats, backing off, delivering events. Every method runs on the client's context; callbacks
 * from the transport and the timers hop onto it and carry the attempt they belong to, so anything
 * arriving from a stream the client already gave up is ignored.
 */
final class Subscription {
  private static final Logger LOG = Logger.getLogger(Subscription.class);
  private static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);

  private final SchedulerClient client;
  private final Scheduler scheduler;
  private final SchedulerConnections connections;
  private final Timers timers;
  private final RandomGenerator random;
  private final SchedulerClientSettings settings;
  private final SerialContext context;
  private final String name;

  private FrameworkInfo info;
  private State state = State.NEW;
  private long attempt;
  private SchedulerConnections.Stream stream;

  /** Events of the current attempt that came before its stream did (an in-process master). */
  private final List<Event> early = new ArrayList<>();

  /** Why the current attempt's stream closed, if that too came before the stream. */
  private String earlyClose;

  private int failures;
  private Duration heartbeat = DEFAULT_HEARTBEAT;
  private Instant lastEvent;
  private Timers.Cancellable retryTimer;
  private Timers.Cancellable subscribeTimer;
  private Timers.Cancellable watchTimer;

  Subscription(
      SchedulerClient client,
      FrameworkInfo info,
      Scheduler scheduler,
      SchedulerConnections connections,
      Timers timers,
      RandomGenerator random,
      SchedulerClientSettings settings,
      SerialContext context) {
    this.client = client;
    this.info = info;
    this.scheduler = scheduler;
    this.connections = connections;
    this.timers = timers;
    this.random = random;
    this.settings = settings;
    this.context = context;
    this.name = info.name();
  }

  void subscribeNow() {
    if (state != State.NEW && state != State.BACKING_OFF) {
      return; // stopped or failed meanwhile
    }
    move(State.SUBSCRIBING);
    long a = ++attempt;
    stream = null;
    early.clear();
    earlyClose = null;
    subscribeTimer =
        later(
            settings.subscribeTimeout(),
            a,
            () -> {
              if (state == State.SUBSCRIBING) {
                drop("no SUBSCRIBED within " + settings.subscribeTimeout());
              }
            });
    LOG.infof(
        "framework %s: subscribing%s",
        name, info.id() == null ? "" : " as " + info.id().value() + " (failover)");
    CompletionStage<SchedulerConnections.Stream> answer;
    try {
      answer =
          connections.subscribe(
              Call.subscribe(info),
              event -> context.execute(() -> onEvent(a, event)),
              why -> context.execute(() -> onClosed(a, why)));
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    answer.whenComplete(
        (opened, error) ->
            context
                .call(
                    () -> {
                      onAnswer(a, opened, error);
                      return null;
                    })
                .exceptionally(
                    stopped -> {
                      // The client stopped before the answer came: hang up what it opened.
                      if (opened != null) {
                        opened.close();
                      }
                      return null;
                    }));
  }

  private void onAnswer(long a, SchedulerConnections.Stream opened, Throwable error) {
    if (a != attempt || state != State.SUBSCRIBING) {
      if (opened != null) {
        opened.close(); // an attempt given up (timed out, stopped): nobody reads it
      }
      return;
    }
    if (error != null) {
      Throwable cause =
          error instanceof CompletionException && error.getCause() != null
              ? error.getCause()
              : error;
      if (cause instanceof SchedulerCallException refused && isFinal(refused.status())) {
        end(State.FAILED, "SUBSCRIBE refused: " + refused.getMessage());
        callback(() -> scheduler.error(client, refused.getMessage()));
      } else {
        drop("SUBSCRIBE failed: " + cause.getMessage());
      }
      return;
    }
    stream = opened;
    List<Event> before = List.copyOf(early);
    early.clear();
    for (Event e : before) {
      if (a == attempt) {
        handle(e);
      }
    }
    if (a == attempt && earlyClose != null) {
      drop(earlyClose);
    }
  }

  /**
   * A refusal that the same SUBSCRIBE would get again: the call is malformed or not allowed.
   * Unavailable, not found (a node without a master yet) and throttled are worth retrying.
   */
  private static boolean isFinal(int status) {
    return status >= 400 && status < 500 && status != 404 && status != 408 && status != 429;
  }

  private void onEvent(long a, Event event) {
    if (a != attempt || (state != State.SUBSCRIBING && state != State.SUBSCRIBED)) {
      return;
    }
    if (stream == null) {
      early.add(event);
      return;
    }
    handle(event);
  }

  private void handle(Event event) {
    lastEvent = timers.clock().instant();
    switch (event.type()) {
      case SUBSCRIBED -> onSubscribed(event.subscribed());
      case HEARTBEAT -> {} // its arrival is the point: lastEvent moved
      case ERROR -> {
        String message = event.error() == null ? "(no message)" : event.error().message();
        end(State.FAILED, "the master ended the framework: " + message);
        callback(() -> scheduler.error(client, message));
      }
      default -> deliver(event);
    }
  }

  private void deliver(Event event) {
    if (state != State.SUBSCRIBED) {
      LOG.warnf("framework %s: %s before SUBSCRIBED, ignored", name, event.type());
      return;
    }
    switch (event.type()) {
      case OFFERS -> callback(() -> scheduler.offers(client, event.offers().offers()));
      case RESCIND -> callback(() -> scheduler.rescinded(client, event.rescind().offerId()));
      case UPDATE -> callback(() -> scheduler.update(client, event.update().status()));
      case MESSAGE -> callback(() -> scheduler.message(client, event.message()));
      case FAILURE -> callback(() -> scheduler.failure(client, event.failure()));
      default -> LOG.debugf("framework %s: %s not handled by the SDK", name, event.type());
    }
  }

  private void onSubscribed(Event.Subscribed subscribed) {
    if (state != State.SUBSCRIBING) {
      LOG.warnf("framework %s: a second SUBSCRIBED on one stream, ignored", name);
      return;
    }
    cancel(subscribeTimer);
    FrameworkId id = subscribed.frameworkId();
    info = info.withId(id);
    failures = 0;
    Double seconds = subscribed.heartbeatIntervalSeconds();
    heartbeat =
        seconds == null || seconds <= 0
            ? DEFAULT_HEARTBEAT
            : Duration.ofMillis(Math.max(1, Math.round(seconds * 1000)));
    state = State.SUBSCRIBED;
    client.up(id, stream);
    LOG.infof("framework %s: subscribed as %s (heartbeat %s)", name, id.value(), heartbeat);
    watch(attempt);
    // Implicit reconciliation first: the master then sends the latest state of every task it
    // knows for us, after SUBSCRIBED and in order with the rest, so nothing is missed in a
    // failover.
    stream
        .call(Call.reconcile(id, new Call.Reconcile(List.of())))
        .whenComplete(
            (ok, error) -> {
              if (error != null) {
                LOG.warnf("framework %s: implicit reconciliation failed: %s", name, error);
              }
            });
    callback(() -> scheduler.subscribed(client, id));
  }

  private void watch(long a) {
    watchTimer = later(heartbeat, a, this::checkHeartbeat);
  }

  private void checkHeartbeat() {
    if (state != State.SUBSCRIBED) {
      return;
    }
    Duration silence = Duration.between(lastEvent, timers.clock().instant());
    Duration limit = heartbeat.multipliedBy(settings.missedHeartbeats());
    if (silence.compareTo(limit) >= 0) {
      drop(
          "no event for "
              + silence
              + " ("
              + settings.missedHeartbeats()
              + " heartbeat intervals of "
              + heartbeat
              + ")");
    } else {
      watch(attempt);
    }
  }

  private void onClosed(long a, String why) {
    if (a != attempt) {
      return;
    }
    if (stream == null && state == State.SUBSCRIBING) {
      earlyClose = why; // its events are still waiting for the stream: they come first
      return;
    }
    drop(why);
  }

  /** Gives up the current stream and resubscribes after a backoff. */
  private void drop(String why) {
    if (state != State.SUBSCRIBING && state != State.SUBSCRIBED) {
      return;
    }
    boolean wasSubscribed = state == State.SUBSCRIBED;
    hangUp();
    failures++;
    Duration wait = settings.backoff(failures, random.nextDouble());
    state = State.BACKING_OFF;
    client.down(State.BACKING_OFF, why);
    LOG.infof(
        "framework %s: subscription lost (%s); resubscribing in %d ms (attempt %d)",
        name, why, wait.toMillis(), failures);
    retryTimer = later(wait, attempt, this::subscribeNow);
    if (wasSubscribed) {
      callback(() -> scheduler.disconnected(client, why));
    }
  }

  /** Ends for good ({@link State#FAILED} or {@link State#STOPPED}). Idempotent. */
  void end(State terminal, String why) {
    if (state == State.FAILED || state == State.STOPPED) {
      if (terminal == State.STOPPED) {
        state = State.STOPPED;
        client.down(State.STOPPED, why);
      }
      return;
    }
    hangUp();
    cancel(retryTimer);
    state = terminal;
    client.down(terminal, why);
    if (terminal == State.FAILED) {
      LOG.errorf("framework %s: %s; not resubscribing", name, why);
    } else {
      LOG.infof("framework %s: %s", name, why);
    }
  }

  /** Closes the current stream (if any) and voids everything of its attempt. */
  private void hangUp() {
    attempt++;
    cancel(subscribeTimer);
    cancel(watchTimer);
    early.clear();
    earlyClose = null;
    SchedulerConnections.Stream old = stream;
    stream = null;
    if (old != null) {
      old.close();
    }
  }

  private void move(State next) {
    state = next;
    client.moved(next);
  }

  /** Runs {@code work} on the context after {@code delay}, unless attempt {@code a} is over. */
  private Timers.Cancellable later(Duration delay, long a, Runnable work) {
    return timers.schedule(
        delay,
        () ->
            context.execute(
                () -> {
                  if (a == attempt) {
                    work.run();
                  }
                }));
  }

  private static void cancel(Timers.Cancellable timer) {
    if (timer != null) {
      timer.cancel();
    }
  }

  private void callback(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.errorf(e, "framework %s: scheduler callback failed; going on with the next event", name);
    }
  }
}
