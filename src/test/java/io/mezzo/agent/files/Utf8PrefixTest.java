package io.mezzo.agent.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A chunk cut inside a UTF-8 character gives back only whole characters. */
class Utf8PrefixTest {

  @Test
  void wholeTextIsKept() {
    byte[] b = "héllo ✓ 𝄞".getBytes(StandardCharsets.UTF_8);
    assertThat(Utf8Prefix.length(b, b.length)).isEqualTo(b.length);
    assertThat(Utf8Prefix.length(new byte[0], 0)).isZero();
  }

  @Test
  void anIncompleteLastCharacterIsLeftForTheNextRead() {
    byte[] b = "ab✓".getBytes(StandardCharsets.UTF_8); // ✓ is three bytes
    assertThat(Utf8Prefix.length(b, 3)).isEqualTo(2);
    assertThat(Utf8Prefix.length(b, 4)).isEqualTo(2);
    assertThat(Utf8Prefix.length(b, 5)).isEqualTo(5);
    byte[] clef = "a𝄞".getBytes(StandardCharsets.UTF_8); // four bytes
    for (int cut = 2; cut < 5; cut++) {
      assertThat(Utf8Prefix.length(clef, cut)).as("cut at %d", cut).isEqualTo(1);
    }
  }

  @Test
  void bytesThatAreNotUtf8AreNotCut() {
    byte[] stray = {'a', (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80};
    assertThat(Utf8Prefix.length(stray, stray.length)).isEqualTo(stray.length);
    byte[] latin1 = {'a', (byte) 0xFF};
    assertThat(Utf8Prefix.length(latin1, 2)).isEqualTo(2);
  }
}
