package io.mezzo.api.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Accept as libprocess reads it, so a client gets the same format from Mezzo as from Mesos. */
class MediaRangesTest {
  private static final String JSON = "application/json";

  @ParameterizedTest(name = "''{0}'' allows {1}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        // the most specific range that names the type wins, whatever the order
        "application/json;q=0, */*|application/json|false",
        "*/*, application/json;q=0|application/json|false",
        "application/*;q=0, application/json|application/json|true",
        "application/json, application/*;q=0|application/json|true",
        "application/*;q=0, */*|application/json|false",
        "*/*;q=0, application/*|application/json|true",
        "text/*|application/json|false",
        "text/html|application/json|false",
        // q: 0 refuses, positive allows, not a number refuses, given twice counts as absent
        "application/json;q=0|application/json|false",
        "application/json;q=0.0|application/json|false",
        "application/json;q=0.001|application/json|true",
        "application/json;q=1|application/json|true",
        "application/json;q=-1|application/json|false",
        "application/json;q=abc|application/json|false",
        "application/json;q=|application/json|true",
        "application/json;q==0|application/json|false",
        "application/json;q=0=1|application/json|true",
        "application/json;q=0;q=0|application/json|true",
        "application/json;Q=0|application/json|true",
        "application/json;level=1;q=0|application/json|false",
        // case, spaces and tabs
        "APPLICATION/JSON|application/json|true",
        "Application/X-Protobuf|application/x-protobuf|true",
        "  application / json ; q = 0 |application/json|false",
        "text/html,\tapplication/json|application/json|true",
        // empty elements are skipped
        ",,application/json,|application/json|true",
        ";|application/json|false",
      })
  void accepts(String header, String mediaType, boolean allowed) {
    assertThat(MediaRanges.accepts(header, mediaType)).isEqualTo(allowed);
  }

  @Test
  void noHeaderOrABlankOneAllowsEverything() {
    assertThat(MediaRanges.accepts(null, JSON)).isTrue();
    assertThat(MediaRanges.accepts("", JSON)).isTrue();
    assertThat(MediaRanges.accepts("  \t", "application/x-protobuf")).isTrue();
  }

  @Test
  void aMediaTypeThatIsNotTypeSlashSubtypeIsNeverAllowed() {
    assertThat(MediaRanges.accepts("*/*", "json")).isFalse();
    assertThat(MediaRanges.accepts(null, "a/b/c")).isFalse();
  }
}
