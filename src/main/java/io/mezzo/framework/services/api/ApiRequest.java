package io.mezzo.framework.services.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * One {@code /v2} request as the handlers see it: method, the path after {@code /v2}, query, raw
 * body, the client's address (for Marathon's {@code api_post_event}) and its {@code Accept} header.
 */
public record ApiRequest(
    String method, String path, Query query, byte[] body, String remoteAddress, String accept) {
  public ApiRequest {
    body = body == null ? new byte[0] : body;
  }

  /** The body as JSON; 400 "Invalid JSON" naming the parser's complaint if it is not. */
  public JsonNode json() {
    if (body.length == 0) {
      throw ApiReply.badRequest("Expecting a JSON body");
    }
    try {
      JsonNode node = MarathonJson.MAPPER.readTree(body);
      if (node == null || node.isMissingNode() || node.isNull()) {
        throw ApiReply.badRequest("Expecting a JSON body, got null");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw ApiReply.invalidJson(
          "", e.getOriginalMessage() + " at line " + e.getLocation().getLineNr());
    } catch (IOException e) {
      throw ApiReply.badRequest("Cannot read the body: " + e.getMessage());
    }
  }

  /** True if the client prefers text/plain (it asked for it and not for JSON). */
  public boolean wantsText() {
    return accept != null && accept.contains("text/plain") && !accept.contains("application/json");
  }
}
