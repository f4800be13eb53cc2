package io.mezzo.framework.sdk;

import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.api.v1.scheduler.Event;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The transport under the SDK: the v1 scheduler API's subscription stream and its calls. The
 * product uses HTTP ({@code POST /api/v1/scheduler}, RecordIO, {@code Mesos-Stream-Id}, redirects
 * to the leader); cluster tests plug in one that calls an in-process master.
 *
 * <p>Contract: {@link #subscribe} completes with the open stream once the master answered 200 (the
 * SUBSCRIBED event arrives through {@code events}, like every later one, in order); {@code closed}
 * is called exactly once when the stream ends for any reason, and no event follows it. A refused
 * subscription or call completes exceptionally with {@link SchedulerCallException}.
 */
public interface SchedulerConnections {
  CompletionStage<Stream> subscribe(
      Call subscribe, Consumer<Event> events, Consumer<String> closed);

  /** An open subscription. */
  interface Stream {
    String streamId();

    CompletionStage<Void> call(Call call);

    /** Closes the stream; {@code closed} is called. Idempotent. */
    void close();
  }
}
