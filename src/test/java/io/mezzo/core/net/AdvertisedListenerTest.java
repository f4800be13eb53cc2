package io.mezzo.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AdvertisedListenerTest {

  @ParameterizedTest(name = "https={0} insecure={1} -> {2}:{3}")
  @CsvSource(
      nullValues = "null",
      value = {
        "false, null,     http,  5050",
        "false, disabled, http,  5050",
        "true,  null,     http,  5050",
        "true,  enabled,  http,  5050",
        "true,  redirect, https, 5443",
        "true,  disabled, https, 5443",
        "true,  DISABLED, https, 5443",
      })
  void advertisesTheSslPortOnlyWhenPlainHttpIsNotAnEqualAlternative(
      boolean https, String insecure, String scheme, int port) {
    assertThat(AdvertisedListener.decide(https, 5050, 5443, insecure))
        .isEqualTo(new AdvertisedListener(scheme, port));
  }

  @Test
  void anUnknownInsecureRequestsModeIsRefusedByName() {
    assertThatThrownBy(() -> AdvertisedListener.decide(true, 5050, 5443, "sometimes"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("quarkus.http.insecure-requests=sometimes");
  }

  @Test
  void baseUrlCarriesTheScheme() {
    assertThat(new AdvertisedListener("https", 5443).baseUrl("m1")).isEqualTo("https://m1:5443");
    assertThat(new AdvertisedListener("https", 5443).tls()).isTrue();
  }

  @Test
  void httpsIsOnWithACertificateInAnyOfTheWaysQuarkusTakesOne() {
    assertThat(AdvertisedListener.httpsConfigured(Map.of("quarkus.http.port", "5050"))).isFalse();
    assertThat(
            AdvertisedListener.httpsConfigured(
                Map.of("quarkus.http.ssl.certificate.files", "server.pem")))
        .isTrue();
    assertThat(
            AdvertisedListener.httpsConfigured(
                Map.of("quarkus.http.ssl.certificate.key-store-file", "server.p12")))
        .isTrue();
    assertThat(
            AdvertisedListener.httpsConfigured(
                Map.of("quarkus.tls.key-store.pem.0.cert", "server.pem")))
        .isTrue();
    // A named configuration counts only if the HTTP server uses it.
    assertThat(
            AdvertisedListener.httpsConfigured(
                Map.of("quarkus.tls.mezzo-client.key-store.pem.0.cert", "client.pem")))
        .isFalse();
    assertThat(
            AdvertisedListener.httpsConfigured(
                Map.of(
                    "quarkus.tls.web.key-store.p12.path", "server.p12",
                    "quarkus.http.tls-configuration-name", "web")))
        .isTrue();
  }
}
