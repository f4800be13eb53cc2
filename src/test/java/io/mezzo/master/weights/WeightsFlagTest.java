package io.mezzo.master.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Mesos's {@code --weights} form as {@code mezzo.master.weights} takes it. */
class WeightsFlagTest {

  @Test
  void rolesAndWeightsSeparatedByCommas() {
    assertThat(WeightsFlag.parse("role1=2,role2=3.5"))
        .isEqualTo(Map.of("role1", 2.0, "role2", 3.5));
    assertThat(WeightsFlag.parse(" eng/web = 1.5 , ops=1 "))
        .isEqualTo(Map.of("eng/web", 1.5, "ops", 1.0));
    assertThat(WeightsFlag.parse("")).isEmpty();
    assertThat(WeightsFlag.parse("  ")).isEmpty();
  }

  @Test
  void eachBadEntryIsNamed() {
    assertThatThrownBy(() -> WeightsFlag.parse("eng"))
        .hasMessageContaining("'eng' is not role=weight");
    assertThatThrownBy(() -> WeightsFlag.parse("eng=2,,ops=1"))
        .hasMessageContaining("'' is not role=weight");
    assertThatThrownBy(() -> WeightsFlag.parse("eng=two"))
        .hasMessageContaining("weight 'two' of role 'eng' is not a number");
    assertThatThrownBy(() -> WeightsFlag.parse("eng=-1"))
        .hasMessage("invalid weight -1.0 for role 'eng': weights must be positive");
    assertThatThrownBy(() -> WeightsFlag.parse("eng=NaN")).hasMessageContaining("invalid weight");
    assertThatThrownBy(() -> WeightsFlag.parse("eng//a=2")).hasMessageContaining("invalid role");
    assertThatThrownBy(() -> WeightsFlag.parse("eng=2,eng=3"))
        .hasMessageContaining("role 'eng' is given twice");
    assertThatThrownBy(() -> WeightsFlag.parse("=2")).hasMessageContaining("is not role=weight");
  }
}
