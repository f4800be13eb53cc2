package io.mezzo.master.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.security.Caller;
import org.junit.jupiter.api.Test;

class FrameworkPrincipalsTest {
  private static final Caller ALICE = Caller.of("alice");

  static FrameworkInfo named(String principal) {
    return FrameworkInfo.builder().user("u").name("n").principal(principal).build();
  }

  @Test
  void anAuthenticatedCallerMayNameOnlyItself() {
    assertThat(FrameworkPrincipals.subscribeMismatch(ALICE, named("bob")))
        .contains(
            "Authenticated principal 'alice' does not match principal 'bob' set in FrameworkInfo");
    assertThat(FrameworkPrincipals.subscribeMismatch(ALICE, named("alice"))).isEmpty();
    assertThat(FrameworkPrincipals.subscribeMismatch(ALICE, named(null))).isEmpty();
  }

  @Test
  void withoutAuthenticationAFrameworkNamesWhomItLikes() {
    assertThat(FrameworkPrincipals.subscribeMismatch(Caller.ANONYMOUS, named("bob"))).isEmpty();
    assertThat(FrameworkPrincipals.subscribeMismatch(Caller.NODE, named("bob"))).isEmpty();
    assertThat(FrameworkPrincipals.bind(Caller.ANONYMOUS, named(null)).principal()).isNull();
    assertThat(FrameworkPrincipals.callMismatch(Caller.ANONYMOUS, "bob")).isEmpty();
    assertThat(FrameworkPrincipals.takeoverRefusal(Caller.NODE, "bob")).isEmpty();
  }

  @Test
  void anUnnamedPrincipalIsFilledWithTheAuthenticatedOne() {
    assertThat(FrameworkPrincipals.bind(ALICE, named(null)).principal()).isEqualTo("alice");
    assertThat(FrameworkPrincipals.bind(ALICE, named("alice")).principal()).isEqualTo("alice");
  }

  @Test
  void onlyTheRegisteringPrincipalMayFailOverOrCall() {
    assertThat(FrameworkPrincipals.takeoverRefusal(ALICE, "alice")).isEmpty();
    assertThat(FrameworkPrincipals.takeoverRefusal(ALICE, "bob"))
        .hasValueSatisfying(m -> assertThat(m).startsWith("Changing framework's principal"));
    // A framework registered without a principal (authentication was off) is not up for grabs.
    assertThat(FrameworkPrincipals.takeoverRefusal(ALICE, null)).isPresent();
    assertThat(FrameworkPrincipals.callMismatch(ALICE, "bob"))
        .contains(
            "Authenticated principal 'alice' does not match principal 'bob' set in FrameworkInfo");
    assertThat(FrameworkPrincipals.callMismatch(ALICE, null))
        .contains(
            "Authenticated principal 'alice' does not match principal '' set in FrameworkInfo");
    assertThat(FrameworkPrincipals.callMismatch(ALICE, "alice")).isEmpty();
  }

  @Test
  void theAuthorizationSubjectIsTheCallerElseTheNamedPrincipal() {
    assertThat(FrameworkPrincipals.subject(ALICE, named("x"))).isEqualTo(ALICE);
    // The built-in frameworks are asked about under the principal they name, as Marathon is.
    assertThat(FrameworkPrincipals.subject(Caller.NODE, named("marathon")))
        .isEqualTo(Caller.of("marathon"));
    assertThat(FrameworkPrincipals.subject(Caller.NODE, named(null))).isEqualTo(Caller.NODE);
    assertThat(FrameworkPrincipals.subject(Caller.ANONYMOUS, named("x"))).isEqualTo(Caller.of("x"));
    assertThat(FrameworkPrincipals.subject(Caller.ANONYMOUS, named(null)))
        .isEqualTo(Caller.ANONYMOUS);
  }
}
