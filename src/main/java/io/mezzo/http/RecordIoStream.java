package io.mezzo.http;

import io.mezzo.api.v1.MesosJson;
import io.mezzo.api.v1.RecordIo;
import io.mezzo.master.CallResult;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * A long-lived RecordIO response (scheduler subscriptions and agent command streams). Events are
 * published from any thread onto the event bus and written, one record per HTTP chunk, on the
 * request's Vert.x context. Events published before the call's outcome is known are held until
 * {@link #start} (200) or dropped by {@link #fail}.
 *
 * <p>A client that stops reading is cut off once its write queue is full, rather than letting the
 * master buffer without bound: it reconnects and reconciles, as Mesos clients must anyway.
 */
public final class RecordIoStream {
  private static final Logger LOG = Logger.getLogger(RecordIoStream.class);
  private static final Object CLOSE = new Object();
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setCodecName(LocalCodec.NAME);
  private static final int WRITE_QUEUE_BYTES = 8 * 1024 * 1024;

  private final Vertx vertx;
  private final Context context;
  private final HttpServerResponse response;
  private final String id = UUID.randomUUID().toString();
  private final String address = EventBusAddresses.stream(id);
  private final MessageConsumer<Object> consumer;
  private final List<Object> held = new ArrayList<>();
  private Consumer<Object> observer = e -> {};
  private Runnable onClosed = () -> {};
  private boolean started;
  private boolean closeRequested;
  private boolean ended;

  /** Must be created on the request's context. */
  public RecordIoStream(Vertx vertx, HttpServerResponse response) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.response = response;
    this.consumer = vertx.eventBus().localConsumer(address, msg -> onMessage(msg.body()));
    response.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
    response.closeHandler(v -> connectionClosed());
  }

  public String id() {
    return id;
  }

  /** Sees every event on the context before it is written (e.g. to learn a framework id). */
  public void observe(Consumer<Object> eventObserver) {
    this.observer = eventObserver;
  }

  /** Called once, on the context, when the connection goes away for any reason. */
  public void onClosed(Runnable callback) {
    this.onClosed = callback;
  }

  /** Thread-safe: queue an event for this stream. */
  public void publish(Object event) {
    vertx.eventBus().send(address, event, LOCAL);
  }

  /** Thread-safe: end the stream after the events already published. */
  public void publishClose() {
    vertx.eventBus().send(address, CLOSE, LOCAL);
  }

  /**
   * Starts the stream (200 and {@code headers}) or answers with the call's error, once {@code
   * outcome} completes; either way on the stream's context.
   */
  public void answerWhen(CompletionStage<CallResult> outcome, Map<String, String> headers) {
    outcome.whenComplete((result, err) -> context.runOnContext(v -> {
      if (err != null) {
        LOG.errorf(err, "stream %s: subscription failed", id);
        fail(500, "Internal error: " + err);
      } else if (result.isSuccess()) {
        start(headers);
      } else {
        fail(result.status(), result.message());
      }
    }));
  }

  /** On the context: answer 200 and write what was held. */
  public void start(Map<String, String> headers) {
    if (ended) {
      return;
    }
    response.setStatusCode(200).setChunked(true);
    headers.forEach(response::putHeader);
    started = true;
    for (Object e : held) {
      write(e);
    }
    held.clear();
    if (closeRequested) {
      end();
    }
  }

  /** On the context: the call failed; answer with the error and drop held events. */
  public void fail(int status, String message) {
    if (ended) {
      return;
    }
    ended = true;
    consumer.unregister();
    held.clear();
    HttpResults.error(response, status, message);
  }

  private void onMessage(Object event) {
    if (ended) {
      return;
    }
    if (event == CLOSE) {
      if (started) {
        end();
      } else {
        closeRequested = true;
      }
      return;
    }
    observer.accept(event);
    if (started) {
      write(event);
    } else {
      held.add(event);
    }
  }

  private void write(Object event) {
    if (response.writeQueueFull()) {
      LOG.warnf("stream %s: client is not reading; closing the stream", id);
      response.reset();
      return;
    }
    response.write(Buffer.buffer(RecordIo.frame(MesosJson.write(event))));
  }

  private void end() {
    if (!ended) {
      ended = true;
      consumer.unregister();
      response.end();
    }
  }

  private void connectionClosed() {
    boolean wasEnded = ended;
    ended = true;
    consumer.unregister();
    if (!wasEnded || started) {
      context.runOnContext(v -> onClosed.run());
    }
  }
}
