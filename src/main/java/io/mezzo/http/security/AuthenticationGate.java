package io.mezzo.http.security;

import io.mezzo.bootstrap.MezzoNode;
import io.mezzo.bootstrap.Role;
import io.mezzo.http.common.HttpResults;
import io.mezzo.security.Authentication;
import io.mezzo.security.AuthenticationFlags;
import io.mezzo.security.AuthenticationFlags.Requirement;
import io.mezzo.security.Caller;
import io.mezzo.security.Realm;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;

/**
 * The one place that lets a request in or answers 401, before every route of the node (master,
 * agent, Marathon, Chronos, {@code /q/metrics}). The request's {@link Realm} and whether it needs
 * credentials come from {@link AuthenticationFlags#decide}; the credentials themselves are checked
 * by Quarkus ({@link BasicCredentialsMechanism}, {@link CredentialsIdentityProvider}), lazily, so
 * an open route never looks at them.
 *
 * <ul>
 *   <li>open realm: passes, the caller is anonymous;
 *   <li>no Authorization header: passes as anonymous unless the realm needs credentials, then 401;
 *   <li>a header: it must be right whatever the switches say (a wrong secret is never taken as
 *       anonymous, so a client never believes it is authenticated when it is not), else 401.
 * </ul>
 *
 * Every 401 carries {@code WWW-Authenticate: Basic realm="<Mesos realm name>"} (and a Bearer
 * challenge when the node verifies tokens) and a body saying what is missing. The caller is stored
 * with {@link Callers#set} for the routes.
 */
@ApplicationScoped
public class AuthenticationGate {
  private static final Logger LOG = Logger.getLogger(AuthenticationGate.class);
  private static final String REALM = "mezzo.realm";

  private final AuthenticationFlags flags;
  private final boolean agentOnly;
  private final boolean tokens;

  public AuthenticationGate(MezzoNode node, Authentication authentication) {
    this.flags = authentication.flags();
    this.agentOnly = node.role() == Role.AGENT;
    this.tokens = authentication.tokens();
  }

  void register(@Observes Router router) {
    router.route().order(HttpResults.AUTHENTICATION_ORDER).handler(this::handle);
  }

  /** The realm the gate found for this request ({@link Realm#OPEN} if it has not run). */
  static Realm realmOf(RoutingContext rc) {
    Realm realm = rc.get(REALM);
    return realm == null ? Realm.OPEN : realm;
  }

  private void handle(RoutingContext rc) {
    Requirement requirement =
        flags.decide(agentOnly, rc.request().method().name(), rc.normalizedPath());
    Realm realm = requirement.realm();
    rc.put(REALM, realm);
    // The executor API checks its own tokens (agent-minted, not the operators' credentials or
    // JWT issuer), so the gate must not try its Bearer header as a credential of its own.
    if (realm == Realm.OPEN || realm == Realm.AGENT_EXECUTOR) {
      Callers.set(rc, Caller.ANONYMOUS);
      rc.next();
      return;
    }
    if (rc.request().getHeader(HttpHeaders.AUTHORIZATION) == null) {
      anonymous(rc, requirement);
      return;
    }
    Uni<SecurityIdentity> identity = QuarkusHttpUser.getSecurityIdentity(rc, null);
    if (identity == null) {
      // Quarkus's security filter did not run for this request: fail closed, never open.
      refuse(rc, realm, 500, "Authentication is not available on this route");
      return;
    }
    // Quarkus answers a failed lazy authentication itself, through the handler under this key,
    // with the mechanism's challenge and no body; Mezzo's refusals say why, so the gate's own
    // answer takes its place.
    BiConsumer<RoutingContext, Throwable> failed =
        (ctx, failure) -> refuse(ctx, realm, 401, "Authentication failed: " + reason(failure));
    rc.put(QuarkusHttpUser.AUTH_FAILURE_HANDLER, failed);
    identity
        .subscribe()
        .with(
            id -> {
              Caller caller = id == null || id.isAnonymous() ? null : caller(id);
              if (caller == null) {
                anonymous(rc, requirement);
              } else {
                Callers.set(rc, caller);
                rc.next();
              }
            },
            failure -> {
              LOG.debugf(
                  "refused %s %s in realm %s: %s",
                  rc.request().method(),
                  rc.normalizedPath(),
                  realm.mesosName(),
                  failure.getMessage());
              failed.accept(rc, failure);
            });
  }

  private void anonymous(RoutingContext rc, Requirement requirement) {
    if (requirement.required()) {
      refuse(
          rc,
          requirement.realm(),
          401,
          rc.request().method()
              + " "
              + rc.normalizedPath()
              + " is in realm '"
              + requirement.realm().mesosName()
              + "', which requires authentication; no credentials were given: send"
              + " 'Authorization: Basic' with a principal and secret of this node's credentials");
      return;
    }
    Callers.set(rc, Caller.ANONYMOUS);
    rc.next();
  }

  /** Basic identities carry their caller; a verified token's is its principal claim. */
  private static Caller caller(SecurityIdentity id) {
    Caller caller = id.getAttribute(CredentialsIdentityProvider.CALLER);
    if (caller != null) {
      return caller;
    }
    String name = id.getPrincipal() == null ? null : id.getPrincipal().getName();
    return name == null || name.isEmpty() ? null : Caller.of(name);
  }

  private static String reason(Throwable failure) {
    Throwable t = failure;
    while (t.getMessage() == null && t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? "credentials not accepted" : t.getMessage();
  }

  private void refuse(RoutingContext rc, Realm realm, int status, String message) {
    // A failed authentication reaches both the subscriber's failure callback and Quarkus's failure
    // handler under AUTH_FAILURE_HANDLER, in either order: the first answers, the second must not.
    if (rc.response().headWritten() || rc.response().ended()) {
      return;
    }
    if (status == 401) {
      rc.response().putHeader("WWW-Authenticate", BasicCredentialsMechanism.challenge(realm));
      if (tokens) {
        // One challenge per scheme the node takes (RFC 7235): a token client sees it may send one.
        rc.response()
            .headers()
            .add("WWW-Authenticate", "Bearer realm=\"" + realm.mesosName() + "\"");
      }
    }
    HttpResults.error(rc.response(), status, message);
  }
}
