package io.mezzo.framework.services.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.framework.services.app.AppDefinition.KillSelection;
import io.mezzo.framework.services.app.AppDefinition.UnreachableStrategy;
import io.mezzo.framework.services.app.AppDefinition.UpgradeStrategy;
import java.util.ArrayList;
import java.util.List;

/**
 * The scheduling part of an app's JSON: {@code constraints} (operators upper-cased, as Marathon
 * accepts them in any case), {@code dependencies} (relative to the app's group), {@code
 * upgradeStrategy} (1 and 1 by default), {@code unreachableStrategy} ({@code "disabled"} or the two
 * timeouts, 0 and 0 by default as in Marathon's code) and {@code killSelection}. Their rules beyond
 * JSON types are {@link AppValidator}'s.
 */
final class SchedulingJson {
  private SchedulingJson() {}

  static List<AppDefinition.Constraint> constraints(JsonFields f) {
    List<JsonNode> nodes = f.array("constraints");
    List<AppDefinition.Constraint> out = new ArrayList<>();
    for (int i = 0; nodes != null && i < nodes.size(); i++) {
      JsonNode c = nodes.get(i);
      String p = Violations.index(f.path("constraints"), i);
      boolean strings = c.isArray();
      for (JsonNode e : c) {
        strings &= e.isTextual();
      }
      if (!strings || c.size() < 2 || c.size() > 3) {
        f.violations()
            .add(
                p,
                "each constraint must be an array of 2 or 3 strings: [field, operator] or [field,"
                    + " operator, value]");
        continue;
      }
      out.add(
          new AppDefinition.Constraint(
              c.get(0).asText(),
              c.get(1).asText().toUpperCase(java.util.Locale.ROOT),
              c.size() == 3 ? c.get(2).asText() : null));
    }
    return out;
  }

  static List<PathId> dependencies(JsonFields f, PathId id) {
    List<String> raw = f.strings("dependencies");
    List<PathId> out = new ArrayList<>();
    for (int i = 0; raw != null && i < raw.size(); i++) {
      try {
        // Marathon resolves a relative dependency against the app's group.
        PathId d = id.parent().resolve(raw.get(i));
        if (out.contains(d)) {
          f.violations().add(Violations.index(f.path("dependencies"), i), "is listed twice");
        } else {
          out.add(d);
        }
      } catch (IllegalArgumentException e) {
        f.violations().add(Violations.index(f.path("dependencies"), i), e.getMessage());
      }
    }
    return out;
  }

  static UpgradeStrategy upgradeStrategy(JsonFields f) {
    JsonFields u = f.object("upgradeStrategy", "an upgrade strategy");
    if (u == null) {
      return new UpgradeStrategy(1, 1);
    }
    double min = u.number("minimumHealthCapacity", 1);
    double over = u.number("maximumOverCapacity", 1);
    u.finish();
    return new UpgradeStrategy(min, over);
  }

  static UnreachableStrategy unreachableStrategy(JsonFields f) {
    JsonNode n = f.raw("unreachableStrategy");
    if (n == null) {
      return new UnreachableStrategy(false, 0, 0);
    }
    if (n.isTextual()) {
      if (!n.asText().equals("disabled")) {
        f.violations()
            .add(
                f.path("unreachableStrategy"),
                "must be \"disabled\" or {\"inactiveAfterSeconds\": …, \"expungeAfterSeconds\": …}");
      }
      return new UnreachableStrategy(true, 0, 0);
    }
    JsonFields u =
        JsonFields.of(n, f.path("unreachableStrategy"), f.violations(), "an unreachable strategy");
    if (u == null) {
      return new UnreachableStrategy(false, 0, 0);
    }
    Long inactive = u.integer("inactiveAfterSeconds");
    Long expunge = u.integer("expungeAfterSeconds");
    u.finish();
    return new UnreachableStrategy(
        false, inactive == null ? 0 : inactive, expunge == null ? 0 : expunge);
  }

  static KillSelection killSelection(JsonFields f) {
    String s = f.string("killSelection", "YOUNGEST_FIRST");
    try {
      return KillSelection.valueOf(s);
    } catch (IllegalArgumentException e) {
      f.violations()
          .add(
              f.path("killSelection"), "must be YOUNGEST_FIRST or OLDEST_FIRST, got \"" + s + "\"");
      return KillSelection.YOUNGEST_FIRST;
    }
  }
}
