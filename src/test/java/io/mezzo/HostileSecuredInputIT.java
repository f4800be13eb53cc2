package io.mezzo;

import io.mezzo.testing.BasicAuth;
import io.mezzo.testing.RawExchange;
import io.mezzo.testing.fuzz.HostileRequests;
import io.mezzo.testing.fuzz.HostileRequests.Hostile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Authenticator;
import java.net.PasswordAuthentication;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The same seeded fuzz as {@link HostileInputIT}, against a master and an agent with every
 * authentication switch on and ACLs that admit agents only as {@code agent}: F and G subscribe as
 * {@code fuzz}, and each hostile request is sent with the right principal for its endpoint (the
 * scheduler API as {@code fuzz}, the agent link as {@code agent}), or — one in eight each — with no
 * credentials or a wrong secret, which must be {@code 401} and change nothing, whatever the request
 * is. Every invariant of the plain run holds: no 5xx, every refusal says why, both nodes live, F's
 * sentinel task runs on, no offer is lost, no ERROR is logged.
 */
class HostileSecuredInputIT extends HostileInputIT {
  private static final String ACLS =
      "{\"register_agents\":["
          + "{\"principals\":{\"values\":[\"agent\"]},\"agents\":{\"type\":\"ANY\"}},"
          + "{\"principals\":{\"type\":\"ANY\"},\"agents\":{\"type\":\"NONE\"}}]}";

  private final Map<String, String> security = secured();

  @Override
  String name(String node) {
    return "hostile-secured-" + node;
  }

  @Override
  Map<String, String> masterProperties() {
    Map<String, String> props = new LinkedHashMap<>(security);
    props.put("mezzo.security.acls", ACLS);
    return props;
  }

  @Override
  Map<String, String> agentProperties() {
    return security;
  }

  @Override
  HttpClient schedulerHttp() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(30))
        .followRedirects(HttpClient.Redirect.NEVER)
        .authenticator(
            new Authenticator() {
              @Override
              protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication("fuzz", "fuzz-secret".toCharArray());
              }
            })
        .build();
  }

  @Override
  Hostile sign(Hostile h, int i) {
    RawExchange.Request r = h.request();
    boolean toAgentLink = r.path().startsWith(HostileRequests.AGENT);
    // A fixed pattern rather than a second random stream, so a replay of the seed sends the same.
    int variant = (i * 7) % 8;
    String authorization;
    if (variant == 0) {
      authorization = null;
    } else if (variant == 1) {
      authorization = BasicAuth.header(toAgentLink ? "agent" : "fuzz", "not-the-secret");
    } else {
      authorization =
          toAgentLink
              ? BasicAuth.header("agent", "a9ent-secret")
              : BasicAuth.header("fuzz", "fuzz-secret");
    }
    List<Map.Entry<String, String>> headers = new ArrayList<>(r.headers());
    if (authorization != null) {
      headers.add(Map.entry("Authorization", authorization));
    }
    RawExchange.Request signed =
        new RawExchange.Request(r.method(), r.path(), headers, r.body(), r.chunked());
    if (variant > 1) {
      return new Hostile(h.index(), h.kind(), signed, h.allowed(), h.byHttpLayer());
    }
    // Refused by the gate before the call is read, so 401 whatever it holds; only what the HTTP
    // server answers before any route (a request line it cannot parse, an oversized head) and the
    // body limit of a declared length come first.
    Set<Integer> allowed = new java.util.HashSet<>(Set.of(401));
    if (h.byHttpLayer()) {
      allowed.addAll(h.allowed());
    }
    for (int status : h.allowed()) {
      if (status == 413 || status == 414 || status == 431 || status == 405) {
        allowed.add(status);
      }
    }
    return new Hostile(
        h.index(),
        h.kind() + (variant == 0 ? ", no credentials" : ", wrong secret"),
        signed,
        Set.copyOf(allowed),
        h.byHttpLayer());
  }

  private static Map<String, String> secured() {
    try {
      Path dir = Files.createTempDirectory("mezzo-hostile-secured-");
      Path credentials = dir.resolve("credentials.json");
      Files.writeString(
          credentials,
          "{\"credentials\":[{\"principal\":\"fuzz\",\"secret\":\"fuzz-secret\"},"
              + "{\"principal\":\"agent\",\"secret\":\"a9ent-secret\"}]}");
      Path agentCredential = dir.resolve("agent-credential");
      Files.writeString(agentCredential, "agent a9ent-secret\n");
      Map<String, String> props = new LinkedHashMap<>();
      props.put("mezzo.security.credentials", credentials.toString());
      props.put("mezzo.security.agent-credential", agentCredential.toString());
      props.put("mezzo.security.authenticate-frameworks", "true");
      props.put("mezzo.security.authenticate-agents", "true");
      props.put("mezzo.security.authenticate-http-readonly", "true");
      props.put("mezzo.security.authenticate-http-readwrite", "true");
      return Map.copyOf(props);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
