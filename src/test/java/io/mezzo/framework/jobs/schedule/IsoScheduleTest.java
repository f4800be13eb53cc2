package io.mezzo.framework.jobs.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Chronos ISO 8601 repeating intervals: slots, bounds, zones, DST and calendar stepping. */
class IsoScheduleTest {
  private static final Instant NOW = Instant.parse("2026-12-02T09:00:00Z");

  private static Schedule parse(String text) {
    return Schedules.parse(text, Optional.empty(), NOW);
  }

  private static Schedule parse(String text, String zone) {
    return Schedules.parse(text, Optional.of(zone), NOW);
  }

  private static Instant at(String instant) {
    return Instant.parse(instant);
  }

  /** The first {@code n} slots from the beginning of time. */
  private static List<Instant> slots(Schedule schedule, int n) {
    List<Instant> slots = new ArrayList<>();
    Optional<Instant> slot = schedule.first(Instant.EPOCH);
    while (slot.isPresent() && slots.size() < n) {
      slots.add(slot.get());
      slot = schedule.after(slot.get());
    }
    return slots;
  }

  @Test
  void unboundedStepsByThePeriodFromTheStart() {
    Schedule s = parse("R/2026-12-02T10:00:00Z/PT2S");

    assertThat(s.first(at("2026-12-02T09:00:00Z"))).contains(at("2026-12-02T10:00:00Z"));
    assertThat(s.first(at("2026-12-02T10:00:00Z"))).contains(at("2026-12-02T10:00:00Z"));
    assertThat(s.first(at("2026-12-02T10:00:01Z"))).contains(at("2026-12-02T10:00:02Z"));
    assertThat(s.after(at("2026-12-02T10:00:02Z"))).contains(at("2026-12-02T10:00:04Z"));
    assertThat(s.after(at("2026-12-02T10:00:03Z"))).contains(at("2026-12-02T10:00:04Z"));
    assertThat(s.text()).isEqualTo("R/2026-12-02T10:00:00Z/PT2S");
    assertThat(s.zone()).isEqualTo(ZoneOffset.UTC);
  }

  @Test
  void boundedRepeatsEndAfterTheNthSlot() {
    assertThat(slots(parse("R0/2026-12-02T10:00:00Z/PT2S"), 10)).isEmpty();
    assertThat(slots(parse("R1/2026-12-02T10:00:00Z/PT2S"), 10))
        .containsExactly(at("2026-12-02T10:00:00Z"));
    assertThat(slots(parse("R3/2026-12-02T10:00:00Z/PT2S"), 10))
        .containsExactly(
            at("2026-12-02T10:00:00Z"), at("2026-12-02T10:00:02Z"), at("2026-12-02T10:00:04Z"));
    assertThat(parse("R3/2026-12-02T10:00:00Z/PT2S").first(at("2026-12-02T10:00:04.001Z")))
        .isEmpty();
  }

  @Test
  void rendersTheRemainingRepeatsWithTheNextSlotAsStart() {
    Schedule s = parse("R10/2026-12-02T10:00:00.000Z/PT2S");

    assertThat(s.render(Optional.of(at("2026-12-02T10:00:06Z"))))
        .isEqualTo("R7/2026-12-02T10:00:06.000Z/PT2S");
    assertThat(s.render(Optional.empty())).isEqualTo("R0/2026-12-02T10:00:00.000Z/PT2S");
    assertThat(parse("R/2026-12-02T10:00:00Z/P1D").render(Optional.of(at("2026-12-05T10:00:00Z"))))
        .isEqualTo("R/2026-12-05T10:00:00.000Z/P1D");
    assertThat(
            parse("R2/2026-12-02T10:00:00-05:00/PT1H")
                .render(Optional.of(at("2026-12-02T16:00:00Z"))))
        .isEqualTo("R1/2026-12-02T11:00:00.000-05:00/PT1H");
  }

  @Test
  void anEmptyStartStartsNow() {
    Schedule s = parse("R//PT1H");

    assertThat(s.first(NOW)).contains(NOW);
    assertThat(s.after(NOW)).contains(NOW.plusSeconds(3600));
  }

  @Test
  void anEmptyStartWithAZoneStepsDaysInThatZone() {
    Schedule s =
        Schedules.parse("R//P1D", Optional.of("Europe/Berlin"), at("2026-03-28T12:00:00Z"));

    // 13:00 CET, then 13:00 CEST the day after the change.
    assertThat(slots(s, 2)).containsExactly(at("2026-03-28T12:00:00Z"), at("2026-03-29T11:00:00Z"));
  }

  @Test
  void fractionalSecondsAndOffsetsInTheStartAreKept() {
    assertThat(parse("R/2026-12-02T10:00:00.250Z/PT1S").first(Instant.EPOCH))
        .contains(at("2026-12-02T10:00:00.250Z"));
    assertThat(parse("R/2026-12-02T10:00:00+01:00/PT1S").first(Instant.EPOCH))
        .contains(at("2026-12-02T09:00:00Z"));
    assertThat(parse("R/2026-12-02T10:00/PT1S").first(Instant.EPOCH))
        .contains(at("2026-12-02T10:00:00Z"));
  }

