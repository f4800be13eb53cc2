package io.mezzo.framework.services.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Marathon's group JSON ↔ {@link Group}: {@code id}, {@code apps}, {@code groups} (nested), {@code
 * dependencies} and {@code version}, with ids relative to the enclosing group ({@code ../db}). Apps
 * are parsed as by {@link AppJson}, their problems reported under the group's path ({@code
 * /groups(0)/apps(1)/cpus}). Pods are refused: Mezzo runs apps only. Whole-tree rules (id clashes,
 * missing dependencies, cycles) are {@link GroupValidator}'s, to be checked on the new root once
 * the parsed group is put in place: a dependency may name an app outside it. Pure.
 */
public final class GroupJson {
  private GroupJson() {}

  /**
   * Parses a group definition; a relative {@code id} resolves against {@code base} (its parent),
   * and a missing {@code id} means {@code base} itself ({@code PUT /v2/groups/{id}}).
   *
   * @throws io.mezzo.framework.services.ServicesException 422 with every problem found
   */
  public static Group parse(JsonNode json, PathId base) {
    Violations v = new Violations();
    Group g = read(json, base, true, "", v);
    v.throwIfAny();
    return g;
  }

  private static Group read(JsonNode json, PathId base, boolean top, String path, Violations v) {
    JsonFields f = JsonFields.of(json, path, v, "a group");
    if (f == null) {
      return Group.empty(base, null);
    }
    PathId id = base;
    String raw = f.string("id");
    if (raw == null && !top) {
      v.add(f.path("id"), "must be set: the group's path");
    } else if (raw != null) {
      try {
        id = base.resolve(raw);
        if (!top && !id.parent().equals(base)) {
          v.add(f.path("id"), "identifier " + id + " is not a child of group " + base);
        }
      } catch (IllegalArgumentException e) {
        v.add(f.path("id"), e.getMessage());
      }
    }
    Map<PathId, AppDefinition> apps = new LinkedHashMap<>();
    List<JsonNode> appNodes = f.array("apps");
    for (int i = 0; appNodes != null && i < appNodes.size(); i++) {
      String p = Violations.index(f.path("apps"), i);
      AppDefinition app = AppJson.readInGroup(appNodes.get(i), id, p, v);
      if (app == null) {
        continue;
      }
      if (!app.id().parent().equals(id)) {
        v.add(p + "/id", "identifier " + app.id() + " is not a child of group " + id);
      } else if (apps.put(app.id(), app) != null) {
        v.add(p + "/id", "app " + app.id() + " is defined twice");
      }
    }
    Map<PathId, Group> groups = new LinkedHashMap<>();
    List<JsonNode> groupNodes = f.array("groups");
    for (int i = 0; groupNodes != null && i < groupNodes.size(); i++) {
      String p = Violations.index(f.path("groups"), i);
      Group g = read(groupNodes.get(i), id, false, p, v);
      if (groups.put(g.id(), g) != null) {
        v.add(p + "/id", "group " + g.id() + " is defined twice");
      }
    }
    List<PathId> dependencies = new ArrayList<>();
    List<String> deps = f.strings("dependencies");
    for (int i = 0; deps != null && i < deps.size(); i++) {
      try {
        // As for apps, a relative dependency names a sibling: it resolves against the parent.
        dependencies.add(id.parent().resolve(deps.get(i)));
      } catch (IllegalArgumentException e) {
        v.add(Violations.index(f.path("dependencies"), i), e.getMessage());
      }
    }
    List<JsonNode> pods = f.array("pods");
    if (pods != null && !pods.isEmpty()) {
      v.add(f.path("pods"), "pods are not supported: Mezzo's services framework runs apps only");
    }
    if (Boolean.TRUE.equals(f.bool("enforceRole"))) {
      v.add(f.path("enforceRole"), "enforceRole is not supported: every app names its own role");
    }
    Instant version = f.instant("version");
    f.finish();
    return new Group(id, apps, groups, dependencies, version);
  }

  /** Marathon's GET form of a group, nested, with {@code pods: []}. */
  public static ObjectNode write(Group g) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("id", g.id().toString());
    ArrayNode apps = o.putArray("apps");
    g.apps().values().forEach(a -> apps.add(AppJson.write(a)));
    ArrayNode groups = o.putArray("groups");
    g.groups().values().forEach(c -> groups.add(write(c)));
    o.putArray("pods");
    ArrayNode deps = o.putArray("dependencies");
    g.dependencies().forEach(d -> deps.add(d.toString()));
    o.put("enforceRole", false);
    if (g.version() != null) {
      o.put("version", g.version().toString());
    }
    return o;
  }

  /**
   * The factor of a group scale request ({@code {"scaleBy": 2}}, perhaps with the {@code id}):
   * every app's instances are multiplied by it. Empty if the body is something else.
   *
   * @throws io.mezzo.framework.services.ServicesException 422 for a factor that is not a positive
   *     number
   */
  public static OptionalDouble scaleBy(JsonNode json) {
    if (json == null || !json.isObject() || !json.has("scaleBy")) {
      return OptionalDouble.empty();
    }
    Violations v = new Violations();
    if (json.size() > (json.has("id") ? 2 : 1)) {
      v.add("/scaleBy", "scaleBy may only be combined with the 'id' field");
      throw v.toException();
    }
    JsonNode n = json.get("scaleBy");
    if (!n.isNumber() || !(n.asDouble() > 0) || Double.isInfinite(n.asDouble())) {
      v.add("/scaleBy", "must be a positive number, got " + n);
      throw v.toException();
    }
    return OptionalDouble.of(n.asDouble());
  }
}
