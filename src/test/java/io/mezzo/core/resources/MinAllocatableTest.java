package io.mezzo.core.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MinAllocatableTest {

  @ParameterizedTest(name = "{0} satisfied by {1}: {2}")
  @CsvSource(
      delimiter = '#',
      value = {
        "cpus:0.01|mem:32 # cpus:0.01 # true",
        "cpus:0.01|mem:32 # cpus:0.009 # false",
        "cpus:0.01|mem:32 # cpus:0.009;mem:32 # true",
        "cpus:0.01|mem:32 # disk:100;ports:[1-100] # false",
        "cpus:0.01|mem:32 # cpus(eng):0.005;cpus:0.005 # true",
        "cpus:1;mem:64 # cpus:1;mem:63 # false",
        "cpus:1;mem:64 # cpus:1;mem:64 # true",
        "cpus:1;mem:64|disk:0 # '' # true",
      })
  void anyAlternativeWhoseQuantitiesAreAllMetSatisfiesIt(
      String min, String offer, boolean expected) {
    assertThat(MinAllocatable.parse(min).isSatisfiedBy(Resources.parse(offer))).isEqualTo(expected);
  }

  @Test
  void defaultsAreMesosDefaults() {
    assertThat(MinAllocatable.defaults()).isEqualTo(MinAllocatable.parse("cpus:0.01|mem:32"));
    assertThat(MinAllocatable.defaults()).hasToString("cpus:0.01|mem:32");
    assertThat(MinAllocatable.defaults().isSatisfiedBy(Resources.parse("mem:31"))).isFalse();
  }

  @Test
  void noneIsAlwaysSatisfied() {
    assertThat(MinAllocatable.none().isSatisfiedBy(Resources.empty())).isTrue();
    assertThat(MinAllocatable.parse("")).isEqualTo(MinAllocatable.none());
  }

  @Test
  void rejectsNonScalarOrMalformedQuantities() {
    assertThatThrownBy(() -> MinAllocatable.parse("ports:[1-2]"))
        .hasMessageContaining("ports:[1-2]");
    assertThatThrownBy(() -> MinAllocatable.parse("cpus:-1")).hasMessageContaining("cpus:-1");
    assertThatThrownBy(() -> MinAllocatable.parse("cpus:1||mem:2"))
        .hasMessageContaining("empty alternative");
    assertThatThrownBy(() -> MinAllocatable.parse("cpus")).hasMessageContaining("'cpus'");
  }
}
