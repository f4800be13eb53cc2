package io.mezzo.http.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.agent.Agent;
import io.mezzo.agent.files.FileAccessException;
import io.mezzo.agent.files.SandboxFiles;
import io.mezzo.api.legacy.LegacyModel;
import io.mezzo.bootstrap.MezzoNode;
import io.mezzo.http.common.HttpResults;
import io.mezzo.http.common.LegacyResponses;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
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
}
