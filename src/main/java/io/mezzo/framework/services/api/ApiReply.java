package io.mezzo.framework.services.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.framework.services.ServicesException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@code /v2} handler answers: an HTTP status, extra headers and a body ({@code null} for
 * none) with its content type. The Vert.x route only copies it onto the response, so every status
 * code, header and error shape is decided (and unit-tested) here, in plain Java.
 */
public record ApiReply(int status, Map<String, String> headers, String contentType, String body) {
  public static final String JSON = "application/json; charset=utf-8";
  public static final String TEXT = "text/plain; charset=utf-8";

  /** Marathon's header naming the deployment a change started. */
  public static final String DEPLOYMENT_HEADER = "Marathon-Deployment-Id";

  public ApiReply {
    headers = Map.copyOf(headers);
  }

  public static ApiReply json(int status, JsonNode body) {
    return new ApiReply(status, Map.of(), JSON, MarathonJson.stringify(body));
  }

  public static ApiReply ok(JsonNode body) {
    return json(200, body);
  }

  public static ApiReply text(int status, String body) {
    return new ApiReply(status, Map.of(), TEXT, body);
  }

  public static ApiReply empty(int status) {
    return new ApiReply(status, Map.of(), null, null);
  }

  /** Marathon's error body: {@code {"message": …}}. */
  public static ApiReply error(int status, String message) {
    ObjectNode body = MarathonJson.object();
    body.put("message", message);
    return json(status, body);
  }

  /**
   * A refusal of the services framework as Marathon writes it: {@code details} with JSON paths for
   * 422, and the blocking deployments ({@code [{"id": …}]}) for 409.
   */
  public static ApiReply of(ServicesException e) {
    ObjectNode body = MarathonJson.object();
    body.put("message", e.getMessage());
    if (!e.details().isEmpty()) {
      ArrayNode details = body.putArray("details");
      for (ServicesException.Detail d : e.details()) {
        ObjectNode o = details.addObject();
        o.put("path", d.path());
        ArrayNode errors = o.putArray("errors");
        d.errors().forEach(errors::add);
      }
    }
    if (!e.deploymentIds().isEmpty()) {
      ArrayNode deployments = body.putArray("deployments");
      e.deploymentIds().forEach(id -> deployments.addObject().put("id", id));
    }
    return json(e.status(), body);
  }

  /** A 400 for a request that cannot be read, with one detail naming where. */
  public static ServicesException badRequest(String message) {
    return new ServicesException(400, message);
  }

  /** A 400 "Invalid JSON" with the parser's complaint at {@code path}. */
  public static ServicesException invalidJson(String path, String problem) {
    return new ServicesException(
        400,
        "Invalid JSON",
        List.of(new ServicesException.Detail(path, List.of(problem))),
        List.of());
  }

  public ApiReply withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new ApiReply(status, h, contentType, body);
  }
}
