package io.mezzo.core.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mezzo.core.resources.ResourceValue.Items;
import io.mezzo.core.resources.ResourceValue.Ranges;
import io.mezzo.core.resources.ResourceValue.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResourceValueTest {

  @ParameterizedTest(name = "{0} → {1} millis, printed {2}")
  @CsvSource({
    "2.5,2500,2.5",
    "0.01,10,0.01",
    "0.1,100,0.1",
    "4,4000,4",
    "0.0005,1,0.001",
    "0.0004,0,0",
    "123.456,123456,123.456"
  })
  void scalarsAreFixedPointWithThreeDecimals(double value, long millis, String printed) {
    assertThat(Scalar.of(value).millis()).isEqualTo(millis);
    assertThat(Scalar.of(value)).hasToString(printed);
  }

  @Test
  void scalarArithmeticIsExact() {
    // 0.1 + 0.2 is not 0.3 in binary floating point, but it is in thousandths.
    assertThat(Scalar.of(0.1).add(Scalar.of(0.2))).isEqualTo(Scalar.of(0.3));
    assertThat(Scalar.of(0.3).subtract(Scalar.of(0.1))).isEqualTo(Scalar.of(0.2));
  }

  @ParameterizedTest
  @ValueSource(
      doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.5, 1e300})
  void scalarFactoryRejectsNonFiniteNegativeAndHugeValues(double value) {
    assertThatThrownBy(() -> Scalar.of(value)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void subtractingMoreThanAScalarHoldsThrows() {
    assertThatThrownBy(() -> Scalar.of(1).subtract(Scalar.of(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not contained");
  }

  @Test
  void mixingTypesIsRejectedForArithmeticAndFalseForContains() {
    assertThatThrownBy(() -> Scalar.of(1).add(Items.of("a"))).hasMessageContaining("SET");
    assertThatThrownBy(() -> Ranges.of(new Range(1, 2)).subtract(Scalar.of(1)))
        .hasMessageContaining("SCALAR");
    assertThat(Scalar.of(1).contains(Ranges.empty())).isFalse();
  }

  @ParameterizedTest(name = "{0} + {1} = {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "[1-5]|[6-10]|[1-10]",
        "[1-5]|[7-10]|[1-5,7-10]",
        "[1-5,20-30]|[3-25]|[1-30]",
        "[10-20]|[1-2,30-40]|[1-2,10-20,30-40]",
        "[1-5]|[]|[1-5]",
        "[0-0]|[1-1]|[0-1]",
      })
  void addingRangesMergesOverlappingAndAdjacentOnes(String a, String b, String sum) {
    assertThat(ResourceSyntax.parseValue(a).add(ResourceSyntax.parseValue(b))).hasToString(sum);
  }

  @ParameterizedTest(name = "{0} - {1} = {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "[1-10]|[3-4]|[1-2,5-10]",
        "[1-10]|[1-10]|[]",
        "[1-10,20-30]|[1-1,10-10,20-25]|[2-9,26-30]",
        "[31000-32000]|[31000-31000,32000-32000]|[31001-31999]",
        "[1-10]|[]|[1-10]",
      })
  void subtractingRangesSplitsThem(String a, String b, String rest) {
    assertThat(ResourceSyntax.parseValue(a).subtract(ResourceSyntax.parseValue(b)))
        .hasToString(rest);
  }

  @Test
  void subtractingRangesNotContainedThrows() {
    assertThatThrownBy(
            () -> ResourceSyntax.parseValue("[1-10]").subtract(ResourceSyntax.parseValue("[5-11]")))
        .hasMessageContaining("not contained");
  }

  @Test
  void setsAddAndSubtractAsSets() {
    assertThat(Items.of("a").add(Items.of("b", "a"))).hasToString("{a,b}");
    assertThat(Items.of("a", "b").subtract(Items.of("a"))).hasToString("{b}");
    assertThat(Items.of("a", "b").contains(Items.of("b"))).isTrue();
    assertThat(Items.of().isEmpty()).isTrue();
  }
}
