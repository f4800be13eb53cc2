package io.mezzo.http.master;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.api.wire.ProtoJson;
import io.mezzo.bootstrap.MezzoNode;
import io.mezzo.http.common.LegacyResponses;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.apache.mesos.v1.quota.Protos.QuotaStatus;

/**
 * Mesos's (deprecated, still used) {@code /master/quota}: GET answers the quotas Mezzo enforces,
 * which are none yet, as an empty {@code QuotaStatus} ({@code {}}, no {@code infos} and no {@code
 * configs}, exactly as Mesos prints one); POST (set) and DELETE (remove) are a 501 naming quota
 * until it is built (issue 15). Other methods are 405 as in Mesos; a standby redirects first.
 */
@ApplicationScoped
public class QuotaRoute {
  static final String NOT_YET =
      "quota is not built in Mezzo yet; it arrives with the tenancy issue (15)";

  private final MezzoNode node;

  public QuotaRoute(MezzoNode node) {
    this.node = node;
  }

  void register(@Observes Router router) {
    if (!node.role().runsMaster()) {
      return;
    }
    BodyHandler body = BodyHandler.create(false).setBodyLimit(node.maxBodyBytes());
    router.post("/master/quota").handler(body);
    router.post("/quota").handler(body);
    LegacyEndpoints.any(router, "quota", this::quota);
  }

  /** No quota is set on any role. */
  static ObjectNode status() {
    return ProtoJson.toJson(QuotaStatus.getDefaultInstance());
  }

  private void quota(RoutingContext rc) {
    if (LeaderRedirect.answered(rc, node)) {
      return;
    }
    switch (rc.request().method().name()) {
      case "GET" -> LegacyResponses.json(rc, status());
      case "POST", "DELETE" -> LegacyEndpoints.notYet(rc, NOT_YET);
      default -> LegacyEndpoints.methodNotAllowed(rc, List.of("GET", "POST", "DELETE"));
    }
  }
}
