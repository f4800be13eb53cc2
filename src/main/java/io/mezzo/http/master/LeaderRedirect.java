package io.mezzo.http.master;

import io.mezzo.api.v1.MasterInfo;
import io.mezzo.bootstrap.MezzoNode;
import io.mezzo.http.common.HttpResults;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * What a master that does not lead answers (MESOS-API.md §2.2): 307 with a protocol-relative {@code
 * Location: //leader:port/<same path>} when the leader is known, else 503 "No leader elected"; a
 * leader still recovering answers 503 too.
 */
public final class LeaderRedirect {
  private LeaderRedirect() {}

  /** True if the request was answered here (this node cannot serve it). */
  public static boolean answered(RoutingContext rc, MezzoNode node) {
    if (node.master().map(m -> m.isRecovered()).orElse(false)) {
      return false;
    }
    if (node.master().isPresent()) {
      HttpResults.error(rc.response(), 503, "Master has not finished recovery");
      return true;
    }
    Optional<MasterInfo> leader = node.leader();
    if (leader.isEmpty()) {
      HttpResults.error(rc.response(), 503, "No leader elected");
      return true;
    }
    MasterInfo l = leader.get();
    String host = l.hostname() != null ? l.hostname() : l.address().ip();
    String query = rc.request().query() == null ? "" : "?" + rc.request().query();
    rc.response()
        .setStatusCode(307)
        .putHeader("Location", "//" + host + ":" + l.port() + rc.request().path() + query)
        .end();
    return true;
  }
}
