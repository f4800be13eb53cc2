package io.mezzo.master.weights;

import io.mezzo.master.registry.Registry;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * The start-up weights ({@code mezzo.master.weights}, Mesos's {@code --weights}) meeting the
 * recovered registry: they seed a registry that holds no weights; once it holds weights those win,
 * as in Mesos, and the setting is ignored with a warning naming both. Runs on the master's context
 * during recovery.
 */
public final class StartupWeights {
  private static final Logger LOG = Logger.getLogger(StartupWeights.class);

  private StartupWeights() {}

  /**
   * @param recovered the registry as recovered
   * @param configured the start-up weights, empty when the setting is absent
   * @param save writes a registry durably and answers what was written
   * @return the registry the master runs with
   */
  public static Registry apply(
      Registry recovered, Map<String, Double> configured, UnaryOperator<Registry> save) {
    if (configured.isEmpty()) {
      return recovered;
    }
    if (!recovered.weights().isEmpty()) {
      if (!recovered.weights().equals(configured)) {
        LOG.warnf(
            "ignoring mezzo.master.weights %s: the registry holds weights %s (change them with"
                + " UPDATE_WEIGHTS or /weights)",
            configured, recovered.weights());
      }
      return recovered;
    }
    LOG.infof("writing the start-up weights %s to the registry", configured);
    return save.apply(recovered.withWeights(configured));
  }
}
