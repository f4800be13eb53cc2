package io.mezzo.framework.sdk;

import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.api.v1.scheduler.Event;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A transport whose every step the test plays by hand: each SUBSCRIBE becomes an {@link Attempt}
 * the test opens or refuses, feeds events to and closes; every call on an open stream is recorded
 * and answered 202 at once.
 */
final class ScriptedConnections implements SchedulerConnections {
  final List<Attempt> attempts = new CopyOnWriteArrayList<>();

  @Override
  public CompletionStage<Stream> subscribe(
      Call subscribe, Consumer<Event> events, Consumer<String> closed) {
    Attempt a = new Attempt(subscribe, events, closed);
    attempts.add(a);
    return a.answer;
  }

  Attempt last() {
    return attempts.get(attempts.size() - 1);
  }

  /** One SUBSCRIBE and the stream it may open. */
  static final class Attempt {
    final Call subscribe;
    private final Consumer<Event> events;
    private final Consumer<String> closedCallback;
    private final CompletableFuture<Stream> answer = new CompletableFuture<>();
    final ScriptedStream stream;

    Attempt(Call subscribe, Consumer<Event> events, Consumer<String> closed) {
      this.subscribe = subscribe;
      this.events = events;
      this.closedCallback = closed;
      this.stream = new ScriptedStream(this);
    }

    Attempt open() {
      answer.complete(stream);
      return this;
    }

    Attempt refuse(int status, String message) {
      answer.completeExceptionally(new SchedulerCallException(status, message));
      return this;
    }

    Attempt emit(Event event) {
      if (!stream.closed) {
        events.accept(event);
      }
      return this;
    }

    /** The master (or the network) ends the stream. */
    Attempt closeByMaster(String why) {
      if (!stream.closed) {
        stream.closed = true;
        closedCallback.accept(why);
      }
      return this;
    }
  }

  /** An open stream: records calls, answers each at once. */
  static final class ScriptedStream implements Stream {
    private final Attempt attempt;
    final List<Call> calls = new CopyOnWriteArrayList<>();
    volatile boolean closed;
    volatile int closes;

    ScriptedStream(Attempt attempt) {
      this.attempt = attempt;
    }

    @Override
    public String streamId() {
      return "stream-" + System.identityHashCode(this);
    }

    @Override
    public CompletionStage<Void> call(Call call) {
      calls.add(call);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {
      closes++;
      if (!closed) {
        closed = true;
        attempt.closedCallback.accept("closed by the framework");
      }
    }
  }
}
