package io.mezzo.master.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RoleNamesTest {
  @ParameterizedTest
  @ValueSource(strings = {"*", "eng", "eng/frontend", "a.b", "team-1"})
  void validRoles(String role) {
    assertThat(RoleNames.problem(role)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "/eng", "eng/", "a//b", "a/./b", "..", "eng/*", "-eng", "a b", "tab\there"})
  void invalidRolesSayWhy(String role) {
    assertThat(RoleNames.problem(role)).isPresent();
  }
}
