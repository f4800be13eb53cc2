package io.mezzo.http.master;

import io.mezzo.api.agent.AgentCall;
import io.mezzo.bootstrap.MezzoNode;
import io.mezzo.http.common.ApiRequests;
import io.mezzo.http.security.Callers;
import io.mezzo.master.Master;
import io.mezzo.master.agents.AgentChannel;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;

/**
 * {@code POST /internal/v1/agent}: how remote agents reach the master (see {@code AgentCall}). The
 * agent opens the command stream with SUBSCRIBE and posts everything else, so only agent-to-master
 * connectivity is needed.
 */
@ApplicationScoped
public class AgentLinkRoute {
  public static final String PATH = "/internal/v1/agent";
  private final MezzoNode node;
  private final Vertx vertx;

  public AgentLinkRoute(MezzoNode node, Vertx vertx) {
    this.node = node;
    this.vertx = vertx;
  }

  void register(@Observes Router router) {
    if (!node.role().runsMaster()) {
      return;
    }
    ApiRequests.routeJsonOnly(router, PATH, node.maxBodyBytes(), this::handle);
  }

  private void handle(RoutingContext rc) {
    if (LeaderRedirect.answered(rc, node)) {
      return;
    }
    AgentCall call = ApiRequests.parse(rc, AgentCall.class);
    if (call == null) {
      return;
    }
    Master master = node.master().orElseThrow();
    Context ctx = vertx.getOrCreateContext();
    if (call.type() != AgentCall.Type.SUBSCRIBE) {
      // Over the network an agent proves its id with the link secret; Callers says who called.
      CallResults.replyWhen(rc, ctx, master.agentCall(call, Callers.of(rc)));
      return;
    }
    RecordIoStream stream = new RecordIoStream(vertx, rc.request(), node.maxBodyBytes());
    AgentChannel channel = stream.asAgentChannel();
    stream.onClosed(() -> master.agentStreamClosed(channel));
    stream.answerWhen(
        master.agentSubscribe(call, channel, Callers.of(rc)),
        Map.of("Content-Type", "application/json"));
  }
}
