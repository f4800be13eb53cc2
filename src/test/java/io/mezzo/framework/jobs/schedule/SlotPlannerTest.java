package io.mezzo.framework.jobs.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mezzo.framework.jobs.schedule.SlotPlanner.Decision;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which slot a job claims, skips or waits for, and why. */
class SlotPlannerTest {
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final Instant T10 = at("2026-12-02T10:00:00Z");

  private static Instant at(String instant) {
    return Instant.parse(instant);
  }

  private static Schedule every(String period) {
    return Schedules.parse("R/2026-12-02T10:00:00Z/" + period, Optional.empty(), T10);
  }

  private static Decision decide(Schedule s, Instant cursor, String now) {
    return SlotPlanner.decide(s, Optional.of(cursor), MINUTE, at(now), false, false);
  }

  @Test
  void aSlotNotYetDueWaitsForItsTime() {
    Decision d = decide(every("PT2S"), at("2026-12-02T10:00:02Z"), "2026-12-02T10:00:01Z");

    assertThat(d.claim()).isEmpty();
    assertThat(d.skipped()).isZero();
    assertThat(d.cursor()).contains(at("2026-12-02T10:00:02Z"));
    assertThat(d.wakeUp()).contains(at("2026-12-02T10:00:02Z"));
    assertThat(d.reason()).isEqualTo("next slot 2026-12-02T10:00:02Z is not due yet");
  }

  @Test
  void aDueSlotIsClaimedAndTheCursorMovesToTheNext() {
    Decision d = decide(every("PT1H"), T10, "2026-12-02T10:00:05Z");

    assertThat(d)
        .isEqualTo(
            new Decision(
                Optional.of(T10),
                0,
                Optional.of(at("2026-12-02T11:00:00Z")),
                Optional.of(at("2026-12-02T11:00:00Z")),
                "slot 2026-12-02T10:00:00Z claimed, late by PT5S (within epsilon PT1M)"));
  }

  @Test
  void aZeroEpsilonStillClaimsASlotDecidedAtItsTime() {
    Decision d =
        SlotPlanner.decide(every("PT1H"), Optional.of(T10), Duration.ZERO, T10, false, false);

    assertThat(d.claim()).contains(T10);
  }

  @Test
  void aSlotMissedByMoreThanEpsilonIsSkipped() {
    Decision d = decide(every("PT1H"), T10, "2026-12-02T10:03:00Z");

    assertThat(d.claim()).isEmpty();
    assertThat(d.skipped()).isEqualTo(1);
    assertThat(d.cursor()).contains(at("2026-12-02T11:00:00Z"));
    assertThat(d.wakeUp()).contains(at("2026-12-02T11:00:00Z"));
    assertThat(d.reason())
        .isEqualTo("slot 2026-12-02T10:00:00Z missed by PT3M > epsilon PT1M: skipped");
  }

  @Test
  void severalMissedSlotsAreAllSkippedWhenTheNewestIsTooLate() {
    Decision d = decide(every("PT1H"), T10, "2026-12-02T13:30:00Z");

    assertThat(d.skipped()).isEqualTo(4);
    assertThat(d.claim()).isEmpty();
    assertThat(d.cursor()).contains(at("2026-12-02T14:00:00Z"));
    assertThat(d.reason())
        .isEqualTo(
            "4 slots up to 2026-12-02T13:00:00Z missed, the newest by PT30M > epsilon PT1M:"
                + " skipped");
  }

  @Test
  void slotsMissedInsideEpsilonCollapseIntoOneRunOfTheNewest() {
    Decision d = decide(every("PT2S"), T10, "2026-12-02T10:00:31Z");

    assertThat(d.claim()).contains(at("2026-12-02T10:00:30Z"));
    assertThat(d.skipped()).isEqualTo(15);
    assertThat(d.cursor()).contains(at("2026-12-02T10:00:32Z"));
    assertThat(d.reason())
        .isEqualTo(
            "slot 2026-12-02T10:00:30Z claimed, late by PT1S (within epsilon PT1M); 15 older"
                + " slots skipped");
  }

