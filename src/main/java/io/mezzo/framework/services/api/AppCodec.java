package io.mezzo.framework.services.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.framework.services.app.AppDefinition;
import io.mezzo.framework.services.app.AppJson;
import io.mezzo.framework.services.app.Group;
import io.mezzo.framework.services.app.GroupJson;
import io.mezzo.framework.services.app.PathId;
import java.time.Instant;

/**
 * The one place the REST layer turns app and group JSON into the model and back, over the model's
 * {@link AppJson} and {@link GroupJson} (which collect every problem into a 422 with JSON paths).
 */
final class AppCodec {
  private AppCodec() {}

  /** Parses an app definition, resolving a relative id against {@code base}; 422 with paths. */
  static AppDefinition parse(JsonNode json, PathId base) {
    return AppJson.parse(json, base);
  }

  /** Parses the whole definition of the app the URL names ({@code PUT /v2/apps/{id}}). */
  static AppDefinition parseAt(JsonNode json, PathId urlId) {
    return AppJson.parse(json, urlId.parent(), urlId);
  }

  /** The app as Marathon's GET shows it, every default spelled out. */
  static ObjectNode write(AppDefinition app) {
    return AppJson.write(app);
  }

  /** PATCH and partial PUT: the fields given replace those of {@code existing}. */
  static AppDefinition patch(AppDefinition existing, JsonNode json) {
    return AppJson.patch(existing, json);
  }

  /** Parses a group definition, ids relative to {@code base}, stamped {@code at}. */
  static Group parseGroup(JsonNode json, PathId base, Instant at) {
    Group g = GroupJson.parse(json, base);
    return new Group(g.id(), g.apps(), g.groups(), g.dependencies(), at);
  }
}
