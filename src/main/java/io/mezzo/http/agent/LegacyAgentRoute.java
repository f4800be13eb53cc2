package io.mezzo.http.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.agent.Agent;
import io.mezzo.agent.operator.AgentOperatorCalls;
import io.mezzo.agent.operator.AgentStateJson;
import io.mezzo.api.legacy.LegacyModel;
import io.mezzo.api.v1.VersionInfo;
import io.mezzo.bootstrap.MezzoNode;
import io.mezzo.bootstrap.Role;
import io.mezzo.http.common.HttpResults;
import io.mezzo.http.common.LegacyResponses;
import io.mezzo.http.security.Callers;
import io.mezzo.http.security.EndpointAccess;
import io.mezzo.security.acl.Action;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The agent's legacy endpoints (MESOS-API.md §6.6) under its process prefix {@code /slave(1)}:
 * {@code state} (also {@code state.json}), {@code flags}, {@code health} and {@code
 * monitor/statistics}. An agent-role node also serves them without the prefix ({@code /state} ≡
 * {@code /slave(1)/state}); on a standalone node the unprefixed paths are the master's.
 *
 * <p>{@code state} and {@code flags} honour {@code ?jsonp=cb} as Mesos does; {@code health} answers
 * 200 with an empty body, which Mesos does not wrap in a callback either.
 *
 * <p>{@code state} shows what the caller may see (frameworks, executors and tasks filtered by
 * {@code view_frameworks}, {@code view_executors}, {@code view_tasks}); {@code flags} needs {@code
 * view_flags}, else 403 with the reason.
 */
@ApplicationScoped
public class LegacyAgentRoute {
  private final MezzoNode node;
  private final Vertx vertx;
  private final LocalAgent local;

  public LegacyAgentRoute(MezzoNode node, Vertx vertx, LocalAgent local) {
    this.node = node;
    this.vertx = vertx;
    this.local = local;
  }

  void register(@Observes Router router) {
    if (!node.role().runsAgent()) {
      return;
    }
    Handler<RoutingContext> state = this::state;
    get(router, "state", state);
    get(router, "state.json", state);
    get(
        router,
        "flags",
        rc ->
            withAgent(
                rc,
                (agent, calls) -> {
                  if (EndpointAccess.refused(
                      rc, calls.authorizer().decide(Callers.of(rc), Action.VIEW_FLAGS, null))) {
                    return;
                  }
                  ObjectNode out = LegacyModel.object();
                  ObjectNode f = out.putObject("flags");
                  calls.flags().forEach(f::put);
                  LegacyResponses.json(rc, out);
                }));
    get(router, "health", rc -> rc.response().setStatusCode(200).end());
    // monitor/statistics is AgentMonitorRoute's: it measures through the isolators.
  }

  private void get(Router router, String name, Handler<RoutingContext> handler) {
    router.get("/slave(1)/" + name).handler(handler);
    if (node.role() == Role.AGENT) {
      router.get("/" + name).handler(handler);
    }
  }

  private interface AgentWork {
    void run(Agent agent, AgentOperatorCalls calls);
  }

  private void withAgent(RoutingContext rc, AgentWork work) {
    Agent agent = local.agent().orElse(null);
    AgentOperatorCalls calls = local.calls().orElse(null);
    if (agent == null || calls == null) {
      HttpResults.error(rc.response(), 503, "The agent has not started yet");
      return;
    }
    work.run(agent, calls);
  }

  private void state(RoutingContext rc) {
    withAgent(
        rc,
        (agent, calls) -> {
          Context ctx = vertx.getOrCreateContext();
          calls
              .visible(Callers.of(rc))
              .thenApply(
                  s ->
                      AgentStateJson.state(
                          s,
                          agent.config(),
                          calls.flags(),
                          calls.started(),
                          VersionInfo.current(),
                          MasterHostname.of(node.role(), agent.config(), calls.flags())))
              .whenComplete(
                  (json, err) -> ctx.runOnContext(v -> LegacyResponses.reply(rc, json, err)));
        });
  }
}
