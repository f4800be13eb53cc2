package io.mezzo.agent.registration;

import io.mezzo.agent.MasterLink;
import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.MesosJson;
import io.mezzo.api.v1.RecordIo;
import io.mezzo.core.net.detect.MasterDetector;
import io.mezzo.core.net.detect.MasterUrls;
import io.mezzo.core.net.detect.StaticMasterDetector;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.jboss.logging.Logger;

/**
 * {@link MasterLink} over HTTP with the JDK client: JSON calls to {@code POST /internal/v1/agent}
 * on the master. The masters come from a {@link MasterDetector} (a URL list, or ZooKeeper's
 * election). SUBSCRIBE tries them in {@link MasterOrder}: the detected leader, the one that worked
 * last, the others, and follows 307 redirects to the leader (including Mesos's protocol-relative
 * {@code Location: //host:port/path}); the master that answered the stream becomes the target of
 * {@link #send}. Each stream is read with {@link RecordIo.Reader} on its own daemon thread.
 *
 * <p>Following the leader: when the detector names a leader no open stream is connected to, the
 * callbacks of {@link #onLeaderChange} run (the session re-subscribes at once); when the stream's
 * master does not answer a call within the call timeout (hung, or its host gone), the stream is
 * ended so the agent subscribes again, trying that master last.
 *
 * <p>Thread-safe. Connect and call timeouts bound every call; a call timeout covers a stream only
 * until its response headers arrive (the agent watches the stream's liveness itself).
 */
public final class HttpMasterLink implements MasterLink, AutoCloseable {
  public static final String PATH = "/internal/v1/agent";
  private static final Logger LOG = Logger.getLogger(HttpMasterLink.class);
  private static final int MAX_REDIRECTS = 5;

  private final MasterDetector detector;
  private final Duration requestTimeout;
  private final List<Consumer<String>> leaderChange = new CopyOnWriteArrayList<>();
  private final HttpClient client;

  /** Sent on every call so a master with {@code authenticate-agents} admits this agent. */
  private final Optional<String> authorization;

  private final List<StreamSubscription> open = new ArrayList<>();

  /**
   * Base URL ({@code scheme://host:port}) of the master that last accepted a subscription; null
   * before the first.
   */
  private volatile URI leader;

  /** The master that last failed to answer in time, tried last; null when none did. */
  private volatile URI suspect;

  /**
   * @param masters base URLs such as {@code http://host:5050}, tried in order
   * @param connectTimeout bound on opening a TCP connection
   * @param requestTimeout bound on a call's response (a stream's headers)
   */
  public HttpMasterLink(List<URI> masters, Duration connectTimeout, Duration requestTimeout) {
    this(new StaticMasterDetector(masters), connectTimeout, requestTimeout, Optional.empty(), null);
  }

