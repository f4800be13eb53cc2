package io.mezzo.http.master;

import io.mezzo.api.v1.MalformedMessageException;
import io.mezzo.api.v1.MesosJson;
import io.mezzo.api.v1.master.Call;
import io.mezzo.api.v1.master.QuotaStatus;
import io.mezzo.api.v1.master.Response;
import io.mezzo.bootstrap.MezzoNode;
import io.mezzo.http.common.HttpResults;
import io.mezzo.http.common.LegacyResponses;
import io.mezzo.http.security.Callers;
import io.mezzo.master.CallResult;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Mesos's (deprecated, still used) {@code /master/quota}, over the same deciders as the operator
 * API: GET answers the {@code QuotaStatus} of GET_QUOTA ({@code infos} and {@code configs}, the
 * roles the caller may {@code get_quotas}); POST with a {@code QuotaRequest} JSON body sets a
 * role's quota as SET_QUOTA does; DELETE {@code /quota/<role>} removes it as REMOVE_QUOTA does.
 * Both answer 200 with an empty body when done, 400 with the reason (nothing changed) otherwise.
 * Other methods are 405 as in Mesos; a standby redirects first.
 */
@ApplicationScoped
public class QuotaRoute {
  private final MezzoNode node;
  private final Vertx vertx;

  public QuotaRoute(MezzoNode node, Vertx vertx) {
    this.node = node;
    this.vertx = vertx;
  }

  void register(@Observes Router router) {
    if (!node.role().runsMaster()) {
      return;
    }
    BodyHandler body = BodyHandler.create(false).setBodyLimit(node.maxBodyBytes());
    router.post("/master/quota").handler(body);
    router.post("/quota").handler(body);
    LegacyEndpoints.any(router, "quota", this::quota);
    router.route("/master/quota/*").handler(this::quota);
    router.route("/quota/*").handler(this::quota);
  }

  private void quota(RoutingContext rc) {
    if (LeaderRedirect.answered(rc, node)) {
      return;
    }
    String path = rc.request().path();
    int at = path.indexOf("/quota");
    String rest = path.substring(at + "/quota".length());
    String role =
        rest.length() > 1 ? URLDecoder.decode(rest.substring(1), StandardCharsets.UTF_8) : null;
    String method = rc.request().method().name();
    if (role != null && !method.equals("DELETE")) {
      HttpResults.error(rc.response(), 404, "No quota endpoint at " + path);
      return;
    }
    switch (method) {
      case "GET" -> status(rc);
      case "POST" -> set(rc);
      case "DELETE" -> {
        if (role == null) {
          HttpResults.error(
              rc.response(), 400, "Failed to remove quota: expecting a role ('/quota/<role>')");
        } else {
          answer(rc, call(rc, Call.removeQuota(role)));
        }
      }
      default -> LegacyEndpoints.methodNotAllowed(rc, List.of("GET", "POST", "DELETE"));
    }
  }

  private void status(RoutingContext rc) {
    Context ctx = vertx.getOrCreateContext();
    call(rc, Call.of(Call.Type.GET_QUOTA))
        .whenComplete(
            (result, err) ->
                ctx.runOnContext(
                    v -> {
                      if (err != null) {
                        CallResults.failed(rc.response(), err);
                      } else if (!result.isSuccess()) {
                        CallResults.write(rc.response(), result);
                      } else {
                        QuotaStatus s = ((Response) result.body()).getQuota().status();
                        LegacyResponses.json(rc, MesosJson.tree(s));
                      }
                    }));
  }

  private void set(RoutingContext rc) {
    Buffer body = rc.body() == null ? null : rc.body().buffer();
    if (body == null || body.length() == 0) {
      HttpResults.error(rc.response(), 400, "Failed to parse set quota request JSON: no body");
      return;
    }
    QuotaStatus.Request request;
    try {
      request = MesosJson.read(body.getBytes(), QuotaStatus.Request.class);
    } catch (MalformedMessageException e) {
      HttpResults.error(
          rc.response(), 400, "Failed to parse set quota request JSON: " + e.getMessage());
      return;
    }
    if (request == null || request.role() == null) {
      HttpResults.error(
          rc.response(), 400, "Failed to validate set quota request: 'role' is missing");
      return;
    }
    answer(rc, call(rc, Call.setQuota(request)));
  }

  private CompletionStage<CallResult> call(RoutingContext rc, Call call) {
    return node.master().orElseThrow().operatorCall(call, Callers.of(rc));
  }

  private void answer(RoutingContext rc, CompletionStage<CallResult> outcome) {
    CallResults.replyWhen(rc, vertx.getOrCreateContext(), outcome);
  }
}
