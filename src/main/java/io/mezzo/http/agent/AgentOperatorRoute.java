package io.mezzo.http.agent;

import io.mezzo.agent.operator.AgentOperatorCalls;
import io.mezzo.api.v1.MalformedMessageException;
import io.mezzo.api.v1.MesosJson;
import io.mezzo.api.v1.RecordIo;
import io.mezzo.api.v1.agent.Call;
import io.mezzo.api.v1.agent.Response;
import io.mezzo.api.wire.WireCodec;
import io.mezzo.api.wire.WireFormat;
import io.mezzo.bootstrap.MezzoNode;
import io.mezzo.bootstrap.Role;
import io.mezzo.http.common.AgentPaths;
import io.mezzo.http.common.ApiRequests;
import io.mezzo.http.common.HttpResults;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The agent's operator API (MESOS-API.md §4.2) at {@code POST /slave(1)/api/v1}, the agent's own
 * path prefix, so a standalone node serves it beside the master's {@code /api/v1}; an agent-role
 * node also answers it at {@code /api/v1}. The media types follow the agent's own rules ({@link
 * AgentMediaTypes}: JSON, protobuf, and RecordIO for the streaming calls); every answer is in the
 * negotiated format.
 */
@ApplicationScoped
public class AgentOperatorRoute {
  private static final Logger LOG = Logger.getLogger(AgentOperatorRoute.class);
  private static final String CHOICE = "mezzo.agent.media-types";
  private final MezzoNode node;
  private final Vertx vertx;
  private final LocalAgent local;

  public AgentOperatorRoute(MezzoNode node, Vertx vertx, LocalAgent local) {
    this.node = node;
    this.vertx = vertx;
    this.local = local;
  }

  void register(@Observes Router router) {
    if (!node.role().runsAgent()) {
      return;
    }
    ApiRequests.route(
        router, AgentPaths.OPERATOR_API, node.maxBodyBytes(), this::checkHeaders, this::handle);
    if (node.role() == Role.AGENT) {
      ApiRequests.route(router, "/api/v1", node.maxBodyBytes(), this::checkHeaders, this::handle);
    }
  }

  /** Before the body is read, as Mesos: not started (503), then the media types. */
  private void checkHeaders(RoutingContext rc) {
    if (local.calls().isEmpty()) {
      HttpResults.error(rc.response(), 503, "The agent has not started yet");
      return;
    }
    HttpServerRequest req = rc.request();
    AgentMediaTypes.Outcome outcome =
        AgentMediaTypes.negotiate(
            req.getHeader("Content-Type"),
            req.getHeader(AgentMediaTypes.MESSAGE_CONTENT_TYPE),
            req.getHeader("Accept"),
            req.getHeader(AgentMediaTypes.MESSAGE_ACCEPT));
    if (outcome.refusal() != null) {
      HttpResults.error(rc.response(), outcome.refusal().status(), outcome.refusal().message());
      return;
    }
    rc.put(CHOICE, outcome.choice());
    ApiRequests.useRequestFormat(rc, outcome.choice().callFormat());
    rc.next();
  }

  private void handle(RoutingContext rc) {
    AgentMediaTypes.Choice choice = rc.get(CHOICE);
    Call call =
        choice.content().streaming()
            ? firstRecord(rc, choice.callFormat())
            : ApiRequests.parseCall(rc, Call.class, Call::type);
    if (call == null) {
      return;
    }
    Optional<AgentMediaTypes.Refusal> refusal = AgentMediaTypes.checkCall(choice, call.type());
    if (refusal.isPresent()) {
      HttpResults.error(rc.response(), refusal.get().status(), refusal.get().message());
      return;
    }
    AgentOperatorCalls calls = local.calls().orElseThrow();
    WireFormat format = choice.answerFormat();
    Context ctx = vertx.getOrCreateContext();
    calls
        .call(call)
        .whenComplete(
            (answer, err) ->
                ctx.runOnContext(
                    v -> {
                      if (err != null) {
                        HttpResults.error(rc.response(), 500, "Internal error: " + err);
                      } else if (answer.status() != 200) {
                        HttpResults.error(rc.response(), answer.status(), answer.message());
                      } else if (answer.body() == null) {
                        // SET_LOGGING_LEVEL, KILL_CONTAINER: Mesos answers an empty 200.
                        rc.response().setStatusCode(200).end();
                      } else {
                        write(rc, answer.body(), format);
                      }
                    }));
  }

  /**
   * The call of a streaming request: its first RecordIO record, in {@code Message-Content-Type}.
   * The body is read whole first, which is enough while no streaming call is served (they answer
   * 501 after this).
   */
  private static Call firstRecord(RoutingContext rc, WireFormat format) {
    byte[] body =
        rc.body() == null || rc.body().buffer() == null
            ? new byte[0]
            : rc.body().buffer().getBytes();
    byte[] record;
    try {
      record = new RecordIo.Reader(new ByteArrayInputStream(body)).next();
    } catch (IOException e) {
      HttpResults.error(rc.response(), 400, "Failed to read RecordIO body: " + e.getMessage());
      return null;
    }
    if (record == null) {
      HttpResults.error(rc.response(), 400, "Received EOF while reading request body");
      return null;
    }
    try {
      Call call =
          format == WireFormat.PROTOBUF
              ? WireCodec.decode(record, Call.class)
              : MesosJson.read(record, Call.class);
      if (call == null || call.type() == null) {
        HttpResults.error(rc.response(), 400, "Expecting 'type' to be present");
        return null;
      }
      return call;
    } catch (MalformedMessageException e) {
      HttpResults.error(
          rc.response(), 400, "Failed to parse the first record into Call: " + e.getMessage());
      return null;
    }
  }

  /** A body with no faithful form in {@code format} is a defect: 500, logged, never half-sent. */
  private static void write(RoutingContext rc, Response body, WireFormat format) {
    byte[] bytes;
    try {
      bytes = WireCodec.encode(body, format);
    } catch (IllegalStateException e) {
      LOG.error("cannot encode an agent response", e);
      HttpResults.error(rc.response(), 500, "Internal error: " + e.getMessage());
      return;
    }
    rc.response()
        .setStatusCode(200)
        .putHeader("Content-Type", format.mediaType())
        .end(Buffer.buffer(bytes));
  }
}
