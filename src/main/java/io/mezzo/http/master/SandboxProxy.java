package io.mezzo.http.master;

import io.mezzo.config.MasterSettings;
import io.mezzo.config.TlsSettings;
import io.mezzo.core.net.ClientTls;
import io.mezzo.http.common.HttpResults;
import io.mezzo.master.operator.SandboxOwner;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.security.Authentication;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * How a master-only node reaches the agent holding a sandbox, for {@code /files/*} and the operator
 * API's LIST_FILES and READ_FILE: one {@link AgentHttpClient} bounded by {@code
 * mezzo.master.sandbox-proxy-timeout}, why a request cannot be sent, and how a failed one is
 * answered.
 */
@ApplicationScoped
public class SandboxProxy {
  private final Vertx vertx;
  private final MasterSettings settings;
  private final Authentication authentication;
  private final TlsSettings tls;
  private volatile AgentHttpClient client;

  public SandboxProxy(
      Vertx vertx, MasterSettings settings, Authentication authentication, TlsSettings tls) {
    this.vertx = vertx;
    this.settings = settings;
    this.authentication = authentication;
    this.tls = tls;
  }

  /** The client, made on first use so nodes that never proxy open no connection pool. */
  AgentHttpClient client() {
    AgentHttpClient c = client;
    if (c == null) {
      synchronized (this) {
        if (client == null) {
          client =
              new AgentHttpClient(
                  vertx,
                  AgentGuards.Policy.of(settings.sandboxProxyTimeout()),
                  authentication.clientAuthorization(),
                  ClientTls.of(tls.caCerts().orElse(List.of()), tls.cert(), tls.key()));
        }
        c = client;
      }
    }
    return c;
  }

  /** Answers a proxied request that failed, or cuts it off if the agent's answer had begun. */
  static void failed(RoutingContext rc, Throwable e) {
    int status = e instanceof AgentHttpClient.ProxyException p ? p.status() : 502;
    if (!rc.response().headWritten()) {
      HttpResults.error(rc.response(), status, e.getMessage());
    } else {
      rc.response().reset();
    }
  }

  /** Why a proxied sandbox request cannot be sent, or null. */
  static String problem(Optional<SandboxOwner.Owner> owner, String path, String agentId) {
    if (owner.isEmpty()) {
      return agentId != null
          ? "Agent " + agentId + " is not known to this master"
          : "No agent known to hold '" + path + "'; add agent_id=<agent id> to the request";
    }
    SandboxOwner.Owner o = owner.get();
    if (o.state() == AgentEntry.State.UNREACHABLE || o.state() == AgentEntry.State.GONE) {
      return "Agent "
          + o.agentId()
          + " is "
          + o.state().name().toLowerCase()
          + "; its sandboxes cannot be read now";
    }
    if (o.endpoint() == null) {
      return "Agent " + o.agentId() + " advertised no HTTP endpoint";
    }
    return null;
  }
}