  @Test
  void theTimeZoneReadsTheStartsWallTimeAndOverridesItsOffset() {
    assertThat(parse("R/2026-12-02T10:00:00+05:00/P1D", "Europe/Berlin").first(Instant.EPOCH))
        .contains(at("2026-12-02T09:00:00Z"));
    assertThat(parse("R/2026-12-02T10:00:00Z/P1D", "America/New_York").first(Instant.EPOCH))
        .contains(at("2026-12-02T15:00:00Z"));
  }

  @Test
  void shortZoneIdsAreAccepted() {
    Schedule s = parse("R/2026-12-02T10:00:00Z/P1D", "PST");

    assertThat(s.zone()).isEqualTo(ZoneId.of("America/Los_Angeles"));
    assertThat(s.first(Instant.EPOCH)).contains(at("2026-12-02T18:00:00Z"));
    assertThat(s.render(s.first(Instant.EPOCH))).isEqualTo("R/2026-12-02T10:00:00.000-08:00/P1D");
  }

  @Test
  void aDailyJobKeepsItsWallTimeAcrossTheSpringGap() {
    // New York springs forward on 2026-03-08 at 02:00; 02:30 does not exist and moves to 03:30.
    Schedule s = parse("R/2026-03-07T02:30:00/P1D", "America/New_York");

    assertThat(slots(s, 3))
        .containsExactly(
            at("2026-03-07T07:30:00Z"), at("2026-03-08T07:30:00Z"), at("2026-03-09T06:30:00Z"));
  }

  @Test
  void aDailyJobRunsOnceInTheFallOverlap() {
    // New York falls back on 2026-11-01 at 02:00; 01:30 happens twice and the job runs at the
    // first.
    Schedule s = parse("R/2026-10-31T01:30:00/P1D", "America/New_York");

    assertThat(slots(s, 3))
        .containsExactly(
            at("2026-10-31T05:30:00Z"), at("2026-11-01T05:30:00Z"), at("2026-11-02T06:30:00Z"));
  }

  @Test
  void aDailyJobRunsOnceInBerlinsFallOverlap() {
    Schedule s = parse("R3/2026-10-24T02:30:00+02:00/P1D", "Europe/Berlin");

    assertThat(slots(s, 5))
        .containsExactly(
            at("2026-10-24T00:30:00Z"), at("2026-10-25T00:30:00Z"), at("2026-10-26T01:30:00Z"));
  }

  @Test
  void timePartsStepInAbsoluteTimeAcrossDst() {
    Schedule s = parse("R/2026-03-08T00:00:00/PT1H", "America/New_York");

    assertThat(slots(s, 4))
        .containsExactly(
            at("2026-03-08T05:00:00Z"),
            at("2026-03-08T06:00:00Z"),
            at("2026-03-08T07:00:00Z"),
            at("2026-03-08T08:00:00Z"));
  }

  @Test
  void monthsStepFromTheOriginalStartWithoutDrift() {
    assertThat(slots(parse("R/2026-01-31T12:00:00Z/P1M"), 4))
        .containsExactly(
            at("2026-01-31T12:00:00Z"),
            at("2026-02-28T12:00:00Z"),
            at("2026-03-31T12:00:00Z"),
            at("2026-04-30T12:00:00Z"));
  }

  @Test
  void aYearlyJobFromALeapDayFallsOnFeb28ThenBackOnFeb29() {
    assertThat(slots(parse("R/2024-02-29T00:00:00Z/P1Y"), 5))
        .containsExactly(
            at("2024-02-29T00:00:00Z"),
            at("2025-02-28T00:00:00Z"),
            at("2026-02-28T00:00:00Z"),
            at("2027-02-28T00:00:00Z"),
            at("2028-02-29T00:00:00Z"));
  }

  @Test
  void periodsMixCalendarAndTimeParts() {
    assertThat(slots(parse("R/2026-01-01T00:00:00Z/P1Y2M3DT4H5M6S"), 2))
        .containsExactly(at("2026-01-01T00:00:00Z"), at("2027-03-04T04:05:06Z"));
    assertThat(slots(parse("R/2026-01-01T00:00:00Z/P1W"), 2))
        .containsExactly(at("2026-01-01T00:00:00Z"), at("2026-01-08T00:00:00Z"));
    assertThat(slots(parse("R/2026-01-01T00:00:00Z/PT0.5S"), 2))
        .containsExactly(at("2026-01-01T00:00:00Z"), at("2026-01-01T00:00:00.500Z"));
  }

  @Test
  void findsASlotFarFromTheStartAtOnce() {
    Schedule s = parse("R/2000-01-01T00:00:00Z/PT1S");

    assertThat(s.first(at("2026-12-02T10:00:00.5Z"))).contains(at("2026-12-02T10:00:01Z"));
    assertThat(((IndexedSchedule) s).count(at("2026-01-01T00:00:00Z"), at("2027-01-01T00:00:00Z")))
        .isEqualTo(365L * 86400 + 1);
    assertThat(((IndexedSchedule) s).last(at("2026-12-02T10:00:00.5Z")))
        .contains(at("2026-12-02T10:00:00Z"));
    assertThat(((IndexedSchedule) s).last(at("1999-12-31T23:59:59Z"))).isEmpty();
  }
}
