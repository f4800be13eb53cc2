package io.mezzo.http.agent;

import io.mezzo.agent.operator.AgentViews;
import io.mezzo.http.common.NodeMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The agent's part of {@code /metrics/snapshot}: its {@code slave/*} keys, from a snapshot of the
 * running agent; nothing while no agent runs in this process.
 */
@ApplicationScoped
public class AgentMetricsPart implements NodeMetrics {
  private final LocalAgent local;

  public AgentMetricsPart(LocalAgent local) {
    this.local = local;
  }

  @Override
  public CompletionStage<Map<String, Double>> snapshot() {
    return local
        .agent()
        .map(
            agent ->
                agent
                    .snapshot()
                    .thenApply(s -> AgentViews.metrics(s, local.started(), Instant.now())))
        .orElse(CompletableFuture.completedFuture(Map.of()));
  }
}
