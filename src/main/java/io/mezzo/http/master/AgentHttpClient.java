package io.mezzo.http.master;

import io.mezzo.core.net.ClientTls;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.TrustOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import javax.net.ssl.TrustManager;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * The master's client for its agents' HTTP endpoints, used to proxy sandbox requests so a browser
 * needs to reach only the master. Every request runs under the agent's {@link
 * io.mezzo.http.master.AgentGuards} and is bounded: connecting takes at most 3 s (or the timeout,
 * if shorter) and the agent must answer within the timeout. Failures are a {@link ProxyException}
 * that names the agent: 504 for an agent that did not answer in time, 503 for one that cannot be
 * reached or whose circuit is open after repeated failures. Thread-safe.
 */
final class AgentHttpClient {
  /** Vert.x's own idle timeout stays behind the guard's, so a slow agent is always the 504. */
  private static final long IDLE_MARGIN_MILLIS = 1000;

  private final Vertx vertx;
  private final HttpClient client;
  private final long timeoutMillis;
  private final io.mezzo.http.master.AgentGuards guards;

  /**
   * The master's {@code mezzo.security.agent-credential} as a Basic header, sent to every agent.
   */
  private final Optional<String> authorization;

  /** What a proxied request brought back: the agent's status, headers and body. */
  record Answer(int status, MultiMap headers, Buffer body) {}

  /** A proxied request that failed, with the status the master answers and why. */
  static final class ProxyException extends RuntimeException {
    private final int status;

    ProxyException(int status, String message, Throwable cause) {
      super(message, cause);
      this.status = status;
    }

    int status() {
      return status;
    }
  }

  AgentHttpClient(Vertx vertx, Duration timeout) {
    this(vertx, io.mezzo.http.master.AgentGuards.Policy.of(timeout));
  }

  AgentHttpClient(Vertx vertx, Duration timeout, ClientTls tls) {
    this(vertx, io.mezzo.http.master.AgentGuards.Policy.of(timeout), Optional.empty(), tls);
  }

  AgentHttpClient(Vertx vertx, io.mezzo.http.master.AgentGuards.Policy policy) {
    this(vertx, policy, Optional.empty(), ClientTls.defaults());
  }

  /**
   * @param authorization the {@code Authorization} header value every request carries, so agents
   *     that authenticate their read-only and read-write realms let the master's proxy in
   * @param tls for agents advertising https: the CAs their certificates must chain to (else the
   *     JDK's default trust store) and the master's client certificate for agents that require one;
   *     the agent's host name is always verified against its certificate
   */
  AgentHttpClient(
      Vertx vertx,
      io.mezzo.http.master.AgentGuards.Policy policy,
      Optional<String> authorization,
      ClientTls tls) {
    this.vertx = vertx;
    this.authorization = authorization;
    this.timeoutMillis = Math.max(100, policy.timeout().toMillis());
    this.guards =
        new io.mezzo.http.master.AgentGuards(
            new io.mezzo.http.master.AgentGuards.Policy(
                Duration.ofMillis(timeoutMillis),
                policy.retries(),
                policy.retryDelay(),
                policy.breakerWindow(),
                policy.breakerDelay()));
    HttpClientOptions options =
        new HttpClientOptions()
            .setConnectTimeout((int) Math.min(3000, timeoutMillis))
            .setMaxPoolSize(16)
            .setKeepAlive(true)
            .setVerifyHost(true);
    TrustManager[] trust = tls.trustManagers();
    if (trust != null) {
      options.setTrustOptions(TrustOptions.wrap(trust[0]));
    }
    tls.keyManager().ifPresent(k -> options.setKeyCertOptions(KeyCertOptions.wrap(k)));
    this.client = vertx.createHttpClient(options);
  }

