package io.mezzo.http.agent;

import io.mezzo.api.v1.agent.Call;
import io.mezzo.api.wire.MediaRanges;
import io.mezzo.api.wire.WireFormat;
import io.mezzo.http.common.ApiRequests;
import java.util.Optional;

/**
 * The media types of a call to the agent's operator API, decided as a Mesos 1.11 agent decides them
 * ({@code src/slave/http.cpp}, {@code Http::api} then {@code Http::_api}), so a client gets the
 * same status and reason from Mezzo. Unlike the master, the agent also speaks {@code
 * application/recordio}: a streaming request (the body is RecordIO records, each in {@code
 * Message-Content-Type}) or a streaming answer (records in the format {@code Message-Accept}
 * allows). Pure: headers in, a choice or a refusal out.
 *
 * <p>Two steps, in Mesos's order. {@link #negotiate} runs on the headers alone, before the body is
 * read: Content-Type (400 absent, 415 unknown), Message-Content-Type (required for a streaming
 * request, 415 otherwise), Accept (JSON if allowed, else protobuf, else recordio, else 406),
 * Message-Accept (for a streaming answer; 406 on any other). {@link #checkCall} runs once the call
 * parsed: only ATTACH_CONTAINER_INPUT streams its request, and it must; only
 * ATTACH_CONTAINER_OUTPUT and LAUNCH_NESTED_CONTAINER_SESSION may stream their answer.
 */
public final class AgentMediaTypes {
  static final String RECORDIO = "application/recordio";
  static final String MESSAGE_CONTENT_TYPE = "Message-Content-Type";
  static final String MESSAGE_ACCEPT = "Message-Accept";

  private AgentMediaTypes() {}

  /** A media type the agent's API names in Content-Type and Accept. */
  public enum Kind {
    JSON(WireFormat.JSON),
    PROTOBUF(WireFormat.PROTOBUF),
    RECORDIO(null);

    private final WireFormat format;

    Kind(WireFormat format) {
      this.format = format;
    }

    public String mediaType() {
      return format == null ? AgentMediaTypes.RECORDIO : format.mediaType();
    }

    public boolean streaming() {
      return format == null;
    }
  }

  /**
   * What a request's headers chose. {@code messageContent} is set exactly when the request streams,
   * {@code messageAccept} exactly when the answer does.
   */
  public record Choice(
      Kind content, WireFormat messageContent, Kind accept, WireFormat messageAccept) {
    /** The format of the call itself: the body's, or each record's when the request streams. */
    public WireFormat callFormat() {
      return content.streaming() ? messageContent : content.format;
    }

    /** The format of the answer's body, or of each of its records when it streams. */
    public WireFormat answerFormat() {
      return accept.streaming() ? messageAccept : accept.format;
    }
  }

  /** A status and Mesos's reason for it. */
  public record Refusal(int status, String message) {}

  /** Either a {@link Choice} or a {@link Refusal}, never both. */
  public record Outcome(Choice choice, Refusal refusal) {
    static Outcome refused(int status, String message) {
      return new Outcome(null, new Refusal(status, message));
    }
  }

  /**
   * Decides from the request's headers (each null when absent), before its body is read. The method
   * must already be POST. Media types are compared without parameters and case, as the rest of
   * Mezzo's API does (Mesos compares the whole header exactly).
   */
  public static Outcome negotiate(
      String contentType, String messageContentType, String accept, String messageAccept) {
    if (contentType == null) {
      return Outcome.refused(400, "Expecting 'Content-Type' to be present");
    }
    Kind content = kind(contentType);
    if (content == null) {
      return Outcome.refused(
          415,
          "Expecting 'Content-Type' of application/json or application/x-protobuf or " + RECORDIO);
    }
    WireFormat messageContent = null;
    if (content.streaming()) {
      if (messageContentType == null) {
        return Outcome.refused(
            400, "Expecting '" + MESSAGE_CONTENT_TYPE + "' to be set for streaming requests");
      }
      messageContent = WireFormat.ofMediaType(ApiRequests.mediaType(messageContentType));
      if (messageContent == null) {
        return Outcome.refused(
            415,
            "Expecting '"
                + MESSAGE_CONTENT_TYPE
                + "' of application/json or application/x-protobuf");
      }
    } else if (messageContentType != null) {
      return Outcome.refused(
          415, "Expecting '" + MESSAGE_CONTENT_TYPE + "' to be not set for non-streaming requests");
    }
    Kind answer = accepted(accept);
    if (answer == null) {
      return Outcome.refused(
          406,
          "Expecting 'Accept' to allow application/json or application/x-protobuf or " + RECORDIO);
    }
    WireFormat messageAnswer = null;
    if (answer.streaming()) {
      // No Message-Accept allows anything, so an old client gets JSON records.
      messageAnswer = ApiRequests.accepted(messageAccept);
      if (messageAnswer == null) {
        return Outcome.refused(
            406,
            "Expecting '"
                + MESSAGE_ACCEPT
                + "' to allow application/json or application/x-protobuf");
      }
    } else if (messageAccept != null) {
      return Outcome.refused(
          406, "Expecting '" + MESSAGE_ACCEPT + "' to be not set for non-streaming responses");
    }
    return new Outcome(new Choice(content, messageContent, answer, messageAnswer), null);
  }

  /** Whether {@code type} may be sent and answered as {@code choice} says (after the parse). */
  public static Optional<Refusal> checkCall(Choice choice, Call.Type type) {
    boolean streamsInput = type == Call.Type.ATTACH_CONTAINER_INPUT;
    if (choice.content().streaming() && !streamsInput) {
      return Optional.of(
          new Refusal(
              415,
              "Streaming 'Content-Type' " + RECORDIO + " is not supported for " + type + " call"));
    }
    if (!choice.content().streaming() && streamsInput) {
      return Optional.of(
          new Refusal(
              415, "Expecting 'Content-Type' to be " + RECORDIO + " for " + type + " call"));
    }
    if (choice.accept().streaming()
        && type != Call.Type.ATTACH_CONTAINER_OUTPUT
        && type != Call.Type.LAUNCH_NESTED_CONTAINER_SESSION) {
      return Optional.of(
          new Refusal(406, "Streaming response is not supported for " + type + " call"));
    }
    return Optional.empty();
  }

  private static Kind kind(String contentType) {
    String mediaType = ApiRequests.mediaType(contentType);
    if (mediaType.equals(RECORDIO)) {
      return Kind.RECORDIO;
    }
    WireFormat f = WireFormat.ofMediaType(mediaType);
    return f == null ? null : f == WireFormat.JSON ? Kind.JSON : Kind.PROTOBUF;
  }

  /** Mesos's preference: JSON, then protobuf, then recordio (no Accept allows JSON). */
  private static Kind accepted(String accept) {
    WireFormat f = ApiRequests.accepted(accept);
    if (f != null) {
      return f == WireFormat.JSON ? Kind.JSON : Kind.PROTOBUF;
    }
    return MediaRanges.accepts(accept, RECORDIO) ? Kind.RECORDIO : null;
  }
}
