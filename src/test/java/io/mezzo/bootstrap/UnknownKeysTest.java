package io.mezzo.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.testing.MezzoConfigKeys;
import org.junit.jupiter.api.Test;

class UnknownKeysTest {
  @Test
  void knowsEveryKeyOfEveryMappingInTheConfigPackage() {
    assertThat(UnknownKeys.known()).isEqualTo(MezzoConfigKeys.mappedKeys());
  }

  @Test
  void aTypoedKeyIsRestatedWithItsValueAndTheKeyItMeant() {
    assertThat(UnknownKeys.describe("mezzo.agent.resorces", "gpus:1"))
        .isEqualTo(
            "mezzo.agent.resorces=gpus:1: unknown key, its value would be ignored; did you mean"
                + " mezzo.agent.resources?");
  }

  @Test
  void aKeyLikeNoneIsPointedToTheTable() {
    assertThat(UnknownKeys.describe("mezzo.frobnicate", null))
        .isEqualTo(
            "mezzo.frobnicate: unknown key, its value would be ignored; expected one of the keys"
                + " in README's Configuration table");
  }
}
