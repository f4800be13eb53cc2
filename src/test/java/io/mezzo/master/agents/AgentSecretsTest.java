package io.mezzo.master.agents;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class AgentSecretsTest {
  @Test
  void secretsAreFreshUrlSafeAndOnlyTheirHashIsKept() {
    Supplier<String> secrets = AgentSecrets.from(new SplittableRandom(1));
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      String s = secrets.get();
      assertThat(s).matches("[A-Za-z0-9_-]{43}");
      assertThat(seen.add(s)).isTrue();
      assertThat(AgentSecrets.hash(s)).hasSize(64).doesNotContain(s);
    }
  }

  @Test
  void onlyTheHolderOfTheSecretMaySpeakForTheId() {
    String hash = AgentSecrets.hash("right");
    assertThat(AgentSecrets.refusal("m-S0", hash, "right")).isEmpty();
    assertThat(AgentSecrets.refusal("m-S0", hash, "wrong"))
        .hasValueSatisfying(r -> assertThat(r).contains("does not match agent m-S0"));
    assertThat(AgentSecrets.refusal("m-S0", hash, null))
        .hasValueSatisfying(r -> assertThat(r).contains("must present its link secret"));
    assertThat(AgentSecrets.refusal("m-S0", hash, ""))
        .hasValueSatisfying(r -> assertThat(r).contains("must present its link secret"));
  }

  @Test
  void anAgentAdmittedBeforeLinkSecretsIsAcceptedUntilItGetsOne() {
    assertThat(AgentSecrets.refusal("m-S0", null, null)).isEmpty();
    assertThat(AgentSecrets.refusal("m-S0", null, "anything")).isEmpty();
  }
}
