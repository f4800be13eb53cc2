package io.mezzo.http.master;

import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.bootstrap.MezzoNode;
import io.mezzo.http.common.ApiRequests;
import io.mezzo.http.common.HttpResults;
import io.mezzo.master.Master;
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
 * API. A plain Vert.x route rather than a JAX-RS resource because the subscription is a
 * never-ending RecordIO body whose chunk boundaries we must control (one record per chunk).
 */
@ApplicationScoped
public class SchedulerRoute {
  static final String STREAM_ID = "Mesos-Stream-Id";
  private final MezzoNode node;
  private final Vertx vertx;

  public SchedulerRoute(MezzoNode node, Vertx vertx) {
    this.node = node;
    this.vertx = vertx;
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
    Master master = node.master().orElseThrow();
    Context ctx = vertx.getOrCreateContext();
    if (call.type() == Call.Type.SUBSCRIBE) {
      subscribe(rc, master, call);
      return;
    }
    CallResults.replyWhen(rc, ctx, master.call(call, rc.request().getHeader(STREAM_ID)));
  }

  private void subscribe(RoutingContext rc, Master master, Call call) {
    if (rc.request().getHeader(STREAM_ID) != null) {
      HttpResults.error(rc.response(), 400, "Expecting no 'Mesos-Stream-Id' header on SUBSCRIBE");
      return;
    }
    if (!ApiRequests.acceptsJson(rc.request())) {
      HttpResults.error(rc.response(), 406, "Expecting 'Accept' to allow application/json");
      return;
    }
    RecordIoStream stream = new RecordIoStream(vertx, rc.request(), node.maxBodyBytes());
    FrameworkStream adapter = stream.asFrameworkStream();
    stream.onClosed(() -> master.streamClosed(adapter));
    stream.answerWhen(
        master.subscribe(call, adapter),
        Map.of("Content-Type", "application/json", STREAM_ID, stream.id()));
  }
}
