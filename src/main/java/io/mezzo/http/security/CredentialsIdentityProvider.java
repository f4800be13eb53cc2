package io.mezzo.http.security;

import io.mezzo.security.Authentication;
import io.mezzo.security.Caller;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Quarkus's identity provider for a principal and secret (from {@link BasicCredentialsMechanism}),
 * backed by the node's {@link Authentication}: Mesos's credentials file plus the node's own
 * in-process credential. The identity carries the {@link Caller} as the attribute {@value #CALLER}.
 * The check is an in-memory constant-time comparison, so it runs on the calling thread without
 * blocking.
 */
@ApplicationScoped
public class CredentialsIdentityProvider
    implements IdentityProvider<UsernamePasswordAuthenticationRequest> {
  /** The identity attribute holding the {@link Caller}. */
  static final String CALLER = "mezzo.caller";

  private final Authentication authentication;

  public CredentialsIdentityProvider(Authentication authentication) {
    this.authentication = authentication;
  }

  @Override
  public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
    return UsernamePasswordAuthenticationRequest.class;
  }

  /**
   * @return the identity, or a failure with {@link AuthenticationFailedException} whose message
   *     says the principal or secret is wrong (never which of the two)
   */
  @Override
  public Uni<SecurityIdentity> authenticate(
      UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
    String principal = request.getUsername();
    String secret = new String(request.getPassword().getPassword());
    Optional<Caller> caller = authentication.verify(principal, secret);
    if (caller.isEmpty()) {
      return Uni.createFrom()
          .failure(
              new AuthenticationFailedException(
                  "Unknown principal or wrong secret for '" + principal + "'"));
    }
    return Uni.createFrom()
        .item(
            QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(principal))
                .addAttribute(CALLER, caller.get())
                .build());
  }
}
