package io.mezzo.http.master;

import io.mezzo.api.legacy.LegacyModel;
import io.mezzo.bootstrap.MezzoNode;
import io.mezzo.http.common.HttpResults;
import io.mezzo.http.common.LegacyResponses;
import io.mezzo.http.security.Callers;
import io.mezzo.http.security.EndpointAccess;
import io.mezzo.master.Master;
import io.mezzo.master.operator.SandboxOwner;
import io.mezzo.security.Caller;
import io.mezzo.security.acl.Authorizer;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * {@code /files/browse}, {@code /files/read}, {@code /files/download}, {@code /files/debug} (also
 * with {@code .json}; MESOS-API.md §4.3) on a master-only node: it finds the agent holding the path
 * ({@link SandboxOwner}) and proxies the request to it unchanged, with bounded timeouts, so a
 * browser needs to reach only the master. A node running an agent serves its own sandboxes instead
 * ({@code http.agent.FilesRoute}).
 *
 * <p>The master decides for the caller before it proxies, since the agent sees only the master's
 * own credential: {@code access_sandboxes} on the sandbox's user ({@link SandboxOwner#access}),
 * {@code get_endpoints} on {@code /files/debug} for debug. A refusal is 403 with the reason and
 * nothing reaches the agent; a path no agent is known to hold stays 404.
 */
@ApplicationScoped
public class FilesProxyRoute {
  private final MezzoNode node;
  private final Vertx vertx;
  private final SandboxProxy sandboxes;
  private final Authorizer authorizer;

  public FilesProxyRoute(
      MezzoNode node, Vertx vertx, SandboxProxy sandboxes, Authorizer authorizer) {
    this.node = node;
    this.vertx = vertx;
    this.sandboxes = sandboxes;
    this.authorizer = authorizer;
  }

  void register(@Observes Router router) {
    if (!node.role().runsMaster() || node.role().runsAgent()) {
      return;
    }
    for (String op : new String[] {"browse", "read", "download", "debug"}) {
      for (String suffix : new String[] {"", ".json"}) {
        router.get("/files/" + op + suffix).handler(rc -> proxy(rc, op));
      }
    }
  }

  private void proxy(RoutingContext rc, String op) {
    if (LeaderRedirect.answered(rc, node)) {
      return; // only the leader knows where the sandboxes are
    }
    if (op.equals("debug") && EndpointAccess.refused(rc, authorizer, "/files/debug")) {
      return;
    }
    Master master = node.master().orElseThrow();
    Caller caller = Callers.of(rc);
    String path = rc.request().getParam("path");
    String agentId = LegacyResponses.param(rc, "agent_id");
    if (op.equals("debug") && agentId == null) {
      LegacyResponses.json(rc, LegacyModel.object()); // a master holds no sandboxes itself
      return;
    }
    if (!op.equals("debug") && (path == null || path.isBlank())) {
      HttpResults.error(rc.response(), 400, "Expecting 'path=value' in query");
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
                        CallResults.failed(rc.response(), err);
                        return;
                      }
                      if (owner.isPresent()
                          && !op.equals("debug")
                          && EndpointAccess.refused(
                              rc, SandboxOwner.access(authorizer, caller, owner.get(), path))) {
                        return;
                      }
                      String problem = SandboxProxy.problem(owner, path, agentId);
                      if (problem != null) {
                        HttpResults.error(rc.response(), owner.isEmpty() ? 404 : 503, problem);
                        return;
                      }
                      SandboxOwner.Owner o = owner.get();
                      String uri = rc.request().uri();
                      if (op.equals("download")) {
                        sandboxes
                            .client()
                            .pipe(o.agentId().value(), o.endpoint(), uri, rc.response())
                            .onFailure(e -> SandboxProxy.failed(rc, e));
                        return;
                      }
                      sandboxes
                          .client()
                          .send(o.agentId().value(), o.endpoint(), HttpMethod.GET, uri, null, null)
                          .onComplete(
                              ar -> {
                                if (ar.failed()) {
                                  SandboxProxy.failed(rc, ar.cause());
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
}
