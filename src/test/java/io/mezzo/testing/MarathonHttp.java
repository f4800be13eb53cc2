package io.mezzo.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * A Marathon REST client as a script would use one: JSON in, status and JSON out, every request
 * bounded, plus the {@code /v2/events} server-sent event stream collected in the background.
 */
public final class MarathonHttp {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final HttpClient HTTP = V1SchedulerClient.newHttpClient();
  private final URI base;

  public MarathonHttp(URI base) {
    this.base = base;
  }

  /** An answer: status, body, headers. */
  public record Reply(int status, String body, java.net.http.HttpHeaders headers) {
    public JsonNode json() {
      return V1SchedulerClient.parse(body);
    }

    public Optional<String> header(String name) {
      return headers.firstValue(name);
    }
  }

  public Reply get(String path) {
    return send(request(path).GET());
  }

  public Reply post(String path, String json) {
    return send(request(path).POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  public Reply put(String path, String json) {
    return send(request(path).PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  public Reply delete(String path) {
    return send(request(path).DELETE());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path))
        .timeout(TIMEOUT)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json");
  }

  private static Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body(), r.headers());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A GET of anything (an app's own endpoint), body as text. */
  public static String plainGet(URI uri) {
    return send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET()).body();
  }

  /** Opens {@code /v2/events}; the stream is read on a background thread until closed. */
  public EventStream events() {
    return new EventStream(base.resolve("/v2/events"));
  }

  /** The events received so far, each the JSON of its {@code data:} line. */
  public static final class EventStream implements AutoCloseable {
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private volatile Stream<String> lines;

    EventStream(URI uri) {
      HttpRequest request =
          HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET().build();
      response = HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
      Thread reader =
          new Thread(
              () -> {
                try {
                  HttpResponse<Stream<String>> r = response.get();
                  lines = r.body();
                  lines
                      .filter(l -> l.startsWith("data:"))
                      .forEach(l -> received.add(V1SchedulerClient.parse(l.substring(5).trim())));
                } catch (Exception e) {
                  // closed by the test, or the server went away: what was received stays
                }
              },
              "marathon-events");
      reader.setDaemon(true);
      reader.start();
      // The stream is attached once the server answered its headers.
      try {
        response.get(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException("cannot open " + uri + ": " + e, e);
      }
    }

    public List<JsonNode> received() {
      return List.copyOf(received);
    }

    @Override
    public void close() {
      Stream<String> l = lines;
      if (l != null) {
        l.close();
      }
      response.cancel(true);
    }
  }
}
