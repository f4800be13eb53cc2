package io.mezzo.framework.jobs.schedule;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Schedules that are refused, each with the message that says what is wrong. */
class SchedulesTest {
  private static final Instant NOW = Instant.parse("2026-12-02T09:00:00Z");

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "`` | schedule: must not be empty",
        "`  ` | schedule: must not be empty",
        "R/2026-12-02T10:00:00Z | schedule: 'R/2026-12-02T10:00:00Z' must have 3 parts"
            + " R[n]/start/period separated by '/', got 2",
        "R/2026-12-02T10:00:00Z/P | schedule: period 'P' has no length",
        "R/2026-12-02T10:00:00Z/PT0S | schedule: period 'PT0S' has no length",
        "R/2026-12-02T10:00:00Z/PT | schedule: period 'PT' is not an ISO 8601 duration"
            + " (e.g. P1D, PT2S, P1Y2M3DT4H5M6S)",
        "R/2026-12-02T10:00:00Z/P1X | schedule: period 'P1X' is not an ISO 8601 duration"
            + " (e.g. P1D, PT2S, P1Y2M3DT4H5M6S)",
        "R/2026-12-02T10:00:00Z/P-1D | schedule: period 'P-1D' is not an ISO 8601 duration"
            + " (e.g. P1D, PT2S, P1Y2M3DT4H5M6S)",
        "R/2026-12-02T10:00:00Z/PT0.0001S | schedule: period 'PT0.0001S' is shorter than the 1 ms"
            + " Chronos resolves",
        "Rx/2026-12-02T10:00:00Z/PT1S | schedule: repeat count 'Rx' must be R (unbounded) or R"
            + " followed by a number",
        "R-1/2026-12-02T10:00:00Z/PT1S | schedule: repeat count 'R-1' must be R (unbounded) or R"
            + " followed by a number",
        "R99999999999999999999/2026-12-02T10:00:00Z/PT1S | schedule: repeat count"
            + " 'R99999999999999999999' is too large",
        "R/tomorrow/PT1S | schedule: start 'tomorrow' is not an ISO 8601 date-time"
            + " (e.g. 2026-12-02T10:00:00Z or 2026-12-02T10:00:00.000-05:00)",
        "R/2026-13-02T10:00:00Z/PT1S | schedule: start '2026-13-02T10:00:00Z' is not an ISO 8601"
            + " date-time (e.g. 2026-12-02T10:00:00Z or 2026-12-02T10:00:00.000-05:00)",
        "R/2026-02-30T10:00:00Z/PT1S | schedule: start '2026-02-30T10:00:00Z' is not an ISO 8601"
            + " date-time (e.g. 2026-12-02T10:00:00Z or 2026-12-02T10:00:00.000-05:00)",
        "r/2026-12-02T10:00:00Z/PT1S | schedule: 'r/2026-12-02T10:00:00Z/PT1S' is neither an ISO"
            + " 8601 repeating interval (R[n]/start/period) nor a 5-field cron expression",
        "* * * * | schedule: cron '* * * *' has 4 fields, expected 5"
            + " (minute hour day-of-month month day-of-week)",
        "0 0 * * * * | schedule: cron '0 0 * * * *' has 6 fields, expected 5"
            + " (minute hour day-of-month month day-of-week)",
        "61 * * * * | schedule: cron minute value '61' is out of range 0-59",
        "0 24 * * * | schedule: cron hour value '24' is out of range 0-23",
        "0 0 0 * * | schedule: cron day-of-month value '0' is out of range 1-31",
        "0 0 * 13 * | schedule: cron month value '13' is out of range 1-12",
        "0 0 * * 8 | schedule: cron day-of-week value '8' is out of range 0-7",
        "*/0 * * * * | schedule: cron minute step '0' must be at least 1",
        "*/x * * * * | schedule: cron minute step 'x' is not a number",
        "5-1 * * * * | schedule: cron minute range '5-1' goes backwards",
        "0 0 * FOO * | schedule: cron month value 'FOO' is not a number or a name like JAN",
        "0 0 * * MONDAY | schedule: cron day-of-week value 'MONDAY' is not a number or a name"
            + " like SUN",
        "1,,2 * * * * | schedule: cron minute value '' is not a number",
        "0 0 30 2 * | schedule: cron '0 0 30 2 *' never matches a date",
        "@reboot | schedule: cron shorthand '@reboot' is not supported; use one of @yearly,"
            + " @annually, @monthly, @weekly, @daily, @midnight, @hourly",
      })
  void refusesNamingWhatIsWrong(String schedule, String message) {
    assertThatThrownBy(() -> Schedules.parse(schedule, Optional.empty(), NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"Mars/Olympus", "XYZ", "+25:00"})
  void refusesAnUnknownTimeZone(String zone) {
    assertThatThrownBy(() -> Schedules.parse("R//PT1S", Optional.of(zone), NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "scheduleTimeZone: unknown time zone '"
                + zone
                + "' (expected a tz database id like America/New_York or a short id like PST)");
  }
}
