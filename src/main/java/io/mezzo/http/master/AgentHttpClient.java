package io.mezzo.http.master;

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
import java.net.URI;
import java.time.Duration;

/**
 * The master's client for its agents' HTTP endpoints, used to proxy sandbox requests so a browser
 * needs to reach only the master. Every request is bounded: connecting takes at most 3 s (or the
 * timeout, if shorter) and the agent must answer within the timeout, else the request fails with a
 * {@link ProxyException} of status 503 that names the agent. Thread-safe.
 */
final class AgentHttpClient {
  private final HttpClient client;
  private final long timeoutMillis;

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
    this.timeoutMillis = Math.max(100, timeout.toMillis());
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setConnectTimeout((int) Math.min(3000, timeoutMillis))
                .setMaxPoolSize(16)
                .setKeepAlive(true));
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
    return client
        .request(options)
        .compose(req -> body == null ? req.send() : req.send(body))
        .compose(resp -> resp.body().map(b -> new Answer(resp.statusCode(), resp.headers(), b)))
        .recover(err -> Future.failedFuture(unreachable(agentId, endpoint, err)));
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
    return client
        .request(options)
        .compose(req -> req.send())
        .recover(err -> Future.failedFuture(unreachable(agentId, endpoint, err)))
        .compose(resp -> copy(resp, out));
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
    return new RequestOptions()
        .setMethod(method)
        .setHost(base.getHost())
        .setPort(port)
        .setSsl(tls)
        .setURI(prefix + pathAndQuery)
        .setConnectTimeout(Math.min(3000, timeoutMillis))
        .setIdleTimeout(timeoutMillis);
  }

  private static ProxyException unreachable(String agentId, String endpoint, Throwable err) {
    if (err instanceof ProxyException p) {
      return p;
    }
    return new ProxyException(
        503, "Agent " + agentId + " at " + endpoint + " did not answer: " + err.getMessage(), err);
  }

  void close() {
    client.close();
  }
}
