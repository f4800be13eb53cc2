package io.mezzo.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One-shot GETs for tests that watch nodes come and go (a master paused, killed or cut off from
 * ZooKeeper): a probe that cannot connect is an answer too, not a failure of the test.
 */
public final class HttpProbe {
  private final HttpClient http = V1SchedulerClient.newHttpClient();

  /** The status of {@code GET base+path} within 5 s, or -1 when there was no answer. */
  public int status(URI base, String path) {
    try {
      return http.send(
              HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  /** The body of {@code GET base+path}, waiting at most 10 s. */
  public String body(URI base, String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
