package io.mezzo.http.master;

import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.api.wire.WireFormat;
import io.mezzo.bootstrap.MezzoNode;
import io.mezzo.http.common.ApiRequests;
import io.mezzo.http.common.HttpResults;
import io.mezzo.http.limits.ApiLimits;
import io.mezzo.http.security.Callers;
import io.mezzo.master.Master;
import io.mezzo.master.scheduler.CallValidator;
import io.mezzo.master.scheduler.FrameworkStream;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;

/**
 * {@code POST /api/v1/scheduler} (also {@code /master/api/v1/scheduler}): the Mesos v1 scheduler
 * API, in JSON or protobuf. A plain Vert.x route rather than a JAX-RS resource because the
 * subscription is a never-ending RecordIO body whose chunk boundaries we must control (one record
 * per chunk).
 *
 * <p>The request's Content-Type says how the call is encoded; the answer's format is negotiated
 * from Accept only for SUBSCRIBE and RECONCILE_OPERATIONS, as Mesos does (its other calls answer
 * without a body, so their Accept has never been looked at and clients send anything there). The
 * subscription's records are in the negotiated format and its Content-Type is that format's media
 * type. Errors are plain text whatever was negotiated.
 */
@ApplicationScoped
public class SchedulerRoute {
  static final String STREAM_ID = "Mesos-Stream-Id";
  private final MezzoNode node;
  private final Vertx vertx;
  private final ApiLimits limits;

  public SchedulerRoute(MezzoNode node, Vertx vertx, ApiLimits limits) {
    this.node = node;
    this.vertx = vertx;
    this.limits = limits;
  }

  void register(@Observes Router router) {
    if (!node.role().runsMaster()) {
      return;
    }
    for (String path : new String[] {"/api/v1/scheduler", "/master/api/v1/scheduler"}) {
      ApiRequests.route(router, path, node.maxBodyBytes(), this::handle);
    }
  }

  private void handle(RoutingContext rc) {
    if (LeaderRedirect.answered(rc, node)) {
      return;
    }
    Call call = ApiRequests.parse(rc, Call.class);
    if (call == null) {
      return;
    }
    // Every call, SUBSCRIBE too, draws on the caller's rate before the master sees it, so a refused
    // call changes nothing.
    if (!limits.admitCall(rc)) {
      return;
    }
    Master master = node.master().orElseThrow();
    // Mesos validates the call before it looks at Accept or Mesos-Stream-Id, so a malformed call is
    // a 400 whatever else is wrong with the request; the master refuses it (and counts it) below.
    boolean valid = CallValidator.problem(call).isEmpty();
    if (valid && answersInNegotiatedFormat(call.type()) && ApiRequests.negotiate(rc) == null) {
      return;
    }
    if (call.type() == Call.Type.SUBSCRIBE) {
      subscribe(rc, master, call, valid);
      return;
    }
    Context ctx = vertx.getOrCreateContext();
    CallResults.replyWhen(
        rc, ctx, master.call(call, rc.request().getHeader(STREAM_ID), Callers.of(rc)));
  }

  /** The calls whose Accept Mesos examines: the ones that may answer with a body or a stream. */
  static boolean answersInNegotiatedFormat(Call.Type type) {
    return type == Call.Type.SUBSCRIBE || type == Call.Type.RECONCILE_OPERATIONS;
  }

  private void subscribe(RoutingContext rc, Master master, Call call, boolean valid) {
    if (valid && rc.request().getHeader(STREAM_ID) != null) {
      HttpResults.error(
          rc.response(), 400, "Subscribe calls should not include the 'Mesos-Stream-Id' header");
      return;
    }
    if (!limits.admitSubscription(rc, ApiLimits.Stream.SCHEDULER)) {
      return;
    }
    WireFormat format = ApiRequests.responseFormat(rc);
    RecordIoStream stream = new RecordIoStream(vertx, rc.request(), node.maxBodyBytes(), format);
    FrameworkStream adapter = stream.asFrameworkStream();
    stream.onClosed(() -> master.streamClosed(adapter));
    stream.answerWhen(
        master.subscribe(call, adapter, Callers.of(rc)),
        Map.of("Content-Type", format.mediaType(), STREAM_ID, stream.id()));
  }
}
