package io.mezzo.api.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "10.0.0.255",
        "0.0.0.0",
        "::1",
        "fd00::9",
        "[fd00::9]",
        "::ffff:10.0.0.1"
      })
  void literalsAreRecognisedWithoutALookup(String host) {
    assertThat(IpAddresses.isLiteral(host)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"localhost", "agent1.example", "10.0.0", "256.1.1.1", "1.2.3.4.5", "", "a:b:g"})
  void namesAndMalformedAddressesAreNotLiterals(String host) {
    assertThat(IpAddresses.isLiteral(host)).isFalse();
  }

  @Test
  void nullIsNotALiteral() {
    assertThat(IpAddresses.isLiteral(null)).isFalse();
  }

  @Test
  void theHostOfAUrlLosesItsIpv6Brackets() {
    assertThat(IpAddresses.hostOf("http://[fd00::9]:5051")).isEqualTo("fd00::9");
    assertThat(IpAddresses.hostOf("http://agent1:5051/x")).isEqualTo("agent1");
    assertThat(IpAddresses.hostOf(null)).isNull();
    assertThat(IpAddresses.hostOf("http://bad host")).isNull();
  }
}
