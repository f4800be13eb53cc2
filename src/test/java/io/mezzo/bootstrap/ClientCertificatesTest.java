package io.mezzo.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.http.ClientAuth;
import org.junit.jupiter.api.Test;

class ClientCertificatesTest {
  @Test
  void takesMesosLikeNamesInAnyCase() {
    assertThat(ClientCertificates.parse("none")).isEqualTo(ClientAuth.NONE);
    assertThat(ClientCertificates.parse("Request")).isEqualTo(ClientAuth.REQUEST);
    assertThat(ClientCertificates.parse(" REQUIRED ")).isEqualTo(ClientAuth.REQUIRED);
  }

  @Test
  void anythingElseIsRefusedNamingTheSetting() {
    assertThatThrownBy(() -> ClientCertificates.parse("yes"))
        .hasMessage("mezzo.tls.client-auth=yes: expected none, request or required");
  }
}
