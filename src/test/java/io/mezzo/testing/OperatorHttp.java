package io.mezzo.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Plain HTTP for the operator API, the legacy endpoints and {@code /files}, written like a
 * third-party tool would (java.net.http, JSON read as trees), without Mezzo classes.
 */
public final class OperatorHttp {
  private static final HttpClient HTTP = V1SchedulerClient.newHttpClient();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private OperatorHttp() {}

  /** A status, body and headers. */
  public record Reply(int status, String body, HttpHeaders headers) {
    public JsonNode json() {
      return V1SchedulerClient.parse(body);
    }

    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  public static Reply get(URI base, String pathAndQuery) {
    return send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(TIMEOUT).GET().build());
  }

  /** POSTs a JSON call with {@code Content-Type} and {@code Accept} JSON. */
  public static Reply call(URI base, String path, String json) {
    return post(
        base, path, json, Map.of("Content-Type", "application/json", "Accept", "application/json"));
  }

  public static Reply post(URI base, String path, String body, Map<String, String> headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(TIMEOUT)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(b::header);
    return send(b.build());
  }

  public static Reply send(HttpRequest request) {
    try {
      HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body(), r.headers());
    } catch (IOException e) {
      throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
