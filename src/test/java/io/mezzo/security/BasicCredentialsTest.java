package io.mezzo.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BasicCredentialsTest {
  @Test
  void readsPrincipalAndSecretWithColonsInTheSecret() {
    BasicCredentials c = BasicCredentials.parse("Basic " + b64("ops:s3:cr:et"));

    assertThat(c.principal()).isEqualTo("ops");
    assertThat(c.secret()).isEqualTo("s3:cr:et");
    assertThat(c.toString()).doesNotContain("s3");
  }

  @Test
  void theSchemeIsCaseInsensitiveAndTheSecretMayBeEmpty() {
    assertThat(BasicCredentials.parse("basic " + b64("ops:")).secret()).isEmpty();
    assertThat(BasicCredentials.parse("BASIC  " + b64("ops:x")).principal()).isEqualTo("ops");
  }

  @Test
  void roundTripsWhatAuthenticationSends() {
    BasicCredentials c = BasicCredentials.parse(Authentication.basic("agent", "pässword"));

    assertThat(c).isEqualTo(new BasicCredentials("agent", "pässword"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Bearer abc.def | Authorization scheme 'Bearer' is not accepted here; expected 'Basic'",
        "Basic | Basic credentials have no ':'",
        "Basic !!! | Basic credentials are not valid base64",
        "Basic b3Bz | Basic credentials have no ':'",
        "Basic OnNlY3JldA== | Basic credentials name no principal",
        "Basic /w== | Basic credentials are not UTF-8",
      })
  void aHeaderItCannotTakeIsRefusedWithAReason(String header, String reason) {
    assertThatThrownBy(() -> BasicCredentials.parse(header))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(reason);
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
