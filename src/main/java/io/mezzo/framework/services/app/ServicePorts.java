package io.mezzo.framework.services.app;

import io.mezzo.framework.services.app.AppDefinition.PortDefinition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Marathon's service ports: a port definition deployed with port 0 gets a number from a range
 * (10000–20000 by default), unique across all apps, which load balancers and service discovery use
 * as the app's stable port. An update that again says 0 keeps the number the app already had at
 * that index, so re-sending the same JSON changes nothing and clients' ports stay put. Apps with
 * {@code requirePorts} keep 0: for them the number would become a required host port, which agents
 * rarely offer in this range. Pure.
 */
public final class ServicePorts {
  public static final int DEFAULT_MIN = 10000;
  public static final int DEFAULT_MAX = 20000;

  private final int min;
  private final int max;

  public ServicePorts(int min, int max) {
    if (min < 1 || max > 65535 || min > max) {
      throw new IllegalArgumentException(
          "service port range must be 1-65535, got " + min + "-" + max);
    }
    this.min = min;
    this.max = max;
  }

  public static ServicePorts defaults() {
    return new ServicePorts(DEFAULT_MIN, DEFAULT_MAX);
  }

  /**
   * {@code after} with every port-0 definition numbered. {@code before} is the tree it replaces.
   *
   * @throws IllegalStateException when the range has no free number left
   */
  public Group assign(Group before, Group after) {
    Map<PathId, AppDefinition> apps = after.allApps();
    Map<PathId, AppDefinition> old = before.allApps();
    Set<Integer> used = new HashSet<>();
    apps.values().forEach(a -> a.portDefinitions().forEach(d -> used.add(d.port())));
    Group out = after;
    for (AppDefinition app : apps.values()) {
      if (app.requirePorts() || app.portDefinitions().stream().noneMatch(d -> d.port() == 0)) {
        continue;
      }
      AppDefinition prior = old.get(app.id());
      List<PortDefinition> defs = new ArrayList<>();
      for (int i = 0; i < app.portDefinitions().size(); i++) {
        PortDefinition d = app.portDefinitions().get(i);
        if (d.port() != 0) {
          defs.add(d);
          continue;
        }
        int kept = keptPort(prior, i);
        int port = kept != 0 && !used.contains(kept) ? kept : free(used, app.id());
        used.add(port);
        defs.add(new PortDefinition(port, d.protocol(), d.name(), d.labels()));
      }
      out = out.withApp(app.withPortDefinitions(defs), out.version());
    }
    return out;
  }

  private static int keptPort(AppDefinition prior, int index) {
    if (prior == null || index >= prior.portDefinitions().size()) {
      return 0;
    }
    return prior.portDefinitions().get(index).port();
  }

  private int free(Set<Integer> used, PathId app) {
    for (int p = min; p <= max; p++) {
      if (!used.contains(p)) {
        return p;
      }
    }
    throw new IllegalStateException(
        "no free service port for app '" + app + "': all of " + min + "-" + max + " are taken");
  }
}
