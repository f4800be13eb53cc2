package io.mezzo.framework.sdk.http;

import io.mezzo.api.v1.MesosJson;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.api.v1.scheduler.Event;
import io.mezzo.core.net.detect.MasterDetector;
import io.mezzo.framework.sdk.SchedulerCallException;
import io.mezzo.framework.sdk.SchedulerConnections;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.jboss.logging.Logger;

/**
 * The SDK's transport in the product: the v1 scheduler API over HTTP with the JDK client, exactly
 * as a third-party framework speaks it. SUBSCRIBE is {@code POST /api/v1/scheduler} answered by a
 * never-ending RecordIO body of JSON events, read on a daemon thread per subscription; every other
 * call is a POST of its own carrying the subscription's {@code Mesos-Stream-Id}, to the master that
 * answered the subscription.
 *
 * <p>SUBSCRIBE follows up to {@value #MAX_REDIRECTS} 307/308 redirects to the leader (Mesos's
 * {@code Location: //host:port/path} included); a call is never redirected, because its stream id
 * means nothing to another master: a 307 there fails the call, and the stream ends soon after.
 *
 * <p>Connect and call timeouts bound every request; for a subscription the call timeout covers only
 * the wait for response headers (the SDK watches the stream's heartbeats itself). A refused request
 * fails with {@link SchedulerCallException} carrying the status and the master's text. Thread-safe.
 */
public final class HttpSchedulerConnections implements SchedulerConnections {
  public static final String PATH = "/api/v1/scheduler";
  static final String STREAM_ID = "Mesos-Stream-Id";
  static final int MAX_REDIRECTS = 3;
  private static final Logger LOG = Logger.getLogger(HttpSchedulerConnections.class);
  private static final int MAX_ERROR_CHARS = 2000;

  /** Base URL of the master each SUBSCRIBE goes to first, asked anew for every subscription. */
  private final Supplier<URI> master;

  private final Duration callTimeout;
  private final HttpClient client;
  private final Optional<String> authorization;

  /**
   * @param master base URL of a master ({@code http://host:5050}); redirects lead to the leader
   * @param connectTimeout bound on opening a connection
   * @param callTimeout bound on a call's answer (a subscription's response headers)
   */
  public HttpSchedulerConnections(URI master, Duration connectTimeout, Duration callTimeout) {
    this(master, connectTimeout, callTimeout, Optional.empty(), null);
  }

  /**
   * @param authorization the {@code Authorization} header value every call carries (HTTP Basic for
   *     a master with {@code authenticate-frameworks}), or empty to send none
   * @param tls what an https master must present and the framework's client certificate, if the
   *     master requires one; null = the JDK's default trust, no certificate
   */
  public HttpSchedulerConnections(
      URI master,
      Duration connectTimeout,
      Duration callTimeout,
      Optional<String> authorization,
      SSLContext tls) {
    this.authorization = authorization;
    if (master.getHost() == null
        || !("http".equals(master.getScheme()) || "https".equals(master.getScheme()))) {
      throw new IllegalArgumentException("master URL '" + master + "' is not http(s)://host:port");
    }
    URI fixed = base(master);
    this.master = () -> fixed;
    this.callTimeout = callTimeout;
    this.client = newClient(connectTimeout, tls);
  }

  private HttpSchedulerConnections(
      Supplier<URI> master,
      Duration connectTimeout,
      Duration callTimeout,
      Optional<String> authorization,
      SSLContext tls) {
    this.authorization = authorization;
    this.master = master;
    this.callTimeout = callTimeout;
    this.client = newClient(connectTimeout, tls);
  }