  @Test
  void slotsLongPastAndInsideEpsilonAreSkippedAndTheNewestRuns() {
    Decision d = decide(every("PT20S"), T10, "2026-12-02T10:05:10Z");

    assertThat(d.claim()).contains(at("2026-12-02T10:05:00Z"));
    assertThat(d.skipped()).isEqualTo(15);
  }

  @Test
  void aSlotDueDuringANonConcurrentRunWaitsThenRunsWhenTheRunEndsInTime() {
    Schedule s = every("PT1H");
    Decision waiting =
        SlotPlanner.decide(s, Optional.of(T10), MINUTE, at("2026-12-02T10:00:10Z"), true, false);

    assertThat(waiting.claim()).isEmpty();
    assertThat(waiting.skipped()).isZero();
    assertThat(waiting.cursor()).contains(T10);
    assertThat(waiting.wakeUp()).contains(at("2026-12-02T10:01:00.001Z"));
    assertThat(waiting.reason())
        .isEqualTo(
            "slot 2026-12-02T10:00:00Z waits for the active run to end (runs if it ends by"
                + " 2026-12-02T10:01:00Z, epsilon PT1M)");

    Decision ended =
        SlotPlanner.decide(s, waiting.cursor(), MINUTE, at("2026-12-02T10:00:40Z"), false, false);

    assertThat(ended.claim()).contains(T10);
    assertThat(ended.skipped()).isZero();
    assertThat(ended.cursor()).contains(at("2026-12-02T11:00:00Z"));
  }

  @Test
  void aWaitingSlotIsSkippedWhenTheRunOutlastsEpsilon() {
    Schedule s = every("PT1H");
    Decision waiting =
        SlotPlanner.decide(s, Optional.of(T10), MINUTE, at("2026-12-02T10:00:10Z"), true, false);

    Decision atWakeUp =
        SlotPlanner.decide(s, waiting.cursor(), MINUTE, waiting.wakeUp().get(), true, false);

    assertThat(atWakeUp.claim()).isEmpty();
    assertThat(atWakeUp.skipped()).isEqualTo(1);
    assertThat(atWakeUp.cursor()).contains(at("2026-12-02T11:00:00Z"));
    assertThat(atWakeUp.reason())
        .isEqualTo("slot 2026-12-02T10:00:00Z missed by PT1M0.001S > epsilon PT1M: skipped");
  }

  @Test
  void aWaitingSlotGivesWayToANewerOneButIsCountedOnce() {
    Schedule s = every("PT20S");
    Decision waiting =
        SlotPlanner.decide(s, Optional.of(T10), MINUTE, at("2026-12-02T10:00:05Z"), true, false);
    Decision later =
        SlotPlanner.decide(s, waiting.cursor(), MINUTE, at("2026-12-02T10:00:45Z"), false, false);

    assertThat(waiting.skipped()).isZero();
    assertThat(later.claim()).contains(at("2026-12-02T10:00:40Z"));
    assertThat(later.skipped()).isEqualTo(2);
  }

  @Test
  void aConcurrentJobClaimsWhileARunIsActive() {
    Decision d =
        SlotPlanner.decide(
            every("PT1H"), Optional.of(T10), MINUTE, at("2026-12-02T10:00:10Z"), true, true);

    assertThat(d.claim()).contains(T10);
  }

  @Test
  void aBoundedScheduleEndsWithAnEmptyCursor() {
    Schedule s = Schedules.parse("R2/2026-12-02T10:00:00Z/PT1H", Optional.empty(), T10);
    Decision last = decide(s, at("2026-12-02T11:00:00Z"), "2026-12-02T11:00:00Z");

    assertThat(last.claim()).contains(at("2026-12-02T11:00:00Z"));
    assertThat(last.cursor()).isEmpty();
    assertThat(last.wakeUp()).isEmpty();

    Decision after =
        SlotPlanner.decide(s, Optional.empty(), MINUTE, at("2026-12-02T12:00:00Z"), false, false);

    assertThat(after)
        .isEqualTo(
            new Decision(
                Optional.empty(),
                0,
                Optional.empty(),
                Optional.empty(),
                "no slot left: schedule ended"));
  }

