package io.mezzo.http.master;

import io.mezzo.bootstrap.MezzoNode;
import io.mezzo.http.common.NodeMetrics;
import io.mezzo.master.Master;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The master's part of {@code /metrics/snapshot}: its {@code master/*} and {@code allocator/*} keys
 * once it has recovered; a master that does not lead (or not yet) reports only {@code
 * master/elected} 0, as Mesos does. Every master, leading or not, adds its election transitions
 * ({@code master/election/*}: contending, elected, lease_lost, deposed, rejoined).
 */
@ApplicationScoped
public class MasterMetricsPart implements NodeMetrics {
  private final MezzoNode node;

  public MasterMetricsPart(MezzoNode node) {
    this.node = node;
  }

  @Override
  public CompletionStage<Map<String, Double>> snapshot() {
    if (!node.role().runsMaster()) {
      return CompletableFuture.completedFuture(Map.of());
    }
    return node.master()
        .filter(Master::isRecovered)
        .map(Master::metricsSnapshot)
        .orElse(CompletableFuture.completedFuture(Map.of("master/elected", 0.0)))
        .thenApply(
            m -> {
              Map<String, Double> out = new TreeMap<>(m);
              out.putAll(node.election().snapshot());
              return out;
            });
  }
}