  private static HttpClient newClient(Duration connectTimeout, SSLContext tls) {
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            // Mesos streams are HTTP/1.1 chunked; an h2c upgrade attempt only costs a round trip.
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER);
    if (tls != null) {
      builder.sslContext(tls);
    }
    return builder.build();
  }

  /**
   * Subscribes wherever {@code detector} says the leader is ({@code zk://…}), else at its first
   * candidate, asking again for each subscription: a framework re-subscribing after a failover goes
   * straight to the new leader. Same timeouts and credentials as the other constructor; the caller
   * owns (and closes) the detector. A subscription while no master is known fails with an
   * IOException (the SDK retries with its backoff).
   */
  public static HttpSchedulerConnections following(
      MasterDetector detector,
      Duration connectTimeout,
      Duration callTimeout,
      Optional<String> authorization,
      SSLContext tls) {
    return new HttpSchedulerConnections(
        () ->
            detector
                .leader()
                .or(() -> detector.candidates().stream().findFirst())
                .map(HttpSchedulerConnections::base)
                .orElseThrow(() -> new IllegalStateException("no master known yet at " + detector)),
        connectTimeout,
        callTimeout,
        authorization,
        tls);
  }

  @Override
  public CompletionStage<Stream> subscribe(
      Call subscribe, Consumer<Event> events, Consumer<String> closed) {
    CompletableFuture<Stream> answer = new CompletableFuture<>();
    byte[] body = MesosJson.write(subscribe);
    URI master;
    try {
      master = this.master.get();
    } catch (RuntimeException e) {
      answer.completeExceptionally(new IOException(e.getMessage(), e));
      return answer;
    }
    post(master.resolve(PATH), body, null, HttpResponse.BodyHandlers.ofInputStream(), 0)
        .whenComplete(
            (response, error) -> {
              if (error != null) {
                answer.completeExceptionally(unreachable(master, error));
                return;
              }
              if (response.statusCode() != 200) {
                answer.completeExceptionally(refused(response.statusCode(), text(response.body())));
                return;
              }
              Optional<String> streamId = response.headers().firstValue(STREAM_ID);
              if (streamId.isEmpty()) {
                close(response.body());
                answer.completeExceptionally(
                    new IOException(response.uri() + " answered SUBSCRIBE without " + STREAM_ID));
                return;
              }
              HttpStream stream =
                  new HttpStream(
                      this, base(response.uri()), streamId.get(), response.body(), events, closed);
              // Complete before reading: the SDK then knows the stream when SUBSCRIBED arrives.
              answer.complete(stream);
              stream.startReading();
            });
    return answer;
  }

  /** A call on stream {@code streamId} at {@code leader}: 200/202 is success, all else refused. */
  CompletionStage<Void> call(URI leader, String streamId, Call call) {
    return post(
            leader.resolve(PATH),
            MesosJson.write(call),
            streamId,
            HttpResponse.BodyHandlers.ofString(),
            MAX_REDIRECTS)
        .handle(
            (response, error) -> {
              if (error != null) {
                throw new java.util.concurrent.CompletionException(unreachable(leader, error));
              }
              int code = response.statusCode();
              if (code == 200 || code == 202) {
                return null;
              }
              String text = response.body();
              if (code == 307 || code == 308) {
                text =
                    "the master at "
                        + leader
                        + " no longer leads (redirects to "
                        + response.headers().firstValue("Location").orElse("?")
                        + "); "
                        + call.type()
                        + " belongs to a stream opened there";
              }
              throw refused(code, text);
            });
  }

  /** Posts, following 307/308 while {@code hops} stays under {@link #MAX_REDIRECTS}. */
  private <T> CompletableFuture<HttpResponse<T>> post(
      URI uri, byte[] body, String streamId, HttpResponse.BodyHandler<T> handler, int hops) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(callTimeout)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (streamId != null) {
      request.header(STREAM_ID, streamId);
    }
    authorization.ifPresent(a -> request.header("Authorization", a));
    return client
        .sendAsync(request.build(), handler)
        .thenCompose(
            response -> {
              int code = response.statusCode();
              Optional<String> location = response.headers().firstValue("Location");
              if ((code == 307 || code == 308) && location.isPresent() && hops < MAX_REDIRECTS) {
                close(response.body());
                URI next = uri.resolve(URI.create(location.get().strip()));
                LOG.infof("master %s redirected the scheduler to %s", uri, next);
                return post(next, body, streamId, handler, hops + 1);
              }
              if (code == 307 || code == 308) {
                if (streamId == null) {
                  close(response.body());
                  return CompletableFuture.failedFuture(
                      new IOException(
                          "more than " + MAX_REDIRECTS + " redirects, the last from " + uri));
                }
              }
              return CompletableFuture.completedFuture(response);
            });
  }

  private static SchedulerCallException refused(int status, String text) {
    String t = text == null ? "" : text.strip();
    if (t.length() > MAX_ERROR_CHARS) {
      t = t.substring(0, MAX_ERROR_CHARS) + "…";
    }
    return new SchedulerCallException(status, t.isEmpty() ? "(no message)" : t);
  }

  private static Throwable unreachable(URI target, Throwable error) {
    Throwable cause =
        error instanceof java.util.concurrent.CompletionException && error.getCause() != null
            ? error.getCause()
            : error;
    if (cause instanceof SchedulerCallException) {
      return cause;
    }
    return new IOException("cannot reach the master at " + target + ": " + cause, cause);
  }

  static URI base(URI uri) {
    return URI.create(uri.getScheme() + "://" + uri.getRawAuthority());
  }

  private static String text(Object body) {
    if (body instanceof InputStream in) {
      try (in) {
        return new String(in.readNBytes(MAX_ERROR_CHARS * 2), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "";
      }
    }
    return body == null ? "" : body.toString();
  }

  static void close(Object body) {
    if (body instanceof InputStream in) {
      try {
        in.close();
      } catch (IOException ignored) {
        // Best effort: the connection is dropped either way.
      }
    }
  }
}
