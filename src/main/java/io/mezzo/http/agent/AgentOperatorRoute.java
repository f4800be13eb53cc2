package io.mezzo.http.agent;

import io.mezzo.agent.operator.AgentOperatorCalls;
import io.mezzo.api.v1.MesosJson;
import io.mezzo.api.v1.agent.Call;
import io.mezzo.bootstrap.MezzoNode;
import io.mezzo.bootstrap.Role;
import io.mezzo.http.common.AgentPaths;
import io.mezzo.http.common.ApiRequests;
import io.mezzo.http.common.HttpResults;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The agent's operator API (MESOS-API.md §4.2) at {@code POST /slave(1)/api/v1}, the agent's own
 * path prefix, so a standalone node serves it beside the master's {@code /api/v1}; an agent-role
 * node also answers it at {@code /api/v1}. Same HTTP rules as the master's operator API.
 */
@ApplicationScoped
public class AgentOperatorRoute {
  private final MezzoNode node;
  private final Vertx vertx;
  private final LocalAgent local;

  public AgentOperatorRoute(MezzoNode node, Vertx vertx, LocalAgent local) {
    this.node = node;
    this.vertx = vertx;
    this.local = local;
  }

  void register(@Observes Router router) {
    if (!node.role().runsAgent()) {
      return;
    }
    ApiRequests.route(router, AgentPaths.OPERATOR_API, node.maxBodyBytes(), this::handle);
    if (node.role() == Role.AGENT) {
      ApiRequests.route(router, "/api/v1", node.maxBodyBytes(), this::handle);
    }
  }

  private void handle(RoutingContext rc) {
    Call call = ApiRequests.parseCall(rc, Call.class, Call::type);
    if (call == null) {
      return;
    }
    if (!ApiRequests.acceptsJson(rc.request())) {
      HttpResults.error(rc.response(), 406, "Expecting 'Accept' to allow application/json");
      return;
    }
    AgentOperatorCalls calls = local.calls().orElse(null);
    if (calls == null) {
      HttpResults.error(rc.response(), 503, "The agent has not started yet");
      return;
    }
    Context ctx = vertx.getOrCreateContext();
    calls
        .call(call)
        .whenComplete(
            (answer, err) ->
                ctx.runOnContext(
                    v -> {
                      if (err != null) {
                        HttpResults.error(rc.response(), 500, "Internal error: " + err);
                      } else if (answer.status() != 200) {
                        HttpResults.error(rc.response(), answer.status(), answer.message());
                      } else if (answer.body() == null) {
                        // SET_LOGGING_LEVEL, KILL_CONTAINER: Mesos answers an empty 200.
                        rc.response().setStatusCode(200).end();
                      } else {
                        rc.response()
                            .setStatusCode(200)
                            .putHeader("Content-Type", "application/json")
                            .end(Buffer.buffer(MesosJson.write(answer.body())));
                      }
                    }));
  }
}
