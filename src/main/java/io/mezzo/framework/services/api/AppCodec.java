package io.mezzo.framework.services.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.framework.services.ServicesException;
import io.mezzo.framework.services.app.AppDefinition;
import io.mezzo.framework.services.app.Group;
import io.mezzo.framework.services.app.PathId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place the REST layer turns app and group JSON into the model and back. A minimal stand-in
 * for the model slice's {@code AppJson} / {@code GroupJson} until they land; then these methods
 * delegate to them.
 */
final class AppCodec {
  private AppCodec() {}

  /** Parses an app definition, resolving a relative id against {@code base}; 422 with paths. */
  static AppDefinition parse(JsonNode json, PathId base) {
    if (json == null || !json.isObject()) {
      throw ApiReply.invalidJson("", "error.expected.jsobject");
    }
    List<ServicesException.Detail> errors = new ArrayList<>();
    PathId id = null;
    if (!json.hasNonNull("id") || !json.get("id").isTextual()) {
      errors.add(new ServicesException.Detail("/id", List.of("is required")));
    } else {
      try {
        id = base.resolve(json.get("id").asText());
      } catch (IllegalArgumentException e) {
        errors.add(new ServicesException.Detail("/id", List.of(e.getMessage())));
      }
    }
    int instances = json.path("instances").asInt(1);
    if (instances < 0) {
      errors.add(new ServicesException.Detail("/instances", List.of("must not be negative")));
    }
    if (!errors.isEmpty()) {
      throw new ServicesException(422, "Object is not valid", errors, List.of());
    }
    List<String> args = null;
    if (json.has("args") && json.get("args").isArray()) {
      args = new ArrayList<>();
      for (JsonNode a : json.get("args")) {
        args.add(a.asText());
      }
    }
    return new AppDefinition(
        id,
        json.hasNonNull("cmd") ? json.get("cmd").asText() : null,
        args,
        json.hasNonNull("user") ? json.get("user").asText() : null,
        strings(json.path("env")),
        instances,
        json.path("cpus").asDouble(1),
        json.path("mem").asDouble(128),
        json.path("disk").asDouble(0),
        json.path("gpus").asInt(0),
        List.of(),
        List.of(),
        null,
        List.of(),
        List.of(),
        false,
        List.of(),
        List.of(),
        List.of(),
        new AppDefinition.UpgradeStrategy(1, 1),
        new AppDefinition.UnreachableStrategy(false, 0, 0),
        AppDefinition.KillSelection.YOUNGEST_FIRST,
        null,
        1,
        1.15,
        300,
        strings(json.path("labels")),
        List.of(),
        json.hasNonNull("role") ? json.get("role").asText() : "marathon",
        null,
        null);
  }

  /** The app as Marathon's GET shows it, every default spelled out. */
  static ObjectNode write(AppDefinition app) {
    ObjectNode o = MarathonJson.object();
    o.put("id", app.id().toString());
    o.put("cmd", app.cmd());
    if (app.args() != null) {
      ArrayNode a = o.putArray("args");
      app.args().forEach(a::add);
    }
    o.put("user", app.user());
    o.set("env", MarathonJson.strings(app.env()));
    o.put("instances", app.instances());
    o.put("cpus", app.cpus());
    o.put("mem", app.mem());
    o.put("disk", app.disk());
    o.put("gpus", app.gpus());
    o.set("labels", MarathonJson.strings(app.labels()));
    o.put("role", app.role());
    o.put("version", MarathonJson.time(app.version()));
    if (app.versionInfo() != null) {
      ObjectNode v = o.putObject("versionInfo");
      v.put("lastScalingAt", MarathonJson.time(app.versionInfo().lastScalingAt()));
      v.put("lastConfigChangeAt", MarathonJson.time(app.versionInfo().lastConfigChangeAt()));
    }
    return o;
  }

  /**
   * PATCH and partial PUT: the fields given replace those of {@code existing}, the others stay. The
   * id is always the existing one (Marathon ignores an id in the body of a PATCH).
   */
  static AppDefinition patch(AppDefinition existing, JsonNode json) {
    if (json == null || !json.isObject()) {
      throw ApiReply.invalidJson("", "error.expected.jsobject");
    }
    ObjectNode merged = write(existing);
    merged.remove("version");
    merged.remove("versionInfo");
    Iterator<Map.Entry<String, JsonNode>> fields = json.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      merged.set(f.getKey(), f.getValue());
    }
    merged.put("id", existing.id().toString());
    return parse(merged, PathId.ROOT);
  }

  /** Parses a group definition (apps, groups, dependencies), ids relative to {@code base}. */
  static Group parseGroup(JsonNode json, PathId base, Instant at) {
    if (json == null || !json.isObject()) {
      throw ApiReply.invalidJson("", "error.expected.jsobject");
    }
    PathId id;
    try {
      id = json.hasNonNull("id") ? base.resolve(json.get("id").asText()) : base;
    } catch (IllegalArgumentException e) {
      throw new ServicesException(
          422,
          "Object is not valid",
          List.of(new ServicesException.Detail("/id", List.of(e.getMessage()))),
          List.of());
    }
    Map<PathId, AppDefinition> apps = new LinkedHashMap<>();
    for (JsonNode a : json.path("apps")) {
      AppDefinition app = parse(a, id);
      apps.put(app.id(), app);
    }
    Map<PathId, Group> groups = new LinkedHashMap<>();
    for (JsonNode g : json.path("groups")) {
      Group child = parseGroup(g, id, at);
      groups.put(child.id(), child);
    }
    List<PathId> deps = new ArrayList<>();
    for (JsonNode d : json.path("dependencies")) {
      deps.add(id.resolve(d.asText()));
    }
    return new Group(id, apps, groups, deps, at);
  }

  private static Map<String, String> strings(JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }
}
