package io.mezzo.core.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AttributesTest {

  @Test
  void parsesTextScalarRangesAndSetInTheOrderGiven() {
    Attributes a =
        Attributes.parse("rack:a;dc:east;level:10;keys:[1000-1500];zones:{z2,z1};ver:1.5.3");
    assertThat(a.asList())
        .extracting(Attribute::name)
        .containsExactly("rack", "dc", "level", "keys", "zones", "ver");
    assertThat(a.get("rack")).contains(new AttributeValue.Text("a"));
    assertThat(a.get("level").orElseThrow().typeName()).isEqualTo("SCALAR");
    assertThat(a.get("keys").orElseThrow().typeName()).isEqualTo("RANGES");
    assertThat(a.get("zones").orElseThrow().typeName()).isEqualTo("SET");
    assertThat(a.get("ver").orElseThrow().typeName()).isEqualTo("TEXT");
    assertThat(a.get("missing")).isEmpty();
  }

  @ParameterizedTest(name = "{0} round-trips as {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "rack:a;dc:east;level:10;keys:[1000-1500]|rack:a;dc:east;level:10;keys:[1000-1500]",
        "zone:{b,a};rack:a|zone:{a,b};rack:a",
        "level:1.50; os:linux/x86_64 |level:1.5;os:linux/x86_64",
        "level:-5|level:-5",
      })
  void toStringRoundTrips(String text, String printed) {
    Attributes a = Attributes.parse(text);
    assertThat(a).hasToString(printed);
    assertThat(Attributes.parse(a.toString())).isEqualTo(a);
  }

  @ParameterizedTest(name = "{0} is rejected")
  @CsvSource(
      delimiter = '|',
      value = {
        "rack|'rack'",
        "rack:a b|'rack:a b'",
        "keys:[2-1]|begin > end",
        ":a|must not be empty",
        "r:a*|contains '*'"
      })
  void rejectsMalformedAttributesNamingTheEntry(String text, String fragment) {
    assertThatThrownBy(() -> Attributes.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(fragment);
  }

  @Test
  void emptyTextHasNoAttributes() {
    assertThat(Attributes.parse("").isEmpty()).isTrue();
  }
}
