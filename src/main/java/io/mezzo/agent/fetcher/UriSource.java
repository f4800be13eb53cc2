package io.mezzo.agent.fetcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * Downloads one URI into a file: {@code http} and {@code https} with the JDK client, {@code
 * file://} and plain absolute paths by copying. Other schemes ({@code hdfs}, {@code s3}, {@code
 * ftp} ...) need tools Mezzo does not run, so they fail naming the scheme instead of being dropped.
 *
 * <p>Connection errors and 5xx answers are retried a bounded number of times with doubling backoff
 * (a server restarting is common while a cluster deploys); 4xx answers are the user's mistake and
 * fail at once. Every wait is bounded by the fetch's {@link Deadline}. Thread-safe.
 */
final class UriSource {
  private static final Logger LOG = Logger.getLogger(UriSource.class);
  private static final int BUFFER = 64 * 1024;

  private final HttpClient http;
  private final Duration readTimeout;
  private final int attempts;
  private final Duration firstBackoff;

  /**
   * @param connectTimeout bound of one TCP/TLS connect
   * @param readTimeout bound of one request until its headers arrive
   * @param attempts tries per URI for retryable failures, at least 1
   * @param firstBackoff wait after the first failure, doubling after each further one
   */
  UriSource(Duration connectTimeout, Duration readTimeout, int attempts, Duration firstBackoff) {
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    this.readTimeout = readTimeout;
    this.attempts = Math.max(1, attempts);
    this.firstBackoff = firstBackoff;
  }

  static UriSource defaults() {
    return new UriSource(Duration.ofSeconds(10), Duration.ofSeconds(30), 3, Duration.ofMillis(500));
  }

  /** The scheme a URI is fetched by, lower case; {@code file} for a plain absolute path. */
  static String scheme(String uri) throws FetchException {
    if (uri.startsWith("/")) {
      return "file";
    }
    int colon = uri.indexOf(':');
    if (colon <= 0) {
      throw new FetchException(
          "'" + uri + "' is neither an absolute path nor a URI with a scheme (http, https, file)");
    }
    return uri.substring(0, colon).toLowerCase(Locale.ROOT);
  }

  /** Checks the URI can be fetched at all, before any download, naming what is wrong. */
  static void checkSupported(String uri) throws FetchException {
    String scheme = scheme(uri);
    if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("file")) {
      throw new FetchException(
          "the '"
              + scheme
              + "' scheme is not supported (Mezzo fetches http, https, file:// and absolute paths)");
    }
  }

  /** Writes the content of {@code uri} to {@code target} (replacing it). */
  void download(String uri, Path target, Deadline deadline) throws FetchException {
    checkSupported(uri);
    String scheme = scheme(uri);
    if (scheme.equals("file")) {
      copyLocal(uri, target, deadline);
    } else {
      downloadHttp(uri, target, deadline);
    }
  }

  private static void copyLocal(String uri, Path target, Deadline deadline) throws FetchException {
    Path source;
    try {
      source = uri.startsWith("/") ? Path.of(uri) : Path.of(new URI(uri));
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new FetchException("'" + uri + "' is not a valid file URI: " + e.getMessage());
    }
    if (Files.isDirectory(source)) {
      throw new FetchException(source + " is a directory; only files can be fetched");
    }
    try (InputStream in = Files.newInputStream(source);
        OutputStream out = Files.newOutputStream(target)) {
      copy(in, out, deadline, uri);
    } catch (NoSuchFileException e) {
      throw new FetchException(source + " does not exist");
    } catch (IOException e) {
      throw new FetchException("cannot copy " + source + ": " + e);
    }
  }

  private void downloadHttp(String uri, Path target, Deadline deadline) throws FetchException {
    URI parsed;
    try {
      parsed = new URI(uri);
    } catch (URISyntaxException e) {
      throw new FetchException("'" + uri + "' is not a valid URI: " + e.getMessage());
    }
    Duration backoff = firstBackoff;
    String last = "no attempt was made";
    for (int attempt = 1; attempt <= attempts; attempt++) {
      deadline.check("downloading " + uri);
      Duration bound = min(readTimeout, deadline.remaining());
      HttpRequest request = HttpRequest.newBuilder(parsed).timeout(bound).GET().build();
      try {
        HttpResponse<InputStream> response =
            http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        int code = response.statusCode();
        try (InputStream in = response.body()) {
          if (code == 200) {
            try (OutputStream out = Files.newOutputStream(target)) {
              copy(in, out, deadline, uri);
            }
            return;
          }
          last = "the server answered HTTP " + code;
        }
        if (code < 500) {
          throw new FetchException(last);
        }
      } catch (HttpTimeoutException e) {
        last = "no answer within " + bound.toMillis() + " ms";
      } catch (IOException e) {
        last = "connection failed: " + describe(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new FetchException("downloading " + uri + ": the fetch timed out");
      }
      if (attempt < attempts) {
        LOG.infof("Fetching %s failed (attempt %d of %d): %s", uri, attempt, attempts, last);
        pause(min(backoff, deadline.remaining()), uri);
        backoff = backoff.multipliedBy(2);
      }
    }
    throw new FetchException(last + " (after " + attempts + " attempts)");
  }

  private static void pause(Duration d, String uri) throws FetchException {
    try {
      // A real wait between retries of a real server, bounded by the fetch's deadline.
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FetchException("downloading " + uri + ": the fetch timed out");
    }
  }

  static void copy(InputStream in, OutputStream out, Deadline deadline, String what)
      throws IOException, FetchException {
    byte[] buf = new byte[BUFFER];
    int n;
    while ((n = in.read(buf)) >= 0) {
      deadline.check("copying " + what);
      out.write(buf, 0, n);
    }
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    if (m == null && e.getCause() != null) {
      m = e.getCause().toString();
    }
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  private static Duration min(Duration a, Duration b) {
    Duration m = a.compareTo(b) <= 0 ? a : b;
    return m.isZero() ? Duration.ofMillis(1) : m;
  }
}
