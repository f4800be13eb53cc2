package io.mezzo.framework.services;

import io.mezzo.framework.services.app.AppDefinition;
import io.mezzo.framework.services.app.PathId;
import java.util.List;
import java.util.Map;

/** App definitions for tests, with Marathon's defaults. */
final class Apps {
  private Apps() {}

  static AppDefinition app(String id, int instances) {
    return app(id, instances, "sleep 1000");
  }

  static AppDefinition app(String id, int instances, String cmd) {
    return app(id, instances, cmd, null, List.of());
  }

  /** An app whose one port is named {@code http}, probed by {@code check}. */
  static AppDefinition withReadiness(
      String id, int instances, AppDefinition.ReadinessCheckDef check) {
    return app(id, instances, "sleep 1000", "http", List.of(check));
  }

  private static AppDefinition app(
      String id,
      int instances,
      String cmd,
      String portName,
      List<AppDefinition.ReadinessCheckDef> readiness) {
    return new AppDefinition(
        PathId.parse(id),
        cmd,
        null,
        null,
        Map.of(),
        instances,
        0.1,
        32,
        0,
        0,
        List.of(),
        List.of(),
        null,
        List.of(),
        List.of(new AppDefinition.PortDefinition(0, "tcp", portName, Map.of())),
        false,
        List.of(),
        readiness,
        List.of(),
        new AppDefinition.UpgradeStrategy(1, 1),
        new AppDefinition.UnreachableStrategy(false, 60, 600),
        AppDefinition.KillSelection.YOUNGEST_FIRST,
        null,
        1,
        2,
        60,
        Map.of(),
        List.of(),
        "marathon",
        null,
        null);
  }
}
