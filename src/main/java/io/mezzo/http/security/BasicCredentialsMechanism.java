package io.mezzo.http.security;

import io.mezzo.security.BasicCredentials;
import io.mezzo.security.Realm;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.PasswordCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * HTTP Basic (RFC 7617) as Mesos's HTTP authenticator speaks it, on Quarkus's security stack: the
 * {@code Authorization: Basic base64(principal:secret)} header becomes a {@link
 * UsernamePasswordAuthenticationRequest} for {@link CredentialsIdentityProvider}. Without an
 * Authorization header the caller is anonymous (null identity), and {@link AuthenticationGate}
 * decides whether the route lets anonymous callers in. A header this node cannot take (another
 * scheme, bad base64, no colon) fails with a reason rather than being passed over, so a client that
 * believes it authenticated learns that it did not.
 *
 * <p>Quarkus runs this lazily ({@code quarkus.http.auth.proactive=false}): only the gate asks for
 * the identity, and only on routes that are not open, so health probes never see a 401.
 */
@ApplicationScoped
public class BasicCredentialsMechanism implements HttpAuthenticationMechanism {
  @Override
  public Uni<SecurityIdentity> authenticate(
      RoutingContext rc, IdentityProviderManager identityProviderManager) {
    String header = rc.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null) {
      return Uni.createFrom().nullItem();
    }
    BasicCredentials credentials;
    try {
      credentials = BasicCredentials.parse(header);
    } catch (IllegalArgumentException e) {
      return Uni.createFrom().failure(new AuthenticationFailedException(e.getMessage()));
    }
    AuthenticationRequest request =
        new UsernamePasswordAuthenticationRequest(
            credentials.principal(), new PasswordCredential(credentials.secret().toCharArray()));
    return identityProviderManager.authenticate(
        HttpSecurityUtils.setRoutingContextAttribute(request, rc));
  }

  @Override
  public Uni<ChallengeData> getChallenge(RoutingContext rc) {
    return Uni.createFrom()
        .item(
            new ChallengeData(401, "WWW-Authenticate", challenge(AuthenticationGate.realmOf(rc))));
  }

  @Override
  public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
    return Set.of(UsernamePasswordAuthenticationRequest.class);
  }

  @Override
  public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext rc) {
    return Uni.createFrom()
        .item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, "basic"));
  }

  /** The {@code WWW-Authenticate} value for {@code realm}, with Mesos's realm name. */
  static String challenge(Realm realm) {
    return "Basic realm=\"" + realm.mesosName() + "\"";
  }
}
