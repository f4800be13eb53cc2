package io.mezzo.http.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.v1.agent.Call;
import io.mezzo.api.wire.WireFormat;
import io.mezzo.http.agent.AgentMediaTypes.Choice;
import io.mezzo.http.agent.AgentMediaTypes.Kind;
import io.mezzo.http.agent.AgentMediaTypes.Outcome;
import io.mezzo.http.agent.AgentMediaTypes.Refusal;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The agent API's media-type rules, row by row as Mesos 1.11's {@code Http::api} has them. */
class AgentMediaTypesTest {
  private static final String JSON = "application/json";
  private static final String PROTO = "application/x-protobuf";
  private static final String RIO = "application/recordio";

  /** Content-Type, Message-Content-Type, Accept, Message-Accept → status (200: chosen) and why. */
  static Stream<Arguments> headers() {
    return Stream.of(
        Arguments.of(null, null, null, null, 400, "Expecting 'Content-Type' to be present"),
        Arguments.of(
            "text/plain",
            null,
            null,
            null,
            415,
            "Expecting 'Content-Type' of application/json or application/x-protobuf or"
                + " application/recordio"),
        Arguments.of(
            RIO,
            null,
            null,
            null,
            400,
            "Expecting 'Message-Content-Type' to be set for streaming requests"),
        Arguments.of(
            RIO,
            "text/plain",
            null,
            null,
            415,
            "Expecting 'Message-Content-Type' of application/json or application/x-protobuf"),
        Arguments.of(
            JSON,
            JSON,
            null,
            null,
            415,
            "Expecting 'Message-Content-Type' to be not set for non-streaming requests"),
        Arguments.of(
            PROTO,
            null,
            "text/html",
            null,
            406,
            "Expecting 'Accept' to allow application/json or application/x-protobuf or"
                + " application/recordio"),
        Arguments.of(
            JSON,
            null,
            RIO,
            "text/html",
            406,
            "Expecting 'Message-Accept' to allow application/json or application/x-protobuf"),
        Arguments.of(
            JSON,
            null,
            JSON,
            PROTO,
            406,
            "Expecting 'Message-Accept' to be not set for non-streaming responses"),
        // A Content-Type refusal comes before an Accept one, as Mesos checks them in that order.
        Arguments.of(
            "text/plain",
            null,
            "text/html",
            null,
            415,
            "Expecting 'Content-Type' of application/json or application/x-protobuf or"
                + " application/recordio"),
        Arguments.of(JSON, null, null, null, 200, "JSON|null|JSON|null"),
        Arguments.of(PROTO, null, PROTO, null, 200, "PROTOBUF|null|PROTOBUF|null"),
        Arguments.of(
            "Application/JSON; charset=utf-8", null, "*/*", null, 200, "JSON|null|JSON|null"),
        // JSON is preferred whenever Accept allows it; recordio only when nothing else is.
        Arguments.of(PROTO, null, PROTO + "," + JSON, null, 200, "PROTOBUF|null|JSON|null"),
        Arguments.of(RIO, PROTO, RIO, null, 200, "RECORDIO|PROTOBUF|RECORDIO|JSON"),
        Arguments.of(RIO, JSON, RIO, PROTO, 200, "RECORDIO|JSON|RECORDIO|PROTOBUF"),
        Arguments.of(
            JSON, null, RIO, "application/json;q=0," + PROTO, 200, "JSON|null|RECORDIO|PROTOBUF"));
  }

  @ParameterizedTest
  @MethodSource("headers")
  void headersAreDecidedAsAMesosAgentDecidesThem(
      String contentType,
      String messageContentType,
      String accept,
      String messageAccept,
      int status,
      String expected) {
    Outcome o = AgentMediaTypes.negotiate(contentType, messageContentType, accept, messageAccept);
    if (status == 200) {
      assertThat(o.refusal()).isNull();
      Choice c = o.choice();
      assertThat(
              c.content() + "|" + c.messageContent() + "|" + c.accept() + "|" + c.messageAccept())
          .isEqualTo(expected);
    } else {
      assertThat(o.choice()).isNull();
      assertThat(o.refusal()).isEqualTo(new Refusal(status, expected));
    }
  }

  private static final Choice PLAIN = new Choice(Kind.JSON, null, Kind.PROTOBUF, null);
  private static final Choice STREAM_IN =
      new Choice(Kind.RECORDIO, WireFormat.PROTOBUF, Kind.JSON, null);
  private static final Choice STREAM_OUT =
      new Choice(Kind.PROTOBUF, null, Kind.RECORDIO, WireFormat.JSON);

  /** Choice, call type → refusal status (0: allowed) and reason. */
  static Stream<Arguments> calls() {
    return Stream.of(
        Arguments.of(PLAIN, Call.Type.GET_STATE, 0, null),
        Arguments.of(PLAIN, Call.Type.ATTACH_CONTAINER_OUTPUT, 0, null),
        Arguments.of(
            PLAIN,
            Call.Type.ATTACH_CONTAINER_INPUT,
            415,
            "Expecting 'Content-Type' to be application/recordio for ATTACH_CONTAINER_INPUT call"),
        Arguments.of(STREAM_IN, Call.Type.ATTACH_CONTAINER_INPUT, 0, null),
        Arguments.of(
            STREAM_IN,
            Call.Type.GET_HEALTH,
            415,
            "Streaming 'Content-Type' application/recordio is not supported for GET_HEALTH call"),
        Arguments.of(STREAM_OUT, Call.Type.ATTACH_CONTAINER_OUTPUT, 0, null),
        Arguments.of(STREAM_OUT, Call.Type.LAUNCH_NESTED_CONTAINER_SESSION, 0, null),
        Arguments.of(
            STREAM_OUT,
            Call.Type.GET_TASKS,
            406,
            "Streaming response is not supported for GET_TASKS call"),
        // Both streamed: the request's rule is checked first.
        Arguments.of(
            new Choice(Kind.RECORDIO, WireFormat.JSON, Kind.RECORDIO, WireFormat.JSON),
            Call.Type.ATTACH_CONTAINER_INPUT,
            406,
            "Streaming response is not supported for ATTACH_CONTAINER_INPUT call"));
  }

  @ParameterizedTest
  @MethodSource("calls")
  void onlyTheStreamingCallsStream(Choice choice, Call.Type type, int status, String message) {
    Optional<Refusal> r = AgentMediaTypes.checkCall(choice, type);
    if (status == 0) {
      assertThat(r).isEmpty();
    } else {
      assertThat(r).contains(new Refusal(status, message));
    }
  }

  @ParameterizedTest
  @MethodSource("formats")
  void theCallAndTheAnswerAreInTheMessageFormatWhenTheyStream(
      Choice choice, WireFormat call, WireFormat answer) {
    assertThat(choice.callFormat()).isEqualTo(call);
    assertThat(choice.answerFormat()).isEqualTo(answer);
  }

  static Stream<Arguments> formats() {
    return Stream.of(
        Arguments.of(PLAIN, WireFormat.JSON, WireFormat.PROTOBUF),
        Arguments.of(STREAM_IN, WireFormat.PROTOBUF, WireFormat.JSON),
        Arguments.of(STREAM_OUT, WireFormat.PROTOBUF, WireFormat.JSON));
  }
}
