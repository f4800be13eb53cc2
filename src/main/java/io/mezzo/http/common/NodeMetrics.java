package io.mezzo.http.common;

import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * One role's part of {@code GET /metrics/snapshot}: the master side gives the {@code master/*} and
 * {@code allocator/*} keys, the agent side the {@code slave/*} ones. {@link NodeInfoResource}
 * merges every part, so the shared resource knows neither role.
 */
public interface NodeMetrics {
  /**
   * This role's metrics by Mesos key, or an empty map when the role does not run here. Called on a
   * request thread; must not block (complete later instead). Keys of different parts never overlap.
   */
  CompletionStage<Map<String, Double>> snapshot();
}
