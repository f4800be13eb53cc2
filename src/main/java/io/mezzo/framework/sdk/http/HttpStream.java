package io.mezzo.framework.sdk.http;

import io.mezzo.api.v1.MesosJson;
import io.mezzo.api.v1.RecordIo;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.api.v1.scheduler.Event;
import io.mezzo.framework.sdk.SchedulerConnections;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * One open subscription over HTTP: its RecordIO body read on a daemon thread of its own, and the
 * master that answered it, where its calls go. {@code closed} runs exactly once, for whichever end
 * comes first (the master ends the body, the connection breaks, or the framework hangs up), and no
 * event is handed on after it: delivery and ending share one lock.
 */
final class HttpStream implements SchedulerConnections.Stream {
  private static final Logger LOG = Logger.getLogger(HttpStream.class);
  private final HttpSchedulerConnections connections;
  private final URI leader;
  private final String streamId;
  private final InputStream body;
  private final Consumer<Event> events;
  private final Consumer<String> closed;
  private final Thread reader;
  private boolean ended;

  HttpStream(
      HttpSchedulerConnections connections,
      URI leader,
      String streamId,
      InputStream body,
      Consumer<Event> events,
      Consumer<String> closed) {
    this.connections = connections;
    this.leader = leader;
    this.streamId = streamId;
    this.body = body;
    this.events = events;
    this.closed = closed;
    this.reader = new Thread(this::read, "scheduler-stream-" + streamId);
    reader.setDaemon(true);
  }

  void startReading() {
    reader.start();
  }

  /** The master this stream was opened on (after redirects). */
  URI leader() {
    return leader;
  }

  @Override
  public String streamId() {
    return streamId;
  }

  @Override
  public CompletionStage<Void> call(Call call) {
    return connections.call(leader, streamId, call);
  }

  @Override
  public void close() {
    if (end("closed by the framework")) {
      HttpSchedulerConnections.close(body);
      // A read blocked inside the JDK's response stream waits on a queue; the interrupt wakes it.
      reader.interrupt();
    }
  }

  private void read() {
    RecordIo.Reader records = new RecordIo.Reader(body);
    String why;
    try (InputStream in = body) {
      while (true) {
        byte[] record = records.next();
        if (record == null) {
          why = "the master at " + leader + " ended the stream";
          break;
        }
        Event event;
        try {
          event = MesosJson.read(record, Event.class);
        } catch (RuntimeException e) {
          LOG.warnf("stream %s: skipping an unreadable event: %s", streamId, e.getMessage());
          continue;
        }
        if (!deliver(event)) {
          return;
        }
      }
    } catch (IOException | RuntimeException e) {
      why = "the stream from " + leader + " broke: " + e.getMessage();
    }
    end(why);
  }

  private synchronized boolean deliver(Event event) {
    if (!ended) {
      events.accept(event);
    }
    return !ended;
  }

  /** True for the first end; runs {@code closed} then. */
  private boolean end(String why) {
    synchronized (this) {
      if (ended) {
        return false;
      }
      ended = true;
    }
    LOG.debugf("stream %s: %s", streamId, why);
    closed.accept(why);
    return true;
  }
}
