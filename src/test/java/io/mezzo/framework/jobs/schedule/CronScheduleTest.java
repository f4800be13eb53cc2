package io.mezzo.framework.jobs.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** 5-field cron: syntax, Vixie day matching, zones and DST. */
class CronScheduleTest {
  private static final Instant NOW = Instant.parse("2026-12-02T09:00:00Z");

  private static Schedule cron(String text) {
    return Schedules.parse(text, Optional.empty(), NOW);
  }

  private static Schedule cron(String text, String zone) {
    return Schedules.parse(text, Optional.of(zone), NOW);
  }

  private static Instant at(String instant) {
    return Instant.parse(instant);
  }

  private static List<Instant> slots(Schedule schedule, String from, int n) {
    List<Instant> slots = new ArrayList<>();
    Optional<Instant> slot = schedule.first(at(from));
    while (slot.isPresent() && slots.size() < n) {
      slots.add(slot.get());
      slot = schedule.after(slot.get());
    }
    return slots;
  }

  @Test
  void stepsRunEveryFiveMinutesInUtcByDefault() {
    Schedule s = cron("*/5 * * * *");

    assertThat(s.zone()).isEqualTo(ZoneOffset.UTC);
    assertThat(s.first(at("2026-12-02T10:02:00Z"))).contains(at("2026-12-02T10:05:00Z"));
    assertThat(s.first(at("2026-12-02T10:05:00Z"))).contains(at("2026-12-02T10:05:00Z"));
    assertThat(s.after(at("2026-12-02T10:05:00Z"))).contains(at("2026-12-02T10:10:00Z"));
    assertThat(s.after(at("2026-12-02T23:55:00Z"))).contains(at("2026-12-03T00:00:00Z"));
    assertThat(s.render(Optional.of(at("2026-12-02T10:05:00Z")))).isEqualTo("*/5 * * * *");
    assertThat(s.text()).isEqualTo("*/5 * * * *");
  }

  @Test
  void listsRangesAndRangeStepsCombine() {
    // 2026-12-04 is a Friday, 2026-12-05 a Saturday.
    assertThat(slots(cron("0,30 9-17/4 * * MON-FRI"), "2026-12-04T12:00:00Z", 6))
        .containsExactly(
            at("2026-12-04T13:00:00Z"),
            at("2026-12-04T13:30:00Z"),
            at("2026-12-04T17:00:00Z"),
            at("2026-12-04T17:30:00Z"),
            at("2026-12-07T09:00:00Z"),
            at("2026-12-07T09:30:00Z"));
    assertThat(slots(cron("10/20 0 * * *"), "2026-12-02T00:00:00Z", 3))
        .containsExactly(
            at("2026-12-02T00:10:00Z"), at("2026-12-02T00:30:00Z"), at("2026-12-02T00:50:00Z"));
  }

  @Test
  void monthAndDayNamesAreCaseInsensitiveAndSevenIsSunday() {
    // 2027-01-03 is the first Sunday of January 2027.
    assertThat(cron("0 12 * jan,JUL Sun").first(NOW)).contains(at("2027-01-03T12:00:00Z"));
    assertThat(cron("0 12 * * 7").first(NOW)).contains(at("2026-12-06T12:00:00Z"));
    assertThat(cron("0 12 * * 0").first(NOW)).contains(at("2026-12-06T12:00:00Z"));
  }

  @Test
  void shorthandsExpandToTheirExpressions() {
    assertThat(cron("@hourly").first(NOW)).contains(at("2026-12-02T09:00:00Z"));
    assertThat(cron("@daily").first(NOW)).contains(at("2026-12-03T00:00:00Z"));
    assertThat(cron("@midnight").first(NOW)).contains(at("2026-12-03T00:00:00Z"));
    assertThat(cron("@weekly").first(NOW)).contains(at("2026-12-06T00:00:00Z"));
    assertThat(cron("@monthly").first(NOW)).contains(at("2027-01-01T00:00:00Z"));
    assertThat(cron("@yearly").first(NOW)).contains(at("2027-01-01T00:00:00Z"));
    assertThat(cron("@annually").render(Optional.empty())).isEqualTo("@annually");
  }

  @Test
  void restrictedDayOfMonthAndDayOfWeekMatchEither() {
    // From Wednesday 2026-12-02: Friday the 4th comes before the 13th.
    assertThat(slots(cron("0 0 13 * FRI"), "2026-12-02T00:00:00Z", 3))
        .containsExactly(
            at("2026-12-04T00:00:00Z"), at("2026-12-11T00:00:00Z"), at("2026-12-13T00:00:00Z"));
  }

