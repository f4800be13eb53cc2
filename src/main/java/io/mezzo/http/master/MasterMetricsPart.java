package io.mezzo.http.master;

import io.mezzo.bootstrap.MezzoNode;
import io.mezzo.http.common.NodeMetrics;
import io.mezzo.master.Master;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The master's part of {@code /metrics/snapshot}: its {@code master/*} and {@code allocator/*} keys
 * once it has recovered; a master that does not lead (or not yet) reports only {@code
 * master/elected} 0, as Mesos does.
 */
@ApplicationScoped
public class MasterMetricsPart implements NodeMetrics {
  private final MezzoNode node;

  public MasterMetricsPart(MezzoNode node) {
    this.node = node;
  }

  @Override
  public CompletionStage<Map<String, Double>> snapshot() {
    return node.master()
        .filter(Master::isRecovered)
        .map(Master::metricsSnapshot)
        .orElse(
            CompletableFuture.completedFuture(
                node.role().runsMaster() ? Map.of("master/elected", 0.0) : Map.of()));
  }
}
