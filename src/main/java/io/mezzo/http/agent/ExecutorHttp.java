package io.mezzo.http.agent;

import io.mezzo.agent.ExecutorApi;
import io.mezzo.agent.ExecutorStream;
import io.mezzo.api.v1.RecordIo;
import io.mezzo.api.v1.executor.Call;
import io.mezzo.api.v1.executor.Event;
import io.mezzo.api.wire.WireCodec;
import io.mezzo.api.wire.WireFormat;
import io.mezzo.http.common.AgentPaths;
import io.mezzo.http.common.ApiRequests;
import io.mezzo.http.common.HttpResults;
import io.mezzo.security.ExecutorTokens;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The v1 Executor API over HTTP ({@code POST /api/v1/executor}, and {@code
 * /slave(1)/api/v1/executor} where Mesos's executor libraries look for it), without CDI so tests
 * can mount it on any Vert.x router. Calls are JSON or protobuf ({@code Content-Type}). SUBSCRIBE
 * answers 200 with a chunked RecordIO stream of events (one record per chunk) in the format its
 * {@code Accept} chose as Mesos chooses it (JSON if allowed, else protobuf, else 406), and a {@code
 * Mesos-Stream-Id}; UPDATE, MESSAGE and HEARTBEAT answer 202 without looking at Accept; refusals
 * are 400 with the reason as text; 503 before the agent started.
 */
public final class ExecutorHttp {
  public static final String PATH = "/api/v1/executor";

  /**
   * Where Mesos's own executor libraries post: the agent's libprocess id ({@code slave(1)}) before
   * the API path, on {@code MESOS_AGENT_ENDPOINT}.
   */
  public static final String AGENT_PATH = AgentPaths.OPERATOR_API + "/executor";

  private static final Logger LOG = Logger.getLogger(ExecutorHttp.class);

  /**
   * Mesos's agent heartbeats executor streams every 30 minutes; Mezzo every 30 s, so an idle
   * executor connection stays open through proxies that cut idle connections sooner.
   */
  static final long HEARTBEAT_MILLIS = 30_000;

  private final Vertx vertx;
  private final Supplier<Optional<ExecutorApi>> api;
  private final int maxBodyBytes;
  private final Supplier<Optional<ExecutorTokens>> tokens;

  /** An executor API that asks for no token. */
  public ExecutorHttp(Vertx vertx, Supplier<Optional<ExecutorApi>> api, int maxBodyBytes) {
    this(vertx, api, maxBodyBytes, null);
  }

  /**
   * @param tokens the agent's executor tokens, when every call must carry its executor's ({@code
   *     --authenticate_http_executors}); null when none is asked for. Empty (the agent has not
   *     started) answers 503 like the API itself.
   */
  public ExecutorHttp(
      Vertx vertx,
      Supplier<Optional<ExecutorApi>> api,
      int maxBodyBytes,
      Supplier<Optional<ExecutorTokens>> tokens) {
    this.vertx = vertx;
    this.api = api;
    this.maxBodyBytes = maxBodyBytes;
    this.tokens = tokens;
  }

  public void register(Router router) {
    ApiRequests.route(router, PATH, maxBodyBytes, this::handle);
    ApiRequests.route(router, AGENT_PATH, maxBodyBytes, this::handle);
  }

  private void handle(RoutingContext rc) {
    Call call = ApiRequests.parseCall(rc, Call.class, Call::type);
    if (call == null) {
      return;
    }
    ExecutorApi executors = api.get().orElse(null);
    if (executors == null) {
      HttpResults.error(rc.response(), 503, "The agent has not started yet");
      return;
    }
    if (tokens != null && !authenticated(rc, call)) {
      return;
    }
    Context ctx = vertx.getOrCreateContext();
    if (call.type() != Call.Type.SUBSCRIBE) {
      executors
          .call(call)
          .whenComplete(
              (answer, err) ->
                  ctx.runOnContext(
                      v -> {
                        if (err != null) {
                          HttpResults.error(rc.response(), 500, "Internal error: " + err);
                        } else if (answer.status() >= 300) {
                          HttpResults.error(rc.response(), answer.status(), answer.message());
                        } else {
                          rc.response().setStatusCode(answer.status()).end();
                        }
                      }));
      return;
    }
    // As Mesos, only SUBSCRIBE looks at Accept: its stream is the one answer with a body.
    WireFormat format = ApiRequests.negotiate(rc);
    if (format == null) {
      return;
    }
    Stream stream = new Stream(vertx, ctx, rc.response(), format);
    rc.response()
        .closeHandler(
            v -> {
              stream.end();
              executors.closed(call, stream);
            });
    executors
        .subscribe(call, stream)
        .whenComplete(
            (answer, err) ->
                ctx.runOnContext(
                    v -> {
                      if (err != null || answer.status() != 200) {
                        HttpResults.error(
                            rc.response(),
                            err != null ? 500 : answer.status(),
                            err != null ? "Internal error: " + err : answer.message());
                        stream.ended = true;
                      } else {
                        stream.start();
                      }
                    }));
  }

  /**
   * Whether the call carries a token of the executor it names; if not, answers 401 (no token, or
   * one that does not verify, with a Bearer challenge) or 403 (another executor's token). Checked
   * before the agent sees the call, so a refused call changes nothing.
   */
  private boolean authenticated(RoutingContext rc, Call call) {
    ExecutorTokens agentTokens = tokens.get().orElse(null);
    if (agentTokens == null) {
      // The switch is on but the agent mints no tokens: a wiring defect; fail closed.
      HttpResults.error(rc.response(), 503, "The agent has no executor tokens yet");
      return false;
    }
    ExecutorTokens.Check check =
        agentTokens.check(
            rc.request().getHeader("Authorization"),
            call.frameworkId() == null ? null : call.frameworkId().value(),
            call.executorId() == null ? null : call.executorId().value());
    if (check.allowed()) {
      return true;
    }
    LOG.debugf(
        "refused executor %s from %s: %s",
        call.type(), rc.request().remoteAddress(), check.reason());
    if (check.status() == 401) {
      rc.response().putHeader("WWW-Authenticate", "Bearer realm=\"mesos-agent-executor\"");
    }
    HttpResults.error(rc.response(), check.status(), check.reason());
    return false;
  }

  /**
   * One executor's response. Events arrive from the agent's context and are written on the
   * request's Vert.x context; those sent before the 200 is decided are held until then.
   */
  private static final class Stream implements ExecutorStream {
    private final Vertx vertx;
    private final Context ctx;
    private final HttpServerResponse response;
    private final WireFormat format;
    private long heartbeatTimer = -1;
    private final java.util.List<Object> held = new java.util.ArrayList<>();
    private boolean started;
    private boolean ended;

    Stream(Vertx vertx, Context ctx, HttpServerResponse response, WireFormat format) {
      this.vertx = vertx;
      this.ctx = ctx;
      this.response = response;
      this.format = format;
    }

    void start() {
      if (ended || response.closed()) {
        ended = true;
        return;
      }
      started = true;
      response
          .setStatusCode(200)
          .setChunked(true)
          .putHeader("Content-Type", format.mediaType())
          .putHeader("Mesos-Stream-Id", UUID.randomUUID().toString());
      held.forEach(this::write);
      held.clear();
      heartbeatTimer =
          vertx.setPeriodic(
              HEARTBEAT_MILLIS, id -> ctx.runOnContext(v -> offer(Event.heartbeat())));
    }

    @Override
    public void send(Event event) {
      ctx.runOnContext(v -> offer(event));
    }

    @Override
    public void close() {
      ctx.runOnContext(v -> offer(CLOSE));
    }

    private static final Object CLOSE = new Object();

    private void end() {
      ended = true;
      if (heartbeatTimer >= 0) {
        vertx.cancelTimer(heartbeatTimer);
        heartbeatTimer = -1;
      }
    }

    private void offer(Object item) {
      if (ended) {
        return;
      }
      if (!started) {
        held.add(item);
        return;
      }
      write(item);
    }

    private void write(Object item) {
      if (ended || response.closed()) {
        end();
        return;
      }
      if (item == CLOSE) {
        end();
        response.end();
        return;
      }
      byte[] record;
      try {
        record = WireCodec.encode(item, format);
      } catch (RuntimeException e) {
        // A record without a faithful form is a defect in Mezzo: say so, and end the stream
        // rather than let the executor miss an event without knowing it.
        LOG.errorf(e, "Could not encode an executor event in %s; ending the stream", format);
        end();
        response.reset();
        return;
      }
      response.write(Buffer.buffer(RecordIo.frame(record)));
    }
  }
}
