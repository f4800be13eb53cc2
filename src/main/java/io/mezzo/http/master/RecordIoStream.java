package io.mezzo.http.master;

import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.RecordIo;
import io.mezzo.api.wire.WireCodec;
import io.mezzo.api.wire.WireFormat;
import io.mezzo.http.common.EventBusAddresses;
import io.mezzo.http.common.HttpResults;
import io.mezzo.http.common.LocalCodec;
import io.mezzo.master.CallResult;
import io.mezzo.master.agents.AgentChannel;
import io.mezzo.master.operator.OperatorStream;
import io.mezzo.master.scheduler.FrameworkStream;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * A long-lived RecordIO response (scheduler subscriptions and agent command streams). Events are
 * published from any thread onto the event bus and written, one record per HTTP chunk, on the
 * request's Vert.x context. Events published before the call's outcome is known are held until
 * {@link #start} (200) or dropped by {@link #fail}.
 *
 * <p>Backpressure: while the connection's write queue is full, events are held here, in order, and
 * written as it drains. One call can legitimately produce a burst larger than the queue (an ACCEPT
 * of the largest body launches tasks whose RUN_TASK events add up to as much), so a full queue
 * alone says nothing about the client. Only when the held events pass {@code holdLimitBytes} is the
 * client taken to have stopped reading and cut off, rather than letting the master buffer without
 * bound: it reconnects and reconciles, as Mesos clients must anyway.
 */
public final class RecordIoStream {
  private static final Logger LOG = Logger.getLogger(RecordIoStream.class);
  private static final Object CLOSE = new Object();
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setCodecName(LocalCodec.NAME);
  private static final int WRITE_QUEUE_BYTES = 8 * 1024 * 1024;

  private final Vertx vertx;
  private final Context context;
  private final HttpServerRequest request;
  private final HttpServerResponse response;
  private final String id = UUID.randomUUID().toString();
  private final String address = EventBusAddresses.stream(id);
  private final MessageConsumer<Object> consumer;
  private final List<Object> held = new ArrayList<>();
  private final ArrayDeque<Buffer> backlog = new ArrayDeque<>();
  private final long holdLimitBytes;
  private long backlogBytes;
  private WireFormat format = WireFormat.JSON;
  private Runnable onClosed = () -> {};
  private boolean started;
  private boolean closeRequested;
  private boolean ended;

  /**
   * Must be created on the request's context. Holds up to three of the largest requests' worth of
   * events ({@code 3 * maxRequestBytes}) while the client drains its queue.
   */
  public RecordIoStream(Vertx vertx, HttpServerRequest request, int maxRequestBytes) {
    this(vertx, request, maxRequestBytes, WireFormat.JSON);
  }

  /** A stream whose records are in {@code format} (the response's negotiated Content-Type). */
  public RecordIoStream(
      Vertx vertx, HttpServerRequest request, int maxRequestBytes, WireFormat format) {
    this(vertx, request, WRITE_QUEUE_BYTES, 3L * maxRequestBytes);
    this.format = format;
  }

  /**
   * @param writeQueueBytes the connection's own write queue (Vert.x {@code setWriteQueueMaxSize})
   * @param holdLimitBytes how much more may wait here while that queue is full before the client is
   *     taken to have stopped reading
   */
  RecordIoStream(Vertx vertx, HttpServerRequest request, int writeQueueBytes, long holdLimitBytes) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.request = request;
    this.response = request.response();
    this.holdLimitBytes = holdLimitBytes;
    this.consumer = vertx.eventBus().localConsumer(address, msg -> onMessage(msg.body()));
    response.setWriteQueueMaxSize(writeQueueBytes);
    response.closeHandler(v -> connectionClosed());
  }

  public String id() {
    return id;
  }

  /** This stream as a framework's subscription, for the master. */
  public FrameworkStream asFrameworkStream() {
    return new FrameworkStream() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public void send(io.mezzo.api.v1.scheduler.Event event) {
        publish(event);
      }

      @Override
      public void close() {
        publishClose();
      }
    };
  }

  /** This stream as an agent's command channel, for the master. */
  public AgentChannel asAgentChannel() {
    return new AgentChannel() {
      @Override
      public void send(AgentEvent event) {
        publish(event);
      }

      @Override
      public void close() {
        publishClose();
      }
    };
  }

  /** This stream as an operator's SUBSCRIBE stream, for the master. */
  public OperatorStream asOperatorStream() {
    return new OperatorStream() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public void send(io.mezzo.api.v1.master.Event event) {
        publish(event);
      }

      @Override
      public void close() {
        publishClose();
      }
    };
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
    outcome.whenComplete(
        (result, err) ->
            context.runOnContext(
                v -> {
                  if (err != null) {
                    java.util.Optional<String> fenced = FencedFailure.reason(err);
                    if (fenced.isPresent()) {
                      fail(503, fenced.get());
                    } else {
                      LOG.errorf(err, "stream %s: subscription failed", id);
                      fail(500, "Internal error: " + err);
                    }
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
      endWhenWritten();
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
        endWhenWritten();
      } else {
        closeRequested = true;
      }
      return;
    }
    if (started && closeRequested) {
      return; // published after the close: the stream ends with what came before it
    }
    if (started) {
      write(event);
    } else {
      held.add(event);
    }
  }

  /** Writes one record per chunk, or holds it behind the ones waiting for the queue to drain. */
  private void write(Object event) {
    if (ended) {
      return;
    }
    Buffer record;
    try {
      record = Buffer.buffer(RecordIo.frame(WireCodec.encode(event, format)));
    } catch (IllegalStateException e) {
      // A defect (an event with no faithful protobuf form). Skipping it would lose an update the
      // client counts on; cut off, the client re-subscribes and reconciles.
      LOG.errorf(e, "stream %s: cannot encode an event; closing the stream", id);
      backlog.clear();
      ended = true;
      consumer.unregister();
      cutOff();
      return;
    }
    if (backlog.isEmpty() && !response.writeQueueFull()) {
      response.write(record);
      return;
    }
    backlog.addLast(record);
    backlogBytes += record.length();
    if (backlogBytes > holdLimitBytes) {
      LOG.warnf(
          "stream %s: client is not reading (%d bytes held beyond a full write queue); closing the stream",
          id, backlogBytes);
      backlog.clear();
      ended = true;
      consumer.unregister();
      cutOff();
      return;
    }
    if (backlog.size() == 1) {
      response.drainHandler(v -> drain());
    }
  }

  private void drain() {
    while (!backlog.isEmpty() && !response.writeQueueFull() && !response.closed()) {
      Buffer record = backlog.removeFirst();
      backlogBytes -= record.length();
      response.write(record);
    }
    if (backlog.isEmpty()) {
      response.drainHandler(null);
      if (closeRequested && !ended) {
        end();
      }
    } else {
      response.drainHandler(v -> drain());
    }
  }

  /**
   * Closes the connection now. Vert.x's own close (and {@code response.reset()}, and a close sent
   * down the channel's pipeline, which Vert.x's handler intercepts) first flushes what is queued,
   * which never completes for a client that does not read: the connection stayed open, the close
   * handler never ran, and the master went on taking a gone client for a subscribed one. A close
   * from Vert.x's own handler context goes straight to the socket, drops the queue and fires the
   * close handler. ({@code ConnectionBase} is Vert.x's implementation class; the method is public.)
   */
  private void cutOff() {
    HttpConnection connection = request.connection();
    if (connection instanceof ConnectionBase base) {
      base.channelHandlerContext().close();
    } else {
      response.reset();
    }
  }

  /** Ends the response once every held record is written. */
  private void endWhenWritten() {
    if (backlog.isEmpty()) {
      end();
    } else {
      closeRequested = true;
    }
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
    backlog.clear();
    backlogBytes = 0;
    consumer.unregister();
    if (!wasEnded || started) {
      context.runOnContext(v -> onClosed.run());
    }
  }
}
