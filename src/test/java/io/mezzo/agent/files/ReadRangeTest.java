package io.mezzo.agent.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code /files/read}'s offset and length, read as Mesos's files process reads them. */
class ReadRangeTest {

  @ParameterizedTest(name = "offset={0} length={1} -> {2}, {3}")
  @CsvSource(
      nullValues = "absent",
      value = {
        // the log viewer's first request: the size, nothing else
        "-1, -1, -1, absent",
        // no offset at all is the same question
        "absent, absent, -1, absent",
        "absent, 10, -1, 10",
        // the viewer's next request: from 0 with no limit of its own
        "0, -1, 0, absent",
        "0, absent, 0, absent",
        "6, 3, 6, 3",
        "' 7 ', 0, 7, 0",
      })
  void acceptsWhatMesosAccepts(String offset, String length, long wantOffset, Long wantLength) {
    ReadRange r = ReadRange.parse(offset, length);
    assertThat(r.offset()).isEqualTo(wantOffset);
    assertThat(r.length()).isEqualTo(wantLength);
    assertThat(r.asksForSize()).isEqualTo(wantOffset == -1);
  }

  @ParameterizedTest(name = "offset={0} length={1} -> {2}")
  @CsvSource(
      nullValues = "absent",
      value = {
        "-2, absent, 'Negative offset provided: -2.'",
        "0, -2, 'Negative length provided: -2.'",
        "0, -100, 'Negative length provided: -100.'",
        "abc, absent, 'Failed to parse offset: ''abc'' is not a whole number.'",
        "'', absent, 'Failed to parse offset: '''' is not a whole number.'",
        "0, 1.5, 'Failed to parse length: ''1.5'' is not a whole number.'",
        "0, 99999999999999999999, 'Failed to parse length: ''99999999999999999999'' is not a whole"
            + " number.'",
      })
  void refusesTheRestNamingTheParameter(String offset, String length, String message) {
    assertThatThrownBy(() -> ReadRange.parse(offset, length))
        .isInstanceOfSatisfying(
            FileAccessException.class, e -> assertThat(e.status()).isEqualTo(400))
        .hasMessage(message);
  }
}
