package io.mezzo.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.agent.Agent;
import io.mezzo.agent.files.FileAccessException;
import io.mezzo.agent.files.SandboxFiles;
import io.mezzo.api.legacy.LegacyModel;
import io.mezzo.bootstrap.MezzoNode;
import io.mezzo.config.MasterSettings;
import io.mezzo.master.Master;
import io.mezzo.master.operator.SandboxOwner;
import io.mezzo.master.registry.AgentEntry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * {@code /files/browse}, {@code /files/read}, {@code /files/download}, {@code /files/debug} (also
 * with {@code .json}; MESOS-API.md §4.3). A node running an agent (agent role, standalone) serves
 * its own sandboxes through {@link SandboxFiles}, which refuses anything outside them. A
 * master-only node finds the agent holding the path ({@link SandboxOwner}) and proxies the request
 * to it unchanged, with bounded timeouts, so a browser needs to reach only the master.
 */
@ApplicationScoped
public class FilesRoute {
  private static final Logger LOG = Logger.getLogger(FilesRoute.class);
  private final MezzoNode node;
  private final LocalAgent local;
  private final Vertx vertx;
  private final MasterSettings settings;
  private volatile AgentHttpClient client;

  public FilesRoute(MezzoNode node, LocalAgent local, Vertx vertx, MasterSettings settings) {
    this.node = node;
    this.local = local;
    this.vertx = vertx;
    this.settings = settings;
  }

  void register(@Observes Router router) {
    for (String op : new String[] {"browse", "read", "download", "debug"}) {
      for (String suffix : new String[] {"", ".json"}) {
        router.get("/files/" + op + suffix).handler(rc -> handle(rc, op));
      }
    }
  }

  private void handle(RoutingContext rc, String op) {
    if (node.role().runsAgent()) {
      serveLocally(rc, op);
    } else {
      proxy(rc, op);
    }
  }

  // ---- an agent's own sandboxes ----------------------------------------------------------------

  private void serveLocally(RoutingContext rc, String op) {
    Agent agent = local.agent().orElse(null);
    if (agent == null) {
      HttpResults.error(rc.response(), 503, "The agent has not started yet");
      return;
    }
    String path = rc.request().getParam("path");
    Function<SandboxFiles, Object> work;
    try {
      work =
          switch (op) {
            case "browse" ->
                files -> {
                  ArrayNode out = LegacyModel.array();
                  files.browse(path).forEach(e -> out.add(e.toLegacy()));
                  return out;
                };
            case "read" -> read(rc, path);
            case "download" -> files -> files.download(path);
            default ->
                files -> {
                  ObjectNode out = LegacyModel.object();
                  files.debug().forEach(out::put);
                  return out;
                };
          };
    } catch (FileAccessException e) {
      HttpResults.error(rc.response(), e.status(), e.getMessage());
      return;
    }
    Context ctx = vertx.getOrCreateContext();
    agent
        .snapshot()
        .thenApplyAsync(s -> work.apply(SandboxFiles.of(s)), local.blockingIo())
        .whenComplete((result, err) -> ctx.runOnContext(v -> answer(rc, path, result, err)));
  }

  /**
   * Parses offset and length up front, so a malformed number is a 400 before any file is touched.
   */
  private static Function<SandboxFiles, Object> read(RoutingContext rc, String path) {
    long offset = number(rc, "offset", 0L);
    Long length = rc.request().getParam("length") == null ? null : number(rc, "length", 0L);
    return files -> {
      SandboxFiles.Chunk c = files.read(path, offset, length);
      ObjectNode out = LegacyModel.object();
      out.put("data", new String(c.data(), StandardCharsets.UTF_8));
      out.put("offset", c.offset());
      return out;
    };
  }

