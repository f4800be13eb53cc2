package io.mezzo.agent.registration;

import io.mezzo.agent.MasterLink;
import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.MesosJson;
import io.mezzo.api.v1.RecordIo;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import org.jboss.logging.Logger;

/**
 * {@link MasterLink} over HTTP with the JDK client: JSON calls to {@code POST /internal/v1/agent}
 * on the master. SUBSCRIBE tries the configured masters in turn, starting with the one that worked
 * last, and follows 307 redirects to the leader (including Mesos's protocol-relative {@code
 * Location: //host:port/path}); the master that answered the stream becomes the target of {@link
 * #send}. Each stream is read with {@link RecordIo.Reader} on its own daemon thread.
 *
 * <p>Thread-safe. Connect and request timeouts bound every call; a request timeout covers a stream
 * only until its response headers arrive (the agent watches the stream's liveness itself).
 */
public final class HttpMasterLink implements MasterLink, AutoCloseable {
  public static final String PATH = "/internal/v1/agent";
  private static final Logger LOG = Logger.getLogger(HttpMasterLink.class);
  private static final int MAX_REDIRECTS = 5;

  private final List<URI> masters;
  private final Duration requestTimeout;
  private final HttpClient client;

  /** Sent on every call so a master with {@code authenticate-agents} admits this agent. */
  private final Optional<String> authorization;

  private final List<StreamSubscription> open = new ArrayList<>();

  /** Base URL ({@code scheme://host:port}) of the master that last accepted a subscription. */
  private volatile URI leader;

  /**
   * @param masters base URLs such as {@code http://host:5050}, tried in order
   * @param connectTimeout bound on opening a TCP connection
   * @param requestTimeout bound on a call's response (a stream's headers)
   */
  public HttpMasterLink(List<URI> masters, Duration connectTimeout, Duration requestTimeout) {
    this(masters, connectTimeout, requestTimeout, Optional.empty(), null);
  }

  /**
   * @param authorization the {@code Authorization} header value sent on every call (the agent's
   *     {@code mezzo.security.agent-credential} as HTTP Basic), or empty to send none
   * @param tls what an https master must present and what this agent presents back (its client
   *     certificate, for masters that require one); null = the JDK's default trust, no certificate.
   *     Hostname verification stays on.
   */
  public HttpMasterLink(
      List<URI> masters,
      Duration connectTimeout,
      Duration requestTimeout,
      Optional<String> authorization,
      SSLContext tls) {
    this.authorization = authorization;
    if (masters.isEmpty()) {
      throw new IllegalArgumentException("no master URL given");
    }
    this.masters = List.copyOf(masters);
    this.requestTimeout = requestTimeout;
    this.leader = masters.get(0);
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER);
    if (tls != null) {
      builder.sslContext(tls);
    }
    this.client = builder.build();
  }

  /**
   * Parses the master flag: a comma-separated list of {@code http(s)://host:port} (a bare {@code
   * host:port} means http). ZooKeeper URLs need a master detector and are refused here.
   *
   * @throws IllegalArgumentException naming the entry that is not a usable URL
   */
  public static List<URI> parseMasters(String flag) {
    List<URI> out = new ArrayList<>();
    for (String raw : flag.split(",")) {
      String s = raw.strip();
      if (s.isEmpty()) {
        continue;
      }
      if (s.startsWith("zk://")) {
        throw new IllegalArgumentException(
            "master '" + s + "': zk:// needs a master detector, not an HTTP link");
      }
      URI u = URI.create(s.contains("://") ? s : "http://" + s);
      if (u.getHost() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))) {
        throw new IllegalArgumentException("master '" + s + "' is not an http(s)://host:port URL");
      }
      out.add(URI.create(u.getScheme() + "://" + u.getRawAuthority()));
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no master URL in '" + flag + "'");
    }
    return out;
  }

  /** The master calls go to now. */
  public URI leader() {
    return leader;
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
    return post(leader.resolve(PATH), body, HttpResponse.BodyHandlers.ofString(), 0)
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
        LOG.infof("Agent stream closed: %s", reason);
        listener.onClosed(reason);
      }
    }

    private String connectAndRead() throws InterruptedException {
      List<URI> order = new ArrayList<>();
      URI first = leader;
      order.add(first);
      masters.stream().filter(m -> !m.equals(first)).forEach(order::add);
      List<String> failures = new ArrayList<>();
      for (URI master : order) {
        if (closed) {
          return "closed";
        }
        HttpResponse<InputStream> response;
        try {
          CompletableFuture<HttpResponse<InputStream>> f =
              post(master.resolve(PATH), body, HttpResponse.BodyHandlers.ofInputStream(), 0);
          pending = f;
          response = f.get(requestTimeout.toMillis() * (MAX_REDIRECTS + 1), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
          Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
          failures.add(master + ": " + cause);
          continue;
        } catch (java.util.concurrent.CancellationException e) {
          return "closed";
        }
        if (response.statusCode() != 200) {
          String text = readSome(response.body());
          failures.add(master + ": HTTP " + response.statusCode() + " " + text);
          continue;
        }
        leader = URI.create(response.uri().getScheme() + "://" + response.uri().getRawAuthority());
        return read(response);
      }
      return "no master accepted the subscription: " + String.join("; ", failures);
    }

    private String read(HttpResponse<InputStream> response) {
      stream = response.body();
      if (closed) {
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
      InputStream in = stream;
      if (in != null) {
        try {
          in.close();
        } catch (IOException ignored) {
          // Closing is best effort; the interrupt below ends a blocked read anyway.
        }
      }
      // A read blocked inside the JDK's response stream waits on a queue; the interrupt wakes it.
      thread.interrupt();
    }
  }
}
