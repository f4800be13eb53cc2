package io.mezzo.agent.health;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * An HTTP check: a GET to the task's port on the loopback. Healthy on a status listed in {@code
 * statuses}, or on 200–399 when none are. A task with its own network namespace is reached from
 * inside it ({@code nsenter -n} running {@code curl}), as Mesos does, since the loopback there is
 * not ours. Certificates are not verified for https: the task's certificate names a service, not
 * 127.0.0.1, and Mesos does not verify them either.
 */
final class HttpProbe implements Probe {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .sslContext(trustAll())
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(20))
          .build();

  private final URI uri;
  private final List<Integer> statuses;
  private final ProbeTarget target;

  HttpProbe(
      String scheme,
      boolean ipv6,
      int port,
      String path,
      List<Integer> statuses,
      ProbeTarget target) {
    String host = ipv6 ? "[::1]" : "127.0.0.1";
    this.uri =
        URI.create(
            (scheme == null ? "http" : scheme)
                + "://"
                + host
                + ":"
                + port
                + (path == null ? "/" : path));
    this.statuses = statuses;
    this.target = target;
  }

  @Override
  public CompletionStage<ProbeResult> run(Duration timeout) {
    if (target.ownNetwork()) {
      return inNamespace(timeout);
    }
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
    return CLIENT
        .sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .handle(
            (r, e) ->
                e != null
                    ? ProbeResult.failed(describe() + " failed: " + cause(e))
                    : judged(r.statusCode()));
  }

  private CompletionStage<ProbeResult> inNamespace(Duration timeout) {
    List<String> argv;
    try {
      argv = new ArrayList<>(target.enterNetwork());
    } catch (IllegalStateException e) {
      return CompletableFuture.completedFuture(
          ProbeResult.failed(describe() + ": " + e.getMessage()));
    }
    double seconds = Math.max(0.001, timeout.toMillis() / 1000.0);
    argv.addAll(
        List.of(
            "curl",
            "-s",
            "-S",
            "-k",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}",
            "--max-time",
            Double.toString(seconds),
            uri.toString()));
    return CommandRunner.run(argv, Map.of(), null, timeout.plusSeconds(1))
        .thenApply(
            o -> {
              String code = o.stdout().trim();
              if (o.exitCode() == null || !code.matches("[1-5][0-9][0-9]")) {
                return ProbeResult.failed(
                    describe()
                        + " failed: "
                        + (o.error() != null ? o.error() : "curl exited " + o.exitCode()));
              }
              return judged(Integer.parseInt(code));
            });
  }

  private ProbeResult judged(int code) {
    boolean ok = statuses.isEmpty() ? code >= 200 && code < 400 : statuses.contains(code);
    return ProbeResult.answered(code, ok, describe() + " answered " + code);
  }

  @Override
  public String describe() {
    return "HTTP GET " + uri;
  }

  static String cause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null
        && (t.getMessage() == null || t instanceof java.util.concurrent.CompletionException)) {
      t = t.getCause();
    }
    return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
  }

  private static SSLContext trustAll() {
    try {
      SSLContext ssl = SSLContext.getInstance("TLS");
      TrustManager all =
          new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
              return new X509Certificate[0];
            }
          };
      ssl.init(null, new TrustManager[] {all}, new SecureRandom());
      return ssl;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("no TLS available for HTTPS health checks", e);
    }
  }
}