  private static long number(RoutingContext rc, String name, long dflt) {
    String text = rc.request().getParam(name);
    if (text == null || text.isBlank()) {
      return dflt;
    }
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new FileAccessException(
          400, "Failed to parse '" + name + "': '" + text + "' is not a number");
    }
  }

  private void answer(RoutingContext rc, String path, Object result, Throwable err) {
    Throwable cause = err;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof FileAccessException e) {
      HttpResults.error(rc.response(), e.status(), e.getMessage());
    } else if (cause != null) {
      LOG.errorf(cause, "files request for %s failed", path);
      HttpResults.error(rc.response(), 500, "Internal error: " + cause);
    } else if (result instanceof Path file) {
      rc.response()
          .putHeader("Content-Type", "application/octet-stream")
          .putHeader(
              "Content-Disposition",
              "attachment; filename=\"" + file.getFileName().toString().replace("\"", "") + "\"")
          .sendFile(file.toString());
    } else {
      LegacyResponses.json(rc, (JsonNode) result);
    }
  }

  // ---- a master proxying to the agent ----------------------------------------------------------

  private void proxy(RoutingContext rc, String op) {
    if (LeaderRedirect.answered(rc, node)) {
      return; // only the leader knows where the sandboxes are
    }
    Master master = node.master().orElseThrow();
    String path = rc.request().getParam("path");
    String agentId = LegacyResponses.param(rc, "agent_id");
    if (op.equals("debug") && agentId == null) {
      LegacyResponses.json(rc, LegacyModel.object()); // a master holds no sandboxes itself
      return;
    }
    if (!op.equals("debug") && (path == null || path.isBlank())) {
      HttpResults.error(rc.response(), 400, "Expecting 'path' to be present");
      return;
    }
    Context ctx = vertx.getOrCreateContext();
    master
        .sandboxOwner(path, agentId)
        .whenComplete(
            (owner, err) ->
                ctx.runOnContext(
                    v -> {
                      if (err != null) {
                        HttpResults.error(rc.response(), 500, "Internal error: " + err);
                        return;
                      }
                      String problem = OwnerProblems.of(owner, path, agentId);
                      if (problem != null) {
                        HttpResults.error(rc.response(), owner.isEmpty() ? 404 : 503, problem);
                        return;
                      }
                      SandboxOwner.Owner o = owner.get();
                      String uri = rc.request().uri();
                      if (op.equals("download")) {
                        client()
                            .pipe(o.agentId().value(), o.endpoint(), uri, rc.response())
                            .onFailure(e -> proxyFailed(rc, e));
                        return;
                      }
                      client()
                          .send(o.agentId().value(), o.endpoint(), HttpMethod.GET, uri, null, null)
                          .onComplete(
                              ar -> {
                                if (ar.failed()) {
                                  proxyFailed(rc, ar.cause());
                                  return;
                                }
                                AgentHttpClient.Answer a = ar.result();
                                String type = a.headers().get("Content-Type");
                                rc.response()
                                    .setStatusCode(a.status() >= 500 ? 502 : a.status())
                                    .putHeader(
                                        "Content-Type",
                                        type == null ? "text/plain; charset=utf-8" : type)
                                    .end(
                                        a.status() >= 500
                                            ? Buffer.buffer(
                                                "Agent " + o.agentId() + " failed: " + a.body())
                                            : a.body());
                              });
                    }));
  }

  static void proxyFailed(RoutingContext rc, Throwable e) {
    int status = e instanceof AgentHttpClient.ProxyException p ? p.status() : 502;
    if (!rc.response().headWritten()) {
      HttpResults.error(rc.response(), status, e.getMessage());
    } else {
      rc.response().reset();
    }
  }

  AgentHttpClient client() {
    AgentHttpClient c = client;
    if (c == null) {
      synchronized (this) {
        if (client == null) {
          client = new AgentHttpClient(vertx, settings.sandboxProxyTimeout());
        }
        c = client;
      }
    }
    return c;
  }

  /** Why a proxied sandbox request cannot be sent, or null. */
  static final class OwnerProblems {
    private OwnerProblems() {}

    static String of(Optional<SandboxOwner.Owner> owner, String path, String agentId) {
      if (owner.isEmpty()) {
        return agentId != null
            ? "Agent " + agentId + " is not known to this master"
            : "No agent known to hold '" + path + "'; add agent_id=<agent id> to the request";
      }
      SandboxOwner.Owner o = owner.get();
      if (o.state() == AgentEntry.State.UNREACHABLE || o.state() == AgentEntry.State.GONE) {
        return "Agent "
            + o.agentId()
            + " is "
            + o.state().name().toLowerCase()
            + "; its sandboxes cannot be read now";
      }
      if (o.endpoint() == null) {
        return "Agent " + o.agentId() + " advertised no HTTP endpoint";
      }
      return null;
    }
  }
}
