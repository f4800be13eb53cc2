package io.mezzo.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CredentialsTest {
  @Test
  void jsonFileAcceptsItsPrincipalsWithTheirSecretsOnly() {
    Credentials c =
        Credentials.parse(
            "creds.json",
            "{\"credentials\":[{\"principal\":\"ops\",\"secret\":\"s1\"},"
                + "{\"principal\":\"fw\",\"secret\":\"s2\"}]}");
    assertThat(c.size()).isEqualTo(2);
    assertThat(c.verify("ops", "s1")).isTrue();
    assertThat(c.verify("fw", "s2")).isTrue();
    assertThat(c.verify("ops", "s2")).isFalse();
    assertThat(c.verify("nobody", "s1")).isFalse();
    assertThat(c.verify("ops", null)).isFalse();
  }

  @Test
  void textFileTakesOnePairPerLineSkippingBlanksAndComments() {
    Credentials c = Credentials.parse("creds", "# operators\nops s1\n\n  fw   s2  \n");
    assertThat(c.verify("ops", "s1")).isTrue();
    assertThat(c.verify("fw", "s2")).isTrue();
    assertThat(c.size()).isEqualTo(2);
  }

  @Test
  void malformedTextNamesFileAndLine() {
    assertThatThrownBy(() -> Credentials.parse("creds", "ops s1\nlonely\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("creds:2")
        .hasMessageContaining("principal secret");
  }

  @Test
  void malformedJsonNamesTheEntryAndField() {
    assertThatThrownBy(
            () -> Credentials.parse("c.json", "{\"credentials\":[{\"principal\":\"ops\"}]}"))
        .hasMessageContaining("c.json: credentials[0]")
        .hasMessageContaining("'secret'");
    assertThatThrownBy(() -> Credentials.parse("c.json", "{\"credentials\":3}"))
        .hasMessageContaining("'credentials' must be an array");
    assertThatThrownBy(() -> Credentials.parse("c.json", "{oops"))
        .hasMessageContaining("c.json: not valid JSON");
  }

  @Test
  void repeatedPrincipalAndEmptyFileAreRefused() {
    assertThatThrownBy(() -> Credentials.parse("creds", "a x\na y\n"))
        .hasMessageContaining("creds:2")
        .hasMessageContaining("'a' appears twice");
    assertThatThrownBy(() -> Credentials.parse("creds", "# nothing\n"))
        .hasMessageContaining("holds no credential");
  }

  @Test
  void singleCredentialInBothForms() {
    assertThat(Credentials.parseSingle("c", "{\"principal\":\"agent\",\"secret\":\"s\"}"))
        .isEqualTo(new Credentials.Pair("agent", "s"));
    assertThat(Credentials.parseSingle("c", "agent s\n"))
        .isEqualTo(new Credentials.Pair("agent", "s"));
    assertThatThrownBy(() -> Credentials.parseSingle("c", "agent"))
        .hasMessageContaining("c: expected 'principal secret'");
    assertThat(new Credentials.Pair("a", "secret").toString()).doesNotContain("secret=secret");
  }
}
