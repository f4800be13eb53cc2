package io.mezzo.framework.services.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.framework.services.ServicesException;
import io.mezzo.framework.services.ServicesSnapshot;
import io.mezzo.framework.services.app.AppDefinition;
import io.mezzo.framework.services.app.PathId;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Ids and versions taken from a request, and Marathon's refusals about them. */
final class Ids {
  private Ids() {}

  /** An app or group id from the URL; 400 naming the bad segment. */
  static PathId parse(String raw) {
    try {
      return PathId.parse(raw.isEmpty() ? "/" : raw);
    } catch (IllegalArgumentException e) {
      throw ApiReply.badRequest("Invalid id in the path: " + e.getMessage());
    }
  }

  static ServicesException unknownApp(PathId id) {
    return new ServicesException(404, "App '" + id + "' does not exist");
  }

  static ServicesException unknownGroup(PathId id) {
    return new ServicesException(404, "Group '" + id + "' does not exist");
  }

  static AppDefinition app(ServicesSnapshot s, PathId id) {
    return s.root().app(id).orElseThrow(() -> unknownApp(id));
  }

  /** 422 "Object is not valid" with one error at {@code path}. */
  static ServicesException invalid(String path, String error) {
    return new ServicesException(
        422,
        "Object is not valid",
        List.of(new ServicesException.Detail(path, List.of(error))),
        List.of());
  }

  /**
   * A body that names an id must name the one in the URL. Marathon quietly uses the URL's; a body
   * for another app is more likely a mistake than a wish, so it is refused.
   */
  static void requireSameId(JsonNode body, PathId id, String path) {
    if (body.isObject() && body.hasNonNull("id")) {
      String given = body.get("id").asText();
      PathId resolved;
      try {
        resolved = id.parent().resolve(given);
      } catch (IllegalArgumentException e) {
        throw invalid(path + "/id", e.getMessage());
      }
      if (!resolved.equals(id)) {
        throw invalid(
            path + "/id",
            "is '"
                + given
                + "' but the URL names app '"
                + id
                + "'; leave it out or make them equal");
      }
    }
  }

  /** The same refusal with every detail path under {@code prefix} (an element of a list). */
  static ServicesException prefixed(ServicesException e, String prefix) {
    if (e.details().isEmpty()) {
      return e;
    }
    return new ServicesException(
        e.status(),
        e.getMessage(),
        e.details().stream()
            .map(d -> new ServicesException.Detail(prefix + d.path(), d.errors()))
            .toList(),
        e.deploymentIds());
  }

  /** A version from the URL: an ISO-8601 timestamp ({@code 2015-09-25T15:13:48.343Z}). */
  static Instant timestamp(String raw) {
    try {
      return OffsetDateTime.parse(raw).toInstant();
    } catch (DateTimeParseException e) {
      throw ApiReply.badRequest(
          "Invalid version '"
              + raw
              + "': expecting an ISO-8601 timestamp such as"
              + " 2015-09-25T15:13:48.343Z");
    }
  }
}
