package io.mezzo.framework.services.placement;

import io.mezzo.framework.services.app.AppDefinition;
import io.mezzo.framework.services.app.AppDefinition.PortDefinition;
import io.mezzo.framework.services.app.AppDefinition.PortMapping;
import java.util.ArrayList;
import java.util.List;

/**
 * The host ports one instance of an app asks for, in the order of its port definitions or port
 * mappings: {@code 0} any free port, a positive number exactly that port, {@code -1} no host port.
 *
 * <ul>
 *   <li>Host networking uses {@code portDefinitions}: with {@code requirePorts} each non-zero port
 *       is required as is; otherwise every definition takes any free port (the defined number is
 *       the service port only).
 *   <li>Container and bridge networking use the container's {@code portMappings}: {@code hostPort}
 *       0 takes any free port, a number that port, and a missing one no host port at all.
 * </ul>
 */
final class PortRequests {
  private PortRequests() {}

  static List<Integer> of(AppDefinition app) {
    List<Integer> out = new ArrayList<>();
    if (usesPortMappings(app)) {
      for (PortMapping m : app.container().portMappings()) {
        out.add(m.hostPort() == null ? -1 : Math.max(0, m.hostPort()));
      }
      return out;
    }
    for (PortDefinition d : app.portDefinitions()) {
      out.add(app.requirePorts() ? Math.max(0, d.port()) : 0);
    }
    return out;
  }

  /** Port mappings apply when the app has some and is not on the host network. */
  static boolean usesPortMappings(AppDefinition app) {
    return app.container() != null
        && !app.container().portMappings().isEmpty()
        && app.networks().stream().noneMatch(n -> "host".equals(n.mode()));
  }

  /** {@code 8080, any} for the report. */
  static String describe(List<Integer> requests) {
    List<String> parts = new ArrayList<>();
    for (int r : requests) {
      if (r >= 0) {
        parts.add(r == 0 ? "any" : Integer.toString(r));
      }
    }
    return String.join(", ", parts);
  }
}
