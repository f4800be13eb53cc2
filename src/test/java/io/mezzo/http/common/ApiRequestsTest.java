package io.mezzo.http.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.wire.MediaRanges;
import io.mezzo.api.wire.WireFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Content-Type and Accept as clients really send them, separators and junk included. */
class ApiRequestsTest {

  @ParameterizedTest(name = "''{0}'' is ''{1}''")
  @CsvSource(
      delimiter = '|',
      value = {
        "application/json|application/json",
        " Application/JSON ; charset=utf-8|application/json",
        "application/json;|application/json",
        // Only separators: String.split returned no element for these and the edge answered 500.
        ";|''",
        ";;|''",
        "; charset=utf-8|''",
        "''|''",
        ",|,",
      })
  void mediaTypeIsTheLowerCaseTypeWithoutParameters(String header, String mediaType) {
    assertThat(ApiRequests.mediaType(header)).isEqualTo(mediaType);
  }

  @ParameterizedTest(name = "''{0}''")
  @CsvSource(
      delimiter = '|',
      value = {
        "application/json",
        "*/*",
        "application/*",
        "text/html, application/json;q=0.5",
        "APPLICATION/JSON",
        "''",
        "' '",
      })
  void acceptThatAllowsJson(String accept) {
    assertThat(MediaRanges.accepts(accept, WireFormat.JSON.mediaType())).isTrue();
  }

  @ParameterizedTest(name = "''{0}''")
  @CsvSource(
      delimiter = '|',
      value = {
        ";",
        ",",
        ";;;",
        "text/html, ;",
        "application/x-protobuf",
        "x/y;;;,",
        "\u00e9",
      })
  void acceptThatDoesNotAllowJson(String accept) {
    assertThat(MediaRanges.accepts(accept, WireFormat.JSON.mediaType())).isFalse();
  }

  @org.junit.jupiter.api.Test
  void noAcceptHeaderAllowsJson() {
    assertThat(MediaRanges.accepts(null, WireFormat.JSON.mediaType())).isTrue();
  }

  @ParameterizedTest(name = "Accept ''{0}'' is answered in {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "application/json|JSON",
        "application/x-protobuf|PROTOBUF",
        "application/x-protobuf, application/json|JSON",
        "application/x-protobuf;q=1, application/json;q=0.1|JSON",
        "application/json;q=0, application/x-protobuf|PROTOBUF",
        "application/json;q=0, */*|PROTOBUF",
        "*/*|JSON",
        "application/*|JSON",
        "''|JSON",
        "text/html|NONE",
        "application/*;q=0, */*|NONE",
        "application/json;q=0, application/x-protobuf;q=0|NONE",
      })
  void acceptedPrefersJsonThenProtobufAsMesos(String accept, String format) {
    assertThat(ApiRequests.accepted(accept))
        .isEqualTo(format.equals("NONE") ? null : io.mezzo.api.wire.WireFormat.valueOf(format));
  }

  @org.junit.jupiter.api.Test
  void noAcceptHeaderIsAnsweredInJson() {
    assertThat(ApiRequests.accepted(null)).isEqualTo(io.mezzo.api.wire.WireFormat.JSON);
  }
}