  /**
   * Sends a request to {@code endpoint} (the agent's base URL) at {@code pathAndQuery} and reads
   * the whole answer.
   */
  Future<Answer> send(
      String agentId,
      String endpoint,
      HttpMethod method,
      String pathAndQuery,
      String contentType,
      Buffer body) {
    RequestOptions options;
    try {
      options = options(endpoint, method, pathAndQuery);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(
          new ProxyException(
              502,
              "Agent "
                  + agentId
                  + " advertises an unusable URL '"
                  + endpoint
                  + "': "
                  + e.getMessage(),
              e));
    }
    if (contentType != null) {
      options.putHeader("Content-Type", contentType);
      options.putHeader("Accept", "application/json");
    }
    return guarded(
        agentId,
        endpoint,
        () ->
            client
                .request(options)
                .compose(req -> body == null ? req.send() : req.send(body))
                .compose(
                    resp ->
                        resp.body().map(b -> new Answer(resp.statusCode(), resp.headers(), b))));
  }

  /**
   * Streams a GET's body straight into {@code out} (downloads), copying the status and content
   * headers; an agent error becomes the same error on {@code out}.
   */
  Future<Void> pipe(String agentId, String endpoint, String pathAndQuery, HttpServerResponse out) {
    RequestOptions options;
    try {
      options = options(endpoint, HttpMethod.GET, pathAndQuery);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(
          new ProxyException(
              502,
              "Agent "
                  + agentId
                  + " advertises an unusable URL '"
                  + endpoint
                  + "': "
                  + e.getMessage(),
              e));
    }
    // Only getting the answer is guarded: a long download must not hit the timeout. The response
    // is paused until the copy starts, as it may be handed over on another thread.
    return guarded(
            agentId,
            endpoint,
            () ->
                client
                    .request(options)
                    .compose(req -> req.send())
                    .map(
                        resp -> {
                          resp.pause();
                          return resp;
                        }))
        .compose(resp -> copy(resp, out));
  }

  private <T> Future<T> guarded(String agentId, String endpoint, Supplier<Future<T>> request) {
    Context ctx = vertx.getOrCreateContext();
    CompletionStage<T> stage = guards.call(agentId, () -> request.get().toCompletionStage());
    return Future.fromCompletionStage(stage, ctx)
        .recover(err -> Future.failedFuture(failure(agentId, endpoint, err)));
  }

  private static Future<Void> copy(HttpClientResponse resp, HttpServerResponse out) {
    out.setStatusCode(resp.statusCode());
    for (String h : new String[] {"Content-Type", "Content-Length", "Content-Disposition"}) {
      String v = resp.getHeader(h);
      if (v != null) {
        out.putHeader(h, v);
      }
    }
    if (resp.getHeader("Content-Length") == null) {
      out.setChunked(true);
    }
    return resp.pipeTo(out);
  }

  private RequestOptions options(String endpoint, HttpMethod method, String pathAndQuery) {
    URI base = URI.create(endpoint);
    if (base.getHost() == null) {
      throw new IllegalArgumentException("no host");
    }
    boolean tls = "https".equalsIgnoreCase(base.getScheme());
    int port = base.getPort() > 0 ? base.getPort() : (tls ? 443 : 80);
    String prefix =
        base.getRawPath() == null || base.getRawPath().equals("/") ? "" : base.getRawPath();
    RequestOptions options = new RequestOptions();
    authorization.ifPresent(a -> options.putHeader("Authorization", a));
    return options
        .setMethod(method)
        .setHost(base.getHost())
        .setPort(port)
        .setSsl(tls)
        .setURI(prefix + pathAndQuery)
        .setConnectTimeout(Math.min(3000, timeoutMillis))
        .setIdleTimeout(timeoutMillis + IDLE_MARGIN_MILLIS);
  }

  private ProxyException failure(String agentId, String endpoint, Throwable err) {
    while (err instanceof CompletionException && err.getCause() != null) {
      err = err.getCause();
    }
    String agent = "Agent " + agentId + " at " + endpoint;
    io.mezzo.http.master.AgentGuards.Policy p = guards.policy();
    if (err instanceof ProxyException e) {
      return e;
    } else if (err instanceof TimeoutException) {
      return new ProxyException(
          504, agent + " did not answer within " + p.timeout().toMillis() + " ms", err);
    } else if (err instanceof CircuitBreakerOpenException) {
      return new ProxyException(
          503,
          agent
              + " failed its last "
              + p.breakerWindow()
              + " requests; the master tries it again within "
              + p.breakerDelay().toMillis()
              + " ms",
          err);
    }
    return new ProxyException(503, agent + " did not answer: " + err.getMessage(), err);
  }

  void close() {
    client.close();
  }
}
