package io.mezzo.http.agent;

import io.mezzo.agent.Agent;
import io.mezzo.bootstrap.MezzoNode;
import io.mezzo.config.SecuritySettings;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Mounts the agent's v1 Executor API ({@link ExecutorHttp}) on nodes that run an agent. Executors
 * find it through {@code MESOS_AGENT_ENDPOINT}, the host and port of the agent's advertised URL.
 * With {@code mezzo.security.authenticate-http-executors} every call must carry the token the agent
 * put in the executor's {@code MESOS_EXECUTOR_AUTHENTICATION_TOKEN}.
 */
@ApplicationScoped
public class ExecutorRoute {
  private final MezzoNode node;
  private final Vertx vertx;
  private final LocalAgent local;
  private final boolean authenticate;

  public ExecutorRoute(MezzoNode node, Vertx vertx, LocalAgent local, SecuritySettings security) {
    this.node = node;
    this.vertx = vertx;
    this.local = local;
    this.authenticate = security.authenticateHttpExecutors();
  }

  void register(@Observes Router router) {
    if (!node.role().runsAgent()) {
      return;
    }
    new ExecutorHttp(
            vertx,
            () -> local.agent().map(Agent::executorApi),
            node.maxBodyBytes(),
            authenticate ? () -> local.agent().flatMap(Agent::executorTokens) : null)
        .register(router);
  }
}