  @Test
  void aStarredDayFieldMustMatchTooAsInVixieCron() {
    // Day-of-month */2 begins with '*', so both fields must match: odd days that are Mondays.
    assertThat(slots(cron("0 0 */2 * MON"), "2026-12-01T00:00:00Z", 2))
        .containsExactly(at("2026-12-07T00:00:00Z"), at("2026-12-21T00:00:00Z"));
  }

  @Test
  void aLeapDayJobFindsTheNextLeapYear() {
    assertThat(cron("0 0 29 2 *").first(at("2026-03-01T00:00:00Z")))
        .contains(at("2028-02-29T00:00:00Z"));
  }

  @Test
  void fieldsAreReadInTheTimeZone() {
    assertThat(cron("30 9 * * *", "America/New_York").first(NOW))
        .contains(at("2026-12-02T14:30:00Z"));
    assertThat(cron("30 9 * * *", "Europe/Berlin").first(NOW)).contains(at("2026-12-03T08:30:00Z"));
    assertThat(cron("30 9 * * *", "PST").first(NOW)).contains(at("2026-12-02T17:30:00Z"));
  }

  @Test
  void aFixedTimeInTheSpringGapRunsOnceAtTheGapsEnd() {
    // New York: 2026-03-08 02:00 EST jumps to 03:00 EDT (07:00Z).
    assertThat(slots(cron("30 2 * * *", "America/New_York"), "2026-03-07T00:00:00Z", 3))
        .containsExactly(
            at("2026-03-07T07:30:00Z"), at("2026-03-08T07:00:00Z"), at("2026-03-09T06:30:00Z"));
    assertThat(slots(cron("*/30 2,3 * * *", "America/New_York"), "2026-03-08T00:00:00Z", 3))
        .containsExactly(
            at("2026-03-08T07:00:00Z"), at("2026-03-08T07:30:00Z"), at("2026-03-09T06:00:00Z"));
    // Berlin: 2026-03-29 02:00 CET jumps to 03:00 CEST (01:00Z).
    assertThat(cron("0 2 * * *", "Europe/Berlin").first(at("2026-03-28T12:00:00Z")))
        .contains(at("2026-03-29T01:00:00Z"));
  }

  @Test
  void anHourlyJobSkipsTheHourTheSpringGapRemoves() {
    assertThat(slots(cron("30 * * * *", "America/New_York"), "2026-03-08T06:00:00Z", 2))
        .containsExactly(at("2026-03-08T06:30:00Z"), at("2026-03-08T07:30:00Z"));
  }

  @Test
  void aFixedTimeInTheFallOverlapRunsOnce() {
    // New York: 2026-11-01 02:00 EDT falls back to 01:00 EST; 01:30 happens at 05:30Z and 06:30Z.
    assertThat(slots(cron("30 1 * * *", "America/New_York"), "2026-10-31T12:00:00Z", 2))
        .containsExactly(at("2026-11-01T05:30:00Z"), at("2026-11-02T06:30:00Z"));
  }

  @Test
  void aFixedTimeInBerlinsFallOverlapRunsOnce() {
    // Berlin: 2026-10-25 03:00 CEST falls back to 02:00 CET; 02:30 happens at 00:30Z and 01:30Z.
    assertThat(slots(cron("30 2 * * *", "Europe/Berlin"), "2026-10-24T12:00:00Z", 2))
        .containsExactly(at("2026-10-25T00:30:00Z"), at("2026-10-26T01:30:00Z"));
  }

  @Test
  void anHourlyJobRunsBothRepeatedHoursInTheFallOverlap() {
    assertThat(slots(cron("0 * * * *", "America/New_York"), "2026-11-01T04:30:00Z", 4))
        .containsExactly(
            at("2026-11-01T05:00:00Z"),
            at("2026-11-01T06:00:00Z"),
            at("2026-11-01T07:00:00Z"),
            at("2026-11-01T08:00:00Z"));
  }

  @Test
  void countsAndLooksBackWithoutWalking() {
    IndexedSchedule s = (IndexedSchedule) cron("* * * * *");

    assertThat(s.count(at("2026-01-01T00:00:00Z"), at("2026-12-31T23:59:00Z")))
        .isEqualTo(365L * 24 * 60);
    assertThat(s.count(at("2026-01-01T00:00:30Z"), at("2026-01-01T00:00:10Z"))).isZero();
    assertThat(s.last(at("2026-12-02T10:00:59Z"))).contains(at("2026-12-02T10:00:00Z"));
    assertThat(((IndexedSchedule) cron("0 0 29 2 *")).last(at("2027-06-01T00:00:00Z")))
        .contains(at("2024-02-29T00:00:00Z"));
  }
}
