package io.mezzo.cluster;

import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.api.v1.scheduler.Event;
import io.mezzo.framework.sdk.SchedulerCallException;
import io.mezzo.framework.sdk.SchedulerConnections;
import io.mezzo.master.CallResult;
import io.mezzo.master.Master;
import io.mezzo.master.scheduler.FrameworkStream;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The SDK's transport straight into an in-process {@link Master}, as the HTTP edge would call it
 * ({@code SchedulerRoute}): SUBSCRIBE through {@link Master#subscribe} with a stream of our own,
 * every other call through {@link Master#call} with that stream's id. Cluster tests run built-in
 * frameworks on it without any HTTP server.
 *
 * <p>The master is looked up at each subscription, so a test that replaces its master (a failover)
 * gets the new one on the framework's next resubscribe. Events are handed on from the master's
 * context; the SDK hops onto its own.
 */
public final class InProcessConnections implements SchedulerConnections {
  private final Supplier<Master> master;

  public InProcessConnections(Master master) {
    this(() -> master);
  }

  /** Subscribes to whatever master {@code master} returns at that moment (null: none leads). */
  public InProcessConnections(Supplier<Master> master) {
    this.master = master;
  }

  @Override
  public CompletionStage<Stream> subscribe(
      Call subscribe, Consumer<Event> events, Consumer<String> closed) {
    Master m = master.get();
    if (m == null || !m.isRecovered()) {
      return CompletableFuture.failedFuture(new SchedulerCallException(503, "No leader elected"));
    }
    InProcessStream stream = new InProcessStream(m, events, closed);
    return m.subscribe(subscribe, stream.toMaster)
        .thenApply(
            result -> {
              if (!result.isSuccess()) {
                stream.abandon();
                throw refused(result);
              }
              return stream;
            });
  }

  private static SchedulerCallException refused(CallResult result) {
    return new SchedulerCallException(
        result.status(), Objects.requireNonNullElse(result.message(), ""));
  }

  /**
   * One subscription: the SDK's {@link Stream}, and {@link #toMaster}, the {@link FrameworkStream}
   * the master writes to. Synchronized so that no event is handed on after {@code closed} ran,
   * whichever side closes first.
   */
  private static final class InProcessStream implements Stream {
    private final String id = UUID.randomUUID().toString();
    private final Master master;
    private final Consumer<Event> events;
    private final Consumer<String> closed;
    private boolean ended;

    final FrameworkStream toMaster =
        new FrameworkStream() {
          @Override
          public String id() {
            return id;
          }

          @Override
          public void send(Event event) {
            deliver(event);
          }

          /** The master ended the stream (a refusal, a failover onto another stream, its stop). */
          @Override
          public void close() {
            if (end()) {
              closed.accept("the master closed the stream");
            }
          }
        };

    InProcessStream(Master master, Consumer<Event> events, Consumer<String> closed) {
      this.master = master;
      this.events = events;
      this.closed = closed;
    }

    @Override
    public String streamId() {
      return id;
    }

    private synchronized void deliver(Event event) {
      if (!ended) {
        events.accept(event);
      }
    }

    /** True for the first end of this stream, from either side. */
    private synchronized boolean end() {
      boolean first = !ended;
      ended = true;
      return first;
    }

    @Override
    public CompletionStage<Void> call(Call call) {
      synchronized (this) {
        if (ended) {
          return CompletableFuture.failedFuture(
              new SchedulerCallException(503, "the subscription is closed"));
        }
      }
      return master
          .call(call, id)
          .thenApply(
              result -> {
                if (!result.isSuccess()) {
                  throw refused(result);
                }
                return null;
              });
    }

    /** The framework hangs up: the master sees the connection go, as over HTTP. */
    @Override
    public void close() {
      if (end()) {
        master.streamClosed(toMaster);
        closed.accept("closed by the framework");
      }
    }

    /** A refused subscription: nothing was ever open, so nobody is told. */
    void abandon() {
      if (end()) {
        master.streamClosed(toMaster);
      }
    }
  }
}
