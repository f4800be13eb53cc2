package io.mezzo.http.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mezzo.security.Authentication;
import io.mezzo.security.AuthenticationFlags;
import io.mezzo.security.BasicCredentials;
import io.mezzo.security.Caller;
import io.mezzo.security.Credentials;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.PasswordCredential;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CredentialsIdentityProviderTest {
  private static final Authentication AUTH =
      new Authentication(
          new AuthenticationFlags(true, true, true, true, false),
          Credentials.parse("creds", "ops s3cret"),
          "node-secret-0123456789",
          Optional.empty());
  private final CredentialsIdentityProvider provider = new CredentialsIdentityProvider(AUTH);

  @Test
  void theRightSecretIsThePrincipalsIdentityWithItsCaller() {
    SecurityIdentity id = authenticate("ops", "s3cret");

    assertThat(id.getPrincipal().getName()).isEqualTo("ops");
    assertThat(id.isAnonymous()).isFalse();
    Caller caller = id.getAttribute(CredentialsIdentityProvider.CALLER);
    assertThat(caller).isEqualTo(Caller.of("ops"));
  }

  @Test
  void theNodeCredentialIsTheNodeItself() {
    BasicCredentials node = BasicCredentials.parse(AUTH.nodeAuthorization());

    Caller caller =
        authenticate(node.principal(), node.secret())
            .getAttribute(CredentialsIdentityProvider.CALLER);

    assertThat(caller).isEqualTo(Caller.NODE);
  }

  @Test
  void aWrongSecretOrUnknownPrincipalFailsWithoutSayingWhich() {
    for (String[] pair : new String[][] {{"ops", "nope"}, {"ghost", "s3cret"}}) {
      assertThatThrownBy(() -> authenticate(pair[0], pair[1]))
          .isInstanceOf(AuthenticationFailedException.class)
          .hasMessage("Unknown principal or wrong secret for '" + pair[0] + "'");
    }
  }

  private SecurityIdentity authenticate(String principal, String secret) {
    return provider
        .authenticate(
            new UsernamePasswordAuthenticationRequest(
                principal, new PasswordCredential(secret.toCharArray())),
            null)
        .await()
        .indefinitely();
  }
}
