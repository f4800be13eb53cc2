package io.mezzo.http.master;

import io.mezzo.api.v1.MasterInfo;
import io.mezzo.bootstrap.MezzoNode;
import io.mezzo.http.common.HttpResults;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * What a master that does not lead answers (MESOS-API.md §2.2): 307 with a protocol-relative {@code
 * Location: //leader:port/<same path>?<same query>} when the leader is known, else 503 "No leader
 * elected"; a leader still recovering, or whose leadership lease is not valid, answers 503 too. The
 * query goes along unchanged, so {@code /master/state?jsonp=cb} on a standby still comes back as
 * JSONP from the leader.
 */
public final class LeaderRedirect {
  private LeaderRedirect() {}

  /** True if the request was answered here (this node cannot serve it). */
  public static boolean answered(RoutingContext rc, MezzoNode node) {
    if (node.master().map(m -> m.isRecovered()).orElse(false)) {
      return false;
    }
    if (node.master().isPresent()) {
      // Recovering, or a leader whose lease is not valid (stepping down): never 200/202 here.
      HttpResults.error(rc.response(), 503, node.master().get().notLeadingReason());
      return true;
    }
    Optional<MasterInfo> leader = node.leader();
    if (leader.isEmpty()) {
      HttpResults.error(rc.response(), 503, "No leader elected");
      return true;
    }
    rc.response()
        .setStatusCode(307)
        .putHeader("Location", location(leader.get(), rc.request().path(), rc.request().query()))
        .end();
    return true;
  }

  /**
   * The leader's base, {@code //host:port}: protocol-relative, so a browser keeps the scheme it
   * came with, as Mesos does. The host is the leader's hostname, else its IP. A TLS-only leader
   * announces its HTTPS port in MasterInfo, so a client that reached a TLS-only standby over https
   * lands on the leader's https port.
   */
  public static String base(MasterInfo leader) {
    String host =
        leader.hostname() != null && !leader.hostname().isEmpty()
            ? leader.hostname()
            : leader.address().ip();
    return "//" + host + ":" + leader.port();
  }

  /**
   * Where a request for {@code path} with the raw {@code query} (null or empty when none) goes on
   * {@code leader}: the same path and query on the leader's base.
   */
  public static String location(MasterInfo leader, String path, String query) {
    return base(leader) + path + (query == null || query.isEmpty() ? "" : "?" + query);
  }
}
