package io.mezzo.http.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.framework.jobs.JobsException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a Chronos endpoint answers: a status, extra headers and a body ({@code null} for none) with
 * its content type. The Vert.x route only copies it onto the response, so every status and error
 * shape is decided, and unit-tested, without a server.
 */
public record ChronosReply(
    int status, Map<String, String> headers, String contentType, String body) {
  public static final String JSON = "application/json; charset=utf-8";
  public static final String TEXT = "text/plain; charset=utf-8";

  public ChronosReply {
    headers = Map.copyOf(headers);
  }

  public static ChronosReply json(int status, JsonNode body) {
    return new ChronosReply(status, Map.of(), JSON, ChronosJson.stringify(body));
  }

  public static ChronosReply ok(JsonNode body) {
    return json(200, body);
  }

  public static ChronosReply text(int status, String body) {
    return new ChronosReply(status, Map.of(), TEXT, body);
  }

  /** Chronos answers every successful change with 204 and no body. */
  public static ChronosReply noContent() {
    return new ChronosReply(204, Map.of(), null, null);
  }

  /**
   * Chronos's error body, {@code {"status": <reason phrase>, "message": …}}; Chronos puts a stack
   * trace in {@code message}, Mezzo a sentence naming the field, the job or the cycle.
   */
  public static ChronosReply error(int status, String message) {
    ObjectNode body = ChronosJson.object();
    body.put("status", reason(status));
    body.put("message", message);
    return json(status, body);
  }

  public static ChronosReply of(JobsException e) {
    return error(e.status(), e.getMessage());
  }

  public ChronosReply withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new ChronosReply(status, h, contentType, body);
  }

  /** The reason phrase JAX-RS gives a status, which is what Chronos writes in {@code status}. */
  static String reason(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      case 413 -> "Request Entity Too Large";
      case 415 -> "Unsupported Media Type";
      case 500 -> "Internal Server Error";
      case 503 -> "Service Unavailable";
      default -> String.valueOf(status);
    };
  }
}
