package io.mezzo.http.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.agent.Agent;
import io.mezzo.agent.files.FileAccessException;
import io.mezzo.agent.files.ReadRange;
import io.mezzo.agent.files.SandboxFiles;
import io.mezzo.agent.files.Utf8Prefix;
import io.mezzo.api.legacy.LegacyModel;
import io.mezzo.bootstrap.MezzoNode;
import io.mezzo.http.common.HttpResults;
import io.mezzo.http.common.LegacyResponses;
import io.mezzo.http.security.Callers;
import io.mezzo.http.security.EndpointAccess;
import io.mezzo.security.Caller;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * {@code /files/browse}, {@code /files/read}, {@code /files/download}, {@code /files/debug} (also
 * with {@code .json}; MESOS-API.md §4.3) on a node running an agent (agent role, standalone): it
 * serves its own sandboxes through {@link SandboxFiles}, which refuses anything outside them. A
 * master-only node proxies these to the agent instead ({@code http.master.FilesProxyRoute}).
 *
 * <p>Parameters as Mesos's files process takes them: {@code path} on browse, read and download;
 * {@code offset} and {@code length} on read ({@link ReadRange}); {@code jsonp} on browse, read and
 * debug, whose answers are JSON. Download sends the raw file, typed by its extension as Mesos does,
 * so {@code jsonp} does not apply to it.
 *
 * <p>Authorization as Mesos's agent: browse, read and download need {@code access_sandboxes} on the
 * user the sandbox's executor runs as ({@link SandboxFiles.Access}), decided once the path is known
 * to lie in that sandbox, so a refused caller gets 403 with the reason whether or not the file
 * exists, and a path in no sandbox stays 404; debug needs {@code get_endpoints} on {@code
 * /files/debug}.
 */
@ApplicationScoped
public class FilesRoute {
  private static final Logger LOG = Logger.getLogger(FilesRoute.class);
  private final MezzoNode node;
  private final LocalAgent local;
  private final Vertx vertx;

  public FilesRoute(MezzoNode node, LocalAgent local, Vertx vertx) {
    this.node = node;
    this.local = local;
    this.vertx = vertx;
  }

  void register(@Observes Router router) {
    if (!node.role().runsAgent()) {
      return;
    }
    for (String op : new String[] {"browse", "read", "download", "debug"}) {
      for (String suffix : new String[] {"", ".json"}) {
        router.get("/files/" + op + suffix).handler(rc -> serveLocally(rc, op));
      }
    }
  }

  private void serveLocally(RoutingContext rc, String op) {
    Agent agent = local.agent().orElse(null);
    if (agent == null) {
      HttpResults.error(rc.response(), 503, "The agent has not started yet");
      return;
    }
    Caller caller = Callers.of(rc);
    if (op.equals("debug") && EndpointAccess.refused(rc, local.authorizer(), "/files/debug")) {
      return;
    }
    SandboxFiles.Access access = SandboxFiles.Access.of(local.authorizer(), caller);
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
        .thenApplyAsync(
            s -> work.apply(SandboxFiles.of(s).restrictedBy(access)), local.blockingIo())
        .whenComplete((result, err) -> ctx.runOnContext(v -> answer(rc, path, result, err)));
  }

  /**
   * Parses offset and length up front (Mesos's rules: {@link ReadRange}), so a malformed number is
   * a 400 before any file is touched.
   */
  private static Function<SandboxFiles, Object> read(RoutingContext rc, String path) {
    if (path == null || path.isEmpty()) {
      // Mesos looks at the path before the numbers; so does the answer to a request wrong in both.
      throw new FileAccessException(400, "Expecting 'path=value' in query");
    }
    ReadRange range =
        ReadRange.parse(rc.request().getParam("offset"), rc.request().getParam("length"));
    return files -> {
      SandboxFiles.Chunk c = files.read(path, range.offset(), range.length());
      ObjectNode out = LegacyModel.object();
      // Whole characters only: the viewer's next offset is this one plus the text's UTF-8 length.
      int whole = Utf8Prefix.length(c.data(), c.data().length);
      out.put("data", new String(c.data(), 0, whole, StandardCharsets.UTF_8));
      out.put("offset", c.offset());
      return out;
    };
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
      String type = URLConnection.guessContentTypeFromName(file.getFileName().toString());
      rc.response()
          .putHeader("Content-Type", type == null ? "application/octet-stream" : type)
          .putHeader(
              "Content-Disposition",
              "attachment; filename=\"" + file.getFileName().toString().replace("\"", "") + "\"")
          .sendFile(file.toString());
    } else {
      LegacyResponses.json(rc, (JsonNode) result);
    }
  }
}
