package io.mezzo.security.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RateLimitsTest {
  @Test
  void mesosDocumentedExampleParses() {
    RateLimits limits =
        RateLimits.parse(
            "rate_limits",
            """
            {"limits": [{"principal": "foo", "qps": 55.5, "capacity": 100000},
                        {"principal": "bar", "qps": 300},
                        {"principal": "baz"}],
             "aggregate_default_qps": 333, "aggregate_default_capacity": 1000000}
            """);
    assertThat(limits.limitFor("foo"))
        .contains(new RateLimits.Limit("foo", OptionalDouble.of(55.5), OptionalLong.of(100000)));
    assertThat(limits.limitFor("bar"))
        .contains(new RateLimits.Limit("bar", OptionalDouble.of(300), OptionalLong.empty()));
    assertThat(limits.limitFor("baz"))
        .contains(new RateLimits.Limit("baz", OptionalDouble.empty(), OptionalLong.empty()));
    assertThat(limits.limitFor("qux")).isEmpty();
    assertThat(limits.limitFor(null)).isEmpty();
    assertThat(limits.limits()).hasSize(3);
    assertThat(limits.aggregateDefaultQps()).hasValue(333);
    assertThat(limits.aggregateDefaultCapacity()).hasValue(1000000);
  }

  @Test
  void emptyObjectAndNoneLimitNobody() {
    for (RateLimits limits : new RateLimits[] {RateLimits.parse("f", "{}"), RateLimits.none()}) {
      assertThat(limits.limits()).isEmpty();
      assertThat(limits.aggregateDefaultQps()).isEmpty();
      assertThat(limits.aggregateDefaultCapacity()).isEmpty();
    }
  }

  @Test
  void capacityMayBeQuotedAsProtobufJsonWritesUint64() {
    RateLimits limits =
        RateLimits.parse("f", "{\"limits\":[{\"principal\":\"a\",\"qps\":1,\"capacity\":\"7\"}]}");
    assertThat(limits.limitFor("a").orElseThrow().capacity()).hasValue(7);
  }

  @Test
  void burstIsCapacityElseOneSecondOfCalls() {
    assertThat(RateLimits.burst(10, OptionalLong.of(3))).isEqualTo(3);
    assertThat(RateLimits.burst(10, OptionalLong.empty())).isEqualTo(10);
    assertThat(RateLimits.burst(2.5, OptionalLong.empty())).isEqualTo(3);
    assertThat(RateLimits.burst(0.1, OptionalLong.empty())).isEqualTo(1);
  }

  @Test
  void ratesPrintAsPeopleWriteThem() {
    assertThat(RateLimits.format(10.0)).isEqualTo("10");
    assertThat(RateLimits.format(55.5)).isEqualTo("55.5");
    assertThat(RateLimits.format(0.25)).isEqualTo("0.25");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "not JSON                    | {\"limits\": [                                   | not valid JSON",
        "empty text                  | `   `                                            | is empty",
        "not an object               | []                                               | must be a JSON object",
        "trailing value              | {} {}                                            | not valid JSON: something follows the first JSON value",
        "unknown top-level field     | {\"limit\": []}                                  | unknown field 'limit'",
        "duplicate key               | {\"limits\": [], \"limits\": []}                 | Duplicate field 'limits'",
        "limits not an array         | {\"limits\": {}}                                 | 'limits' must be an array",
        "entry not an object         | {\"limits\": [\"foo\"]}                          | limits[0] must be an object",
        "unknown entry field         | {\"limits\": [{\"principal\": \"a\", \"qsp\": 1}]} | unknown field 'limits[0].qsp'",
        "principal missing           | {\"limits\": [{\"qps\": 1}]}                     | limits[0].principal must be a non-empty string",
        "principal empty             | {\"limits\": [{\"principal\": \"\"}]}            | limits[0].principal must be a non-empty string",
        "principal not a string      | {\"limits\": [{\"principal\": 7}]}               | limits[0].principal must be a non-empty string",
        "principal twice             | {\"limits\": [{\"principal\": \"a\"}, {\"principal\": \"b\"}, {\"principal\": \"a\"}]} | limits[2].principal: 'a' is listed twice (first at limits[0])",
        "negative qps                | {\"limits\": [{\"principal\": \"a\", \"qps\": -1}]} | limits[0].qps must be a positive number, found -1",
        "zero qps                    | {\"limits\": [{\"principal\": \"a\", \"qps\": 0}]} | limits[0].qps must be a positive number, found 0",
        "qps as a string             | {\"limits\": [{\"principal\": \"a\", \"qps\": \"5\"}]} | limits[0].qps must be a positive number",
        "qps null                    | {\"limits\": [{\"principal\": \"a\", \"qps\": null}]} | limits[0].qps must be a positive number, found null",
        "negative capacity           | {\"limits\": [{\"principal\": \"a\", \"qps\": 1, \"capacity\": -5}]} | limits[0].capacity must be a whole number of calls >= 1, found -5",
        "zero capacity               | {\"limits\": [{\"principal\": \"a\", \"qps\": 1, \"capacity\": 0}]} | limits[0].capacity must be a whole number of calls >= 1, found 0",
        "fractional capacity         | {\"limits\": [{\"principal\": \"a\", \"qps\": 1, \"capacity\": 1.5}]} | limits[0].capacity must be a whole number",
        "capacity beyond a long      | {\"limits\": [{\"principal\": \"a\", \"qps\": 1, \"capacity\": 18446744073709551615}]} | limits[0].capacity is too large",
        "capacity without qps        | {\"limits\": [{\"principal\": \"a\", \"capacity\": 5}]} | limits[0].capacity is set without limits[0].qps",
        "negative aggregate qps      | {\"aggregate_default_qps\": -2}                  | aggregate_default_qps must be a positive number, found -2",
        "negative aggregate capacity | {\"aggregate_default_qps\": 2, \"aggregate_default_capacity\": -1} | aggregate_default_capacity must be a whole number of calls >= 1",
        "aggregate capacity alone    | {\"aggregate_default_capacity\": 10}             | aggregate_default_capacity is set without aggregate_default_qps",
      })
  void malformedFilesAreRefusedNamingTheField(String what, String json, String message) {
    assertThatThrownBy(() -> RateLimits.parse("limits.json", json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("limits.json: ")
        .hasMessageContaining(message);
  }
}
