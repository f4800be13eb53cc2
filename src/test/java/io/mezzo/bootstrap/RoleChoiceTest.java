package io.mezzo.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoleChoiceTest {
  @ParameterizedTest(name = "profiles {0}, mezzo.role {1} -> {2}")
  @CsvSource({
    "prod, standalone, STANDALONE",
    "standalone;prod, standalone, STANDALONE",
    "master;prod, master, MASTER",
    "prod;master, master, MASTER",
    "agent, agent, AGENT",
    "test, agent, AGENT",
    "dev, Master, MASTER",
  })
  void roleProfilesAndQuarkusProfilesAreAccepted(String profiles, String role, Role expected) {
    assertThat(RoleChoice.choose(List.of(profiles.split(";")), role)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "profiles {0}, mezzo.role {1}")
  @CsvSource({
    "mastr, standalone, quarkus.profile=mastr: unknown profile 'mastr'; expected one of standalone,"
        + " master, agent",
    "prod;staging, standalone, quarkus.profile=prod,staging: unknown profile 'staging'",
    "master;agent, master, quarkus.profile=master,agent: names more than one role",
    "prod, mastr, mezzo.role=mastr: unknown role; expected one of standalone, master, agent",
    "master, agent, mezzo.role=agent: contradicts quarkus.profile=master; expected master",
  })
  void unknownOrContradictoryChoicesAreRefusedNamingTheKey(
      String profiles, String role, String message) {
    assertThatThrownBy(() -> RoleChoice.choose(List.of(profiles.split(";")), role))
        .isInstanceOf(StartupRefusal.class)
        .hasMessageStartingWith(message);
  }
}
