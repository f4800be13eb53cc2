package io.mezzo.framework.services;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The product's {@link ReadinessProbe}: the JDK HTTP client, never following redirects (Marathon
 * judges the first answer), with the check's timeout bounding both connecting and the whole
 * exchange. Bodies are kept only up to {@link #MAX_BODY} characters: they are shown in the API, not
 * parsed.
 */
public final class HttpReadinessProbe implements ReadinessProbe {
  static final int MAX_BODY = 4096;
  private final HttpClient client;

  public HttpReadinessProbe() {
    this.client =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  @Override
  public CompletionStage<Result> probe(URI uri, Duration timeout) {
    HttpRequest request;
    try {
      request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(Result.failed("bad URI " + uri + ": " + e));
    }
    return client
        .sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
        // The request timeout covers the response headers; this bounds a body that trickles.
        .orTimeout(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS)
        .handle(
            (response, error) -> {
              if (error != null) {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                String why =
                    cause instanceof HttpTimeoutException
                            || cause instanceof java.util.concurrent.TimeoutException
                        ? "timed out after " + timeout.toMillis() + " ms"
                        : cause.getClass().getSimpleName() + ": " + cause.getMessage();
                return Result.failed(why);
              }
              String body = new String(response.body(), StandardCharsets.UTF_8);
              if (body.length() > MAX_BODY) {
                body = body.substring(0, MAX_BODY);
              }
              return Result.response(
                  response.statusCode(),
                  response.headers().firstValue("Content-Type").orElse(null),
                  body);
            });
  }
}
