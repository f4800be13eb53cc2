package io.mezzo.http.agent;

import io.mezzo.agent.Agent;
import io.mezzo.agent.operator.AgentStateJson;
import io.mezzo.agent.operator.VisibleState;
import io.mezzo.bootstrap.MezzoNode;
import io.mezzo.bootstrap.Role;
import io.mezzo.http.common.HttpResults;
import io.mezzo.http.common.LegacyResponses;
import io.mezzo.http.security.Callers;
import io.mezzo.http.security.EndpointAccess;
import io.mezzo.security.Caller;
import io.mezzo.security.acl.Authorizer;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The agent's {@code GET /slave(1)/containers} (also {@code /containers} on an agent-role node), as
 * Mesos serves it: the running executor containers with their status and resource use, optionally
 * selected by {@code container_id}, {@code framework_id} or {@code executor_id} with {@code
 * framework_id}; honours {@code ?jsonp=cb}.
 */
@ApplicationScoped
public class AgentContainersRoute {
  private final MezzoNode node;
  private final Vertx vertx;
  private final Authorizer authorizer;

  public AgentContainersRoute(MezzoNode node, Vertx vertx, Authorizer authorizer) {
    this.node = node;
    this.vertx = vertx;
    this.authorizer = authorizer;
  }

  void register(@Observes Router router) {
    if (!node.role().runsAgent()) {
      return;
    }
    router.get("/slave(1)/containers").handler(this::handle);
    if (node.role() == Role.AGENT) {
      router.get("/containers").handler(this::handle);
    }
  }

  private void handle(RoutingContext rc) {
    Agent agent = node.agent(Agent.class).orElse(null);
    if (agent == null) {
      HttpResults.error(rc.response(), 503, "The agent has not started yet");
      return;
    }
    if (EndpointAccess.refused(rc, authorizer, "/containers")) {
      return;
    }
    Caller caller = Callers.of(rc);
    String containerId = LegacyResponses.param(rc, "container_id");
    String frameworkId = LegacyResponses.param(rc, "framework_id");
    String executorId = LegacyResponses.param(rc, "executor_id");
    try {
      AgentStateJson.checkContainerSelection(containerId, frameworkId, executorId);
    } catch (IllegalArgumentException e) {
      HttpResults.error(rc.response(), 400, e.getMessage());
      return;
    }
    Context ctx = vertx.getOrCreateContext();
    agent
        .snapshot()
        .thenCompose(
            s ->
                agent
                    .containers()
                    .thenApply(r -> VisibleState.containers(r, s, authorizer, caller)))
        .thenApply(
            reports -> AgentStateJson.containers(reports, containerId, frameworkId, executorId))
        .whenComplete((json, err) -> ctx.runOnContext(v -> LegacyResponses.reply(rc, json, err)));
  }
}