  @Test
  void aCursorBetweenSlotsMovesToTheNextSlot() {
    Decision d = decide(every("PT2S"), at("2026-12-02T10:00:01Z"), "2026-12-02T10:00:01.500Z");

    assertThat(d.claim()).isEmpty();
    assertThat(d.cursor()).contains(at("2026-12-02T10:00:02Z"));
  }

  @Test
  void aJobFarBehindCountsEveryMissedSlotAtOnce() {
    Schedule s = Schedules.parse("R/2000-01-01T00:00:00Z/PT1S", Optional.empty(), T10);
    Decision d = decide(s, at("2000-01-01T00:00:00Z"), "2000-01-11T00:00:30Z");

    assertThat(d.claim()).contains(at("2000-01-11T00:00:30Z"));
    assertThat(d.skipped()).isEqualTo(10L * 86400 + 30);
  }

  @Test
  void cronSlotsCollapseLikeIsoOnes() {
    Schedule s = Schedules.parse("*/5 * * * *", Optional.of("Europe/Berlin"), T10);
    Decision d =
        SlotPlanner.decide(
            s, Optional.of(T10), Duration.ofMinutes(3), at("2026-12-02T10:12:00Z"), false, false);

    assertThat(d.claim()).contains(at("2026-12-02T10:10:00Z"));
    assertThat(d.skipped()).isEqualTo(2);
    assertThat(d.cursor()).contains(at("2026-12-02T10:15:00Z"));
  }

  @Test
  void anySchedulesSlotsArePlannedByWalkingThem() {
    Schedule iso = every("PT2S");
    Schedule plain =
        new Schedule() {
          @Override
          public Optional<Instant> first(Instant notBefore) {
            return iso.first(notBefore);
          }

          @Override
          public Optional<Instant> after(Instant slot) {
            return iso.after(slot);
          }

          @Override
          public String text() {
            return iso.text();
          }

          @Override
          public ZoneId zone() {
            return iso.zone();
          }

          @Override
          public String render(Optional<Instant> next) {
            return iso.render(next);
          }
        };

    assertThat(decide(plain, T10, "2026-12-02T10:00:31Z"))
        .isEqualTo(decide(iso, T10, "2026-12-02T10:00:31Z"));
  }

  @Test
  void refusesANegativeEpsilon() {
    assertThatThrownBy(
            () ->
                SlotPlanner.decide(
                    every("PT1H"), Optional.of(T10), Duration.ofSeconds(-1), T10, false, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("epsilon: must not be negative, got PT-1S");
  }

  /**
   * A seeded walk of wake-ups and run ends: the cursor never goes back, no slot is claimed twice,
   * and every slot up to the end is claimed, skipped or still the cursor, exactly once.
   */
  @Test
  void theCursorOnlyMovesForwardAndEverySlotIsAccountedForOnce() {
    Schedule s = every("PT7S");
    Random random = new Random(11);
    Optional<Instant> cursor = s.first(T10);
    Instant now = T10;
    boolean running = false;
    Set<Instant> claimed = new HashSet<>();
    long skipped = 0;
    for (int step = 0; step < 2000; step++) {
      now = now.plusMillis(random.nextInt(90_000));
      if (random.nextInt(3) == 0) {
        running = !running;
      }
      Decision d = SlotPlanner.decide(s, cursor, Duration.ofSeconds(20), now, running, false);
      assertThat(d.cursor().get()).isAfterOrEqualTo(cursor.get());
      d.claim().ifPresent(slot -> assertThat(claimed.add(slot)).isTrue());
      if (d.claim().isPresent()) {
        running = true;
      }
      skipped += d.skipped();
      cursor = d.cursor();
    }
    long slotsBeforeCursor = ((IndexedSchedule) s).count(T10, cursor.get().minusNanos(1));
    assertThat(claimed.size() + skipped).isEqualTo(slotsBeforeCursor);
  }
}