  /**
   * @param detector where the masters are; the link does not close it
   * @param connectTimeout bound on opening a TCP connection
   * @param requestTimeout bound on a call's response (a stream's headers)
   * @param authorization the {@code Authorization} header value sent on every call (the agent's
   *     {@code mezzo.security.agent-credential} as HTTP Basic), or empty to send none
   * @param tls what an https master must present and what this agent presents back (its client
   *     certificate, for masters that require one); null = the JDK's default trust, no certificate.
   *     Hostname verification stays on.
   */
  public HttpMasterLink(
      MasterDetector detector,
      Duration connectTimeout,
      Duration requestTimeout,
      Optional<String> authorization,
      SSLContext tls) {
    this.authorization = authorization;
    this.detector = detector;
    this.requestTimeout = requestTimeout;
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER);
    if (tls != null) {
      builder.sslContext(tls);
    }
    this.client = builder.build();
    detector.onLeaderChange(this::leaderChanged);
  }

  /**
   * Parses a URL list (see {@link MasterUrls#parseList}).
   *
   * @throws IllegalArgumentException naming the entry that is not a usable URL
   */
  public static List<URI> parseMasters(String flag) {
    return MasterUrls.parseList(flag);
  }

  /** The master calls go to now; null before any accepted a subscription. */
  public URI leader() {
    return leader;
  }

  @Override
  public void onLeaderChange(Consumer<String> callback) {
    leaderChange.add(callback);
  }

  /** From the detector: tell the session unless a stream is already on (or going to) the leader. */
  private void leaderChanged(Optional<URI> now) {
    if (now.isEmpty()) {
      return; // none elected: the current stream, if any, ends or goes silent by itself
    }
    URI l = now.get();
    boolean onIt;
    synchronized (open) {
      onIt = open.stream().anyMatch(s -> l.equals(s.target));
    }
    if (!onIt) {
      LOG.infof("The leading master is now %s", l);
      leaderChange.forEach(c -> c.accept("the leading master is now " + l));
    }
  }

  @Override
  public Subscription subscribe(AgentCall subscribe, Listener listener) {
    StreamSubscription s = new StreamSubscription(MesosJson.write(subscribe), listener);
    synchronized (open) {
      open.add(s);
    }
    s.thread.start();
    return s;
  }

  @Override
  public CompletionStage<Void> send(AgentCall call) {
    byte[] body = MesosJson.write(call);
    URI to = leader;
    if (to == null) {
      // Before any subscription: the best guess, as a subscription would try it first.
      List<URI> order = MasterOrder.order(detector.leader(), null, detector.candidates(), null);
      if (order.isEmpty()) {
        return CompletableFuture.failedFuture(
            new IllegalStateException("no master known yet (" + detector + ")"));
      }
      to = order.get(0);
    }
    URI target = to;
    return post(target.resolve(PATH), body, HttpResponse.BodyHandlers.ofString(), 0)
        .whenComplete((r, e) -> unanswered(target, call, e))
        .thenApply(
            response -> {
              if (response.statusCode() != 202) {
                throw new IllegalStateException(
                    "master "
                        + response.uri()
                        + " answered "
                        + call.type()
                        + " with HTTP "
                        + response.statusCode()
                        + ": "
                        + response.body().strip());
              }
              return null;
            });
  }

  /**
   * Posts, following up to {@value #MAX_REDIRECTS} 307/308 redirects; a redirect moves {@link
   * #leader}.
   */
  private <T> CompletableFuture<HttpResponse<T>> post(
      URI uri, byte[] body, HttpResponse.BodyHandler<T> handler, int hops) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri)
            .timeout(requestTimeout)
            .header("Content-Type", "application/json")
            .header("Accept", "application/recordio, application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    authorization.ifPresent(a -> builder.header("Authorization", a));
    HttpRequest request = builder.build();
    return client
        .sendAsync(request, handler)
        .thenCompose(
            response -> {
              int code = response.statusCode();
              Optional<String> location = response.headers().firstValue("Location");
              if ((code == 307 || code == 308) && location.isPresent()) {
                discard(response);
                if (hops >= MAX_REDIRECTS) {
                  return CompletableFuture.failedFuture(
                      new IOException("more than " + MAX_REDIRECTS + " redirects from " + uri));
                }
                URI next = redirectTarget(uri, location.get());
                LOG.infof("Master %s redirected to %s", uri, next);
                leader = URI.create(next.getScheme() + "://" + next.getRawAuthority());
                return post(next, body, handler, hops + 1);
              }
              return CompletableFuture.completedFuture(response);
            });
  }

  /**
   * A call the master did not answer in time (or whose connection it refused) ends the streams on
   * that master: a hung or gone master must not keep the agent for the silence timeout.
   */
  private void unanswered(URI master, AgentCall call, Throwable e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    if (!(cause instanceof HttpTimeoutException || cause instanceof ConnectException)) {
      return;
    }
    suspect = master;
    String why =
        "master " + master + " did not answer " + call.type() + " within " + requestTimeout;
    List<StreamSubscription> on;
    synchronized (open) {
      on = open.stream().filter(s -> master.equals(s.target)).toList();
    }
    on.forEach(s -> s.abort(why));
  }

  /** Resolves a Location header; {@code //host:port/path} keeps the scheme of the request. */
  static URI redirectTarget(URI from, String location) {
    return from.resolve(URI.create(location.strip()));
  }

  private static void discard(HttpResponse<?> response) {
    if (response.body() instanceof InputStream in) {
      try {
        in.close();
      } catch (IOException ignored) {
        // Nothing to recover; the connection is dropped.
      }
    }
  }

  @Override
  public void close() {
    List<StreamSubscription> all;
    synchronized (open) {
      all = List.copyOf(open);
    }
    all.forEach(StreamSubscription::close);
  }

  /** One command stream and the daemon thread that reads it. */
  private final class StreamSubscription implements Subscription {
    private final byte[] body;
    private final Listener listener;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Future<?> pending;
    private volatile InputStream stream;

    /** The master being tried or streaming now; null between tries. */
    private volatile URI target;

    /** Why this stream was ended from outside (a timed-out call), reported instead of the break. */
    private volatile String aborted;

    StreamSubscription(byte[] body, Listener listener) {
      this.body = body;
      this.listener = listener;
      this.thread = new Thread(this::run, "master-link-stream");
      thread.setDaemon(true);
    }

    private void run() {
      String reason;
      try {
        reason = connectAndRead();
      } catch (InterruptedException e) {
        reason = "interrupted";
      } catch (RuntimeException e) {
        LOG.errorf(e, "Agent stream failed");
        reason = "stream failed: " + e;
      } finally {
        synchronized (open) {
          open.remove(this);
        }
      }
      if (!closed) {
        String why = aborted != null ? aborted : reason;
        LOG.infof("Agent stream closed: %s", why);
        listener.onClosed(why);
      }
    }

    /** Ends the stream (or its connecting) so the listener hears {@code why}; idempotent. */
    void abort(String why) {
      if (closed || aborted != null) {
        return;
      }
      aborted = why;
      Future<?> f = pending;
      if (f != null) {
        f.cancel(true);
      }
      closeStream();
      thread.interrupt();
    }

    private String connectAndRead() throws InterruptedException {
      List<URI> order =
          MasterOrder.order(detector.leader(), leader, detector.candidates(), suspect);
      if (order.isEmpty()) {
        return "no master known yet (" + detector + ")";
      }
      List<String> failures = new ArrayList<>();
      for (URI master : order) {
        if (closed || aborted != null) {
          return "closed";
        }
        target = master;
        HttpResponse<InputStream> response;
        try {
          CompletableFuture<HttpResponse<InputStream>> f =
              post(master.resolve(PATH), body, HttpResponse.BodyHandlers.ofInputStream(), 0);
          pending = f;
          response = f.get(requestTimeout.toMillis() * (MAX_REDIRECTS + 1), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
          Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
          if (cause instanceof HttpTimeoutException || e instanceof TimeoutException) {
            suspect = master;
          }
          failures.add(master + ": " + cause);
          target = null;
          continue;
        } catch (java.util.concurrent.CancellationException e) {
          return "closed";
        }
        if (response.statusCode() != 200) {
          String text = readSome(response.body());
          failures.add(master + ": HTTP " + response.statusCode() + " " + text);
          target = null;
          continue;
        }
        leader = URI.create(response.uri().getScheme() + "://" + response.uri().getRawAuthority());
        target = leader;
        if (leader.equals(suspect)) {
          suspect = null;
        }
        return read(response);
      }
      return "no master accepted the subscription: " + String.join("; ", failures);
    }

    private String read(HttpResponse<InputStream> response) {
      stream = response.body();
      if (closed || aborted != null) {
        discard(response);
        return "closed";
      }
      RecordIo.Reader reader = new RecordIo.Reader(stream);
      try (InputStream in = stream) {
        while (!closed) {
          byte[] record = reader.next();
          if (record == null) {
            return "the master " + response.uri() + " ended the stream";
          }
          AgentEvent event;
          try {
            event = MesosJson.read(record, AgentEvent.class);
          } catch (RuntimeException e) {
            LOG.warnf("Skipping an unreadable event from %s: %s", response.uri(), e.getMessage());
            continue;
          }
          if (!closed) {
            listener.onEvent(event);
          }
        }
        return "closed";
      } catch (IOException e) {
        return "stream from " + response.uri() + " broke: " + e.getMessage();
      }
    }

    private String readSome(InputStream in) {
      try (in) {
        byte[] b = in.readNBytes(512);
        return new String(b, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        return "";
      }
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      Future<?> f = pending;
      if (f != null) {
        f.cancel(true);
      }
      closeStream();
      // A read blocked inside the JDK's response stream waits on a queue; the interrupt wakes it.
      thread.interrupt();
    }

    private void closeStream() {
      InputStream in = stream;
      if (in != null) {
        try {
          in.close();
        } catch (IOException ignored) {
          // Closing is best effort; the interrupt ends a blocked read anyway.
        }
      }
    }
  }
}
