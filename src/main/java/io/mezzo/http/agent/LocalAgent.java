package io.mezzo.http.agent;

import io.mezzo.agent.Agent;
import io.mezzo.agent.operator.AgentOperatorCalls;
import io.mezzo.api.v1.agent.Call;
import io.mezzo.bootstrap.MezzoNode;
import io.mezzo.config.MezzoConfig;
import io.mezzo.http.common.LocalAgentApi;
import io.mezzo.ops.LoggingLevel;
import io.mezzo.security.Caller;
import io.mezzo.security.acl.Authorizer;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The agent of this process, if it runs one, with its operator calls wired to Vert.x's worker pool
 * for file I/O. The agent starts after the routes are registered, so it is looked up per request.
 * It is also the {@link LocalAgentApi} through which a standalone master's routes reach it.
 */
@ApplicationScoped
public class LocalAgent implements LocalAgentApi {
  private final MezzoNode node;
  private final MezzoConfig config;
  private final Executor blockingIo;
  private final LoggingLevel logging;
  private final Authorizer authorizer;
  private final Instant started =
      Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
  private final AtomicReference<AgentOperatorCalls> calls = new AtomicReference<>();

  public LocalAgent(
      MezzoNode node,
      MezzoConfig config,
      Vertx vertx,
      LoggingLevel logging,
      Authorizer authorizer) {
    this.node = node;
    this.authorizer = authorizer;
    this.config = config;
    this.logging = logging;
    this.blockingIo =
        task ->
            vertx.executeBlocking(
                () -> {
                  task.run();
                  return null;
                },
                false);
  }

  /** Where blocking file work runs (Vert.x's worker pool). */
  Executor blockingIo() {
    return blockingIo;
  }

  Optional<Agent> agent() {
    return node.agent(Agent.class);
  }

  /**
   * The operator calls of the local agent; empty until it has started (or on a master-only node).
   */
  Optional<AgentOperatorCalls> calls() {
    AgentOperatorCalls c = calls.get();
    if (c != null) {
      return Optional.of(c);
    }
    Optional<Agent> agent = agent();
    if (agent.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> extra = new LinkedHashMap<>();
    extra.put("master", config.master().orElse(node.role().runsMaster() ? "(this process)" : ""));
    extra.put("mezzo_role", node.role().name().toLowerCase());
    calls.compareAndSet(
        null,
        new AgentOperatorCalls(
            agent.get(), blockingIo, started, Clock.systemUTC(), extra, logging, authorizer));
    return Optional.of(calls.get());
  }

  /** The node's authorizer, which every agent route decides with. */
  Authorizer authorizer() {
    return authorizer;
  }

  @Override
  public CompletionStage<Answer> call(Call call) {
    return call(call, Caller.NODE);
  }

  @Override
  public CompletionStage<Answer> call(Call call, Caller caller) {
    AgentOperatorCalls c = calls().orElse(null);
    if (c == null) {
      return CompletableFuture.completedFuture(
          new Answer(503, "The agent has not started yet", null));
    }
    return c.call(call, caller).thenApply(a -> new Answer(a.status(), a.message(), a.body()));
  }

  Instant started() {
    return started;
  }
}
