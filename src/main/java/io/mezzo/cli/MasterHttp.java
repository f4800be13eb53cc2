package io.mezzo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * The CLI's only way to the master: JSON over HTTP with a timeout on every request. Failures become
 * {@link CliFailure}s a user can act on — a refusal carries the server's own words (Marathon's
 * {@code message} and {@code details}, or Mesos's plain-text reason) and an unreachable master
 * names the URL and the cause. A non-leading master's 307 is followed to the leader. Every request
 * carries the credential given ({@link CliCredentials}); a 401 or 403 prints the master's reason
 * and who was refused.
 */
final class MasterHttp {
  static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final Duration timeout;
  private final HttpClient client;
  private final CliCredentials credentials;

  MasterHttp(URI base, Duration timeout) {
    this(base, timeout, CliCredentials.NONE, Optional.empty());
  }

  MasterHttp(URI base, Duration timeout, CliCredentials credentials, Optional<SSLContext> tls) {
    this.base = base;
    this.timeout = timeout;
    this.credentials = credentials;
    // HTTP/1.1: the JDK client's default HTTP/2 sends an h2c upgrade with each cleartext request,
    // which servers without HTTP/2 (and proxies) answer slower, for no gain to a few small calls.
    // Redirects: NORMAL never follows https to http, so a credential is not sent in clear.
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NORMAL);
    tls.ifPresent(b::sslContext);
    this.client = b.build();
  }

  URI base() {
    return base;
  }

  /** An answer of the master: its status, the deployment id header if any, and its JSON body. */
  record Reply(int status, Optional<String> deploymentId, JsonNode body) {}

  JsonNode get(String pathAndQuery) {
    return send("GET", pathAndQuery, null).body();
  }

  /**
   * Sends one request and returns a 2xx answer; anything else throws.
   *
   * @param body JSON to send, or null for none
   * @throws CliFailure {@link CliFailure#REFUSED} for a 4xx/5xx answer or a 2xx one that is not
   *     JSON, {@link CliFailure#UNREACHABLE} when the master does not answer in time
   */
  Reply send(String method, String pathAndQuery, JsonNode body) {
    Raw raw = exchange(method, pathAndQuery, body);
    if (raw.status < 200 || raw.status >= 300) {
      throw refusal(method, pathAndQuery, raw.status, raw.text, credentials);
    }
    JsonNode json;
    try {
      json = raw.text.isBlank() ? NullNode.getInstance() : JSON.readTree(raw.text);
    } catch (IOException e) {
      throw new CliFailure(
          CliFailure.REFUSED,
          method
              + " "
              + url(pathAndQuery)
              + " answered "
              + raw.status
              + " with a body that is not"
              + " JSON: "
              + abbreviate(raw.text));
    }
    return new Reply(raw.status, raw.deploymentId, json);
  }

  /** Like {@link #send} but returns non-2xx answers too, for callers that expect a 404. */
  Optional<String> readText(String pathAndQuery, int... tolerated) {
    Raw raw = exchange("GET", pathAndQuery, null);
    for (int t : tolerated) {
      if (raw.status == t) {
        return Optional.empty();
      }
    }
    if (raw.status < 200 || raw.status >= 300) {
      throw refusal("GET", pathAndQuery, raw.status, raw.text, credentials);
    }
    return Optional.of(raw.text);
  }

  private record Raw(int status, Optional<String> deploymentId, String text) {}

  private Raw exchange(String method, String pathAndQuery, JsonNode body) {
    URI uri = url(pathAndQuery);
    HttpRequest.Builder req =
        HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
    credentials.authorization().ifPresent(a -> req.header("Authorization", a));
    if (body != null) {
      req.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
    } else {
      req.method(method, HttpRequest.BodyPublishers.noBody());
    }
    try {
      HttpResponse<String> r =
          client.send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Raw(r.statusCode(), r.headers().firstValue("Marathon-Deployment-Id"), r.body());
    } catch (HttpConnectTimeoutException e) {
      throw unreachable(uri, "no connection within " + Durations.format(timeout));
    } catch (HttpTimeoutException e) {
      throw unreachable(uri, "no answer within " + Durations.format(timeout));
    } catch (ConnectException e) {
      throw unreachable(uri, "connection refused (is a Mezzo master running there?)");
    } catch (IOException e) {
      SSLException tls = sslCause(e);
      if (tls != null) {
        throw unreachable(
            uri,
            "TLS failed: "
                + (tls.getMessage() == null ? tls.toString() : tls.getMessage())
                + " (is --ca-cert the CA that signed the master's certificate, and does the"
                + " master need --client-cert and --client-key?)");
      }
      throw unreachable(uri, e.getMessage() == null ? e.toString() : e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable(uri, "interrupted");
    }
  }

  private static SSLException sslCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SSLException s) {
        return s;
      }
    }
    return null;
  }

  private URI url(String pathAndQuery) {
    return URI.create(base + pathAndQuery);
  }

  private CliFailure unreachable(URI uri, String why) {
    return new CliFailure(
        CliFailure.UNREACHABLE,
        "cannot reach the master at " + base + " (" + uri.getPath() + "): " + why);
  }

  /**
   * What the server said, one line each: Marathon's {@code message}, then each detail as {@code
   * path: error}, then the deployments blocking a locked app; or a Mesos plain-text reason.
   */
  static CliFailure refusal(String method, String pathAndQuery, int status, String text) {
    return refusal(method, pathAndQuery, status, text, CliCredentials.NONE);
  }

  /** {@link #refusal} with a hint for 401 and 403 saying whom the master refused. */
  static CliFailure refusal(
      String method, String pathAndQuery, int status, String text, CliCredentials credentials) {
    List<String> lines = new ArrayList<>();
    JsonNode json = null;
    try {
      json = text.isBlank() ? null : JSON.readTree(text);
    } catch (IOException e) {
      json = null;
    }
    if (json != null && json.isObject() && json.hasNonNull("message")) {
      lines.add(json.get("message").asText() + " (" + status + ")");
      for (JsonNode d : json.path("details")) {
        String path = d.path("path").asText("");
        for (JsonNode e : d.path("errors")) {
          lines.add("  " + (path.isEmpty() ? "" : path + ": ") + e.asText());
        }
      }
      for (JsonNode d : json.path("deployments")) {
        lines.add("  blocked by deployment " + d.path("id").asText());
      }
    } else if (status == 404 && pathAndQuery.startsWith("/v2/")) {
      // Marathon answers every 404 with a JSON message; a bare one means no /v2 API is there.
      lines.add(
          method
              + " "
              + pathAndQuery
              + " found nothing (404): this master serves no Marathon API at /v2 (is it a"
              + " Mezzo master with the services framework, or a Marathon?)");
    } else {
      String reason = text.isBlank() ? "(no reason given)" : abbreviate(text.strip());
      lines.add(method + " " + pathAndQuery + " refused (" + status + "): " + reason);
    }
    if (status == 401) {
      lines.add(
          credentials.principal().isPresent()
              ? "  the master did not accept the credential of "
                  + credentials.principal().get()
                  + "; check --principal and --secret (or --token)"
              : "  the master needs credentials: give --principal NAME with --secret-file FILE"
                  + " (or --secret), or --token JWT; or MEZZO_PRINCIPAL and MEZZO_SECRET, or"
                  + " MEZZO_TOKEN");
    } else if (status == 403) {
      lines.add(
          "  "
              + credentials.principal().map(p -> p).orElse("an anonymous caller")
              + " may not do this; nothing was changed");
    }
    return new CliFailure(CliFailure.REFUSED, lines);
  }

  private static String abbreviate(String s) {
    return s.length() <= 300 ? s : s.substring(0, 300) + "…";
  }
}
