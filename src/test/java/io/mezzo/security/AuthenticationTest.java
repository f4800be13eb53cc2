package io.mezzo.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthenticationTest {
  private static final String NODE_SECRET = "0123456789abcdef0123";
  private static final Credentials OPS = Credentials.parse("creds", "ops s3cret\nagent a9ent");
  private static final AuthenticationFlags ALL =
      new AuthenticationFlags(true, true, true, true, true);

  @Test
  void aPrincipalOfTheFileIsThatCallerAndTheNodeCredentialIsTheNode() {
    Authentication a = new Authentication(ALL, OPS, NODE_SECRET, Optional.empty());

    assertThat(a.verify("ops", "s3cret")).contains(Caller.of("ops"));
    assertThat(a.verify("ops", "wrong")).isEmpty();
    assertThat(a.verify("nobody", "s3cret")).isEmpty();
    assertThat(a.verify(Authentication.NODE_PRINCIPAL, NODE_SECRET)).contains(Caller.NODE);
    assertThat(a.verify(Authentication.NODE_PRINCIPAL, "guess")).isEmpty();
  }

  @Test
  void theNodeHeaderIsBasicForTheNodePrincipal() {
    Authentication a = Authentication.off(NODE_SECRET);
    BasicCredentials sent = BasicCredentials.parse(a.nodeAuthorization());

    assertThat(a.verify(sent.principal(), sent.secret())).contains(Caller.NODE);
    assertThat(a.clientAuthorization()).isEmpty();
  }

  @Test
  void theClientCredentialIsSentAsBasic() {
    Authentication a =
        new Authentication(
            AuthenticationFlags.OFF,
            Credentials.none(),
            NODE_SECRET,
            Optional.of(new Credentials.Pair("agent", "a9ent")));

    assertThat(a.clientAuthorization()).contains(Authentication.basic("agent", "a9ent"));
    assertThat(a.clientPrincipal()).contains("agent");
  }

  @Test
  void aSwitchOnWithNobodyToAuthenticateIsRefusedNamingIt() {
    AuthenticationFlags agents = new AuthenticationFlags(false, true, false, false, false);

    assertThatThrownBy(
            () -> new Authentication(agents, Credentials.none(), NODE_SECRET, Optional.empty()))
        .hasMessageStartingWith(
            "mezzo.security.authenticate-agents is on but neither mezzo.security.credentials nor a"
                + " token key");
    assertThatThrownBy(
            () ->
                new Authentication(
                    new AuthenticationFlags(false, false, false, false, true),
                    Credentials.none(),
                    NODE_SECRET,
                    Optional.empty()))
        .hasMessageStartingWith("mezzo.security.authenticate-metrics is on");
  }

  @Test
  void theReservedNodePrincipalCannotBeInTheFile() {
    Credentials taken = Credentials.parse("creds", Authentication.NODE_PRINCIPAL + " x");

    assertThatThrownBy(
            () -> new Authentication(AuthenticationFlags.OFF, taken, NODE_SECRET, Optional.empty()))
        .hasMessageContaining("is reserved for the node itself");
  }

  @Test
  void aShortNodeSecretIsRefused() {
    assertThatThrownBy(() -> Authentication.off("short")).hasMessageContaining("at least 16");
  }
}
