package io.mezzo.http;

import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.AgentId;
import io.mezzo.bootstrap.MezzoNode;
import io.mezzo.master.Master;
import io.mezzo.master.agents.AgentChannel;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * {@code POST /internal/v1/agent}: how remote agents reach the master (see {@code AgentCall}). The
 * agent opens the command stream with SUBSCRIBE and posts everything else, so only agent-to-master
 * connectivity is needed.
 */
@ApplicationScoped
public class AgentLinkRoute {
  private static final Logger LOG = Logger.getLogger(AgentLinkRoute.class);
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
    router.route(PATH).order(HttpResults.API_HEADER_CHECK_ORDER).handler(ApiRequests::checkHeaders);
    router.route(PATH).order(HttpResults.API_ROUTE_ORDER)
        .handler(BodyHandler.create(false).setBodyLimit(node.maxBodyBytes())).handler(this::handle)
        .failureHandler(rc -> HttpResults.failure(rc, node.maxBodyBytes()));
  }

  private void handle(RoutingContext rc) {
    AgentCall call = ApiRequests.parse(rc, AgentCall.class);
    if (call == null) {
      return;
    }
    Master master = node.master().orElse(null);
    if (master == null || !master.isRecovered()) {
      HttpResults.error(rc.response(), 503, "Master has not finished recovery");
      return;
    }
    Context ctx = vertx.getOrCreateContext();
    if (call.type() != AgentCall.Type.SUBSCRIBE) {
      master.agentCall(call).whenComplete((result, err) -> ctx.runOnContext(v -> {
        if (err != null) {
          LOG.errorf(err, "agent call %s failed", call.type());
          HttpResults.error(rc.response(), 500, "Internal error: " + err);
        } else {
          HttpResults.write(rc.response(), result);
        }
      }));
      return;
    }
    RecordIoStream stream = new RecordIoStream(vertx, rc.request(), node.maxBodyBytes());
    AtomicReference<AgentId> agentId = new AtomicReference<>(call.agentId());
    AgentChannel channel = new AgentChannel() {
      @Override
      public void send(AgentEvent event) {
        stream.publish(event);
      }

      @Override
      public void close() {
        stream.publishClose();
      }
    };
    stream.observe(e -> {
      if (e instanceof AgentEvent ev && ev.type() == AgentEvent.Type.REGISTERED && ev.registered() != null) {
        agentId.set(ev.registered().agentId());
      }
    });
    stream.onClosed(() -> {
      AgentId id = agentId.get();
      if (id != null) {
        master.agentStreamClosed(id, channel);
      }
    });
    master.agentSubscribe(call, channel).whenComplete((result, err) -> ctx.runOnContext(v -> {
      if (err != null) {
        LOG.errorf(err, "agent SUBSCRIBE failed");
        stream.fail(500, "Internal error: " + err);
      } else if (result.isSuccess()) {
        stream.start(Map.of("Content-Type", "application/json"));
      } else {
        stream.fail(result.status(), result.message());
      }
    }));
  }
}
