package io.mezzo.http.agent;

import io.mezzo.agent.Agent;
import io.mezzo.bootstrap.MezzoNode;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Mounts the agent's v1 Executor API ({@link ExecutorHttp}) on nodes that run an agent. Executors
 * find it through {@code MESOS_AGENT_ENDPOINT}, the host and port of the agent's advertised URL.
 */
@ApplicationScoped
public class ExecutorRoute {
  private final MezzoNode node;
  private final Vertx vertx;
  private final LocalAgent local;

  public ExecutorRoute(MezzoNode node, Vertx vertx, LocalAgent local) {
    this.node = node;
    this.vertx = vertx;
    this.local = local;
  }

  void register(@Observes Router router) {
    if (!node.role().runsAgent()) {
      return;
    }
    new ExecutorHttp(vertx, () -> local.agent().map(Agent::executorApi), node.maxBodyBytes())
        .register(router);
  }
}
