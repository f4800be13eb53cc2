package io.mezzo.http.security;

import io.mezzo.security.Authentication;
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
  private final Authentication authentication;

  public BasicCredentialsMechanism(Authentication authentication) {
    this.authentication = authentication;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      RoutingContext rc, IdentityProviderManager identityProviderManager) {
    String header = rc.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null) {
      return Uni.createFrom().nullItem();
    }
    if (BasicCredentials.isBearer(header)) {
      if (authentication.tokens()) {
        return Uni.createFrom().nullItem(); // SmallRye JWT's mechanism verifies it
      }
      return Uni.createFrom()
          .failure(
              new AuthenticationFailedException(
                  "Bearer tokens are not accepted: this node has no token key"
                      + " (mp.jwt.verify.publickey.location); send 'Authorization: Basic'"));
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

  /**
   * Before SmallRye JWT's mechanism, so a Bearer header on a node without a token key gets this
   * mechanism's reason rather than the token library's.
   */
  @Override
  public int getPriority() {
    return DEFAULT_PRIORITY + 100;
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
