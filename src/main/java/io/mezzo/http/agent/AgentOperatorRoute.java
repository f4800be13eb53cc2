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
import io.mezzo.http.security.Callers;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
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
    if (outcome.choice().content().streaming()) {
      readFirstRecord(rc, outcome.choice());
      return;
    }
    rc.put(CHOICE, outcome.choice());
    ApiRequests.useRequestFormat(rc, outcome.choice().callFormat());
    rc.next();
  }

  private void handle(RoutingContext rc) {
    AgentMediaTypes.Choice choice = rc.get(CHOICE);
    Call call = ApiRequests.parseCall(rc, Call.class, Call::type);
    if (call != null) {
      dispatch(rc, choice, call);
    }
  }

  private void dispatch(RoutingContext rc, AgentMediaTypes.Choice choice, Call call) {
    Optional<AgentMediaTypes.Refusal> refusal = AgentMediaTypes.checkCall(choice, call.type());
    if (refusal.isPresent()) {
      HttpResults.error(rc.response(), refusal.get().status(), refusal.get().message());
      return;
    }
    AgentOperatorCalls calls = local.calls().orElseThrow();
    WireFormat format = choice.answerFormat();
    Context ctx = vertx.getOrCreateContext();
    calls
        .call(call, Callers.of(rc))
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
   * A streaming request's body never has to end (ATTACH_CONTAINER_INPUT feeds a container's stdin
   * for as long as it runs), so it is not read whole: the call is its first RecordIO record, taken
   * as soon as it has arrived, as Mesos does. What follows it is not read by anything yet, since no
   * streaming call is served (they answer 501 after the checks).
   */
  private void readFirstRecord(RoutingContext rc, AgentMediaTypes.Choice choice) {
    HttpServerRequest req = rc.request();
    Buffer soFar = Buffer.buffer();
    boolean[] decided = {false};
    req.handler(
        chunk -> {
          if (decided[0]) {
            return;
          }
          soFar.appendBuffer(chunk);
          byte[] record;
          try {
            record = new RecordIo.Reader(new ByteArrayInputStream(soFar.getBytes())).next();
          } catch (EOFException incomplete) {
            if (soFar.length() > node.maxBodyBytes()) {
              decided[0] = true;
              HttpResults.error(
                  rc.response(),
                  413,
                  "The first record is larger than " + node.maxBodyBytes() + " bytes");
            }
            return;
          } catch (IOException e) {
            decided[0] = true;
            HttpResults.error(
                rc.response(), 400, "Failed to read RecordIO body: " + e.getMessage());
            return;
          }
          if (record != null) {
            decided[0] = true;
            Call call = decodeRecord(rc, record, choice.callFormat());
            if (call != null) {
              dispatch(rc, choice, call);
            }
          }
        });
    req.endHandler(
        v -> {
          if (!decided[0]) {
            decided[0] = true;
            HttpResults.error(rc.response(), 400, "Received EOF while reading request body");
          }
        });
    req.resume();
  }

  private static Call decodeRecord(RoutingContext rc, byte[] record, WireFormat format) {
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
