package io.mezzo.framework.jobs.schedule;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Optional;

/**
 * A Chronos ISO 8601 repeating interval {@code R[n]/start/period}, evaluated in a zone.
 *
 * <p>Slot k is computed from the original start, never from slot k-1, so month-end clamping does
 * not drift (Jan 31 + P1M is Feb 28, + P2M is Mar 31). The calendar part of the period (years,
 * months, weeks, days) steps the start's local wall time in the zone, so a daily 02:30 job stays at
 * 02:30 across DST; java.time resolves the result (a time in the spring gap moves forward by the
 * gap, a time in the fall overlap takes the earlier offset, so it runs once). The time part (hours,
 * minutes, seconds) is then added in absolute time. Slots strictly increase with k because every
 * period part is non-negative and the period is not empty.
 */
final class IsoSchedule implements IndexedSchedule {
  private static final long UNBOUNDED = -1;
  private static final DateTimeFormatter START =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .optionalStart()
          .appendLiteral('T')
          .append(DateTimeFormatter.ISO_LOCAL_TIME)
          .optionalEnd()
          .parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
          .optionalStart()
          .appendOffset("+HH:MM:ss", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HHmm", "Z")
          .optionalEnd()
          .toFormatter()
          .withResolverStyle(ResolverStyle.STRICT)
          .withChronology(IsoChronology.INSTANCE);
  private static final DateTimeFormatter CHRONOS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");

  private final String text;
  private final ZoneId zone;
  private final LocalDateTime startLocal;
  private final long repeats;
  private final IsoPeriod period;

  /**
   * @param repeats how many slots in total, {@code -1} for unbounded
   */
  IsoSchedule(String text, ZoneId zone, LocalDateTime startLocal, long repeats, IsoPeriod period) {
    this.text = text;
    this.zone = zone;
    this.startLocal = startLocal;
    this.repeats = repeats;
    this.period = period;
  }

  /**
   * Parses {@code R[n]/start/period}. With {@code timeZone} the start's wall time is read in that
   * zone and its offset, if any, is disregarded, as Chronos does; without one the start's offset is
   * the zone, and a start without an offset is UTC. An empty start is {@code now}.
   */
  static IsoSchedule parse(String text, Optional<ZoneId> timeZone, Instant now) {
    String[] parts = text.split("/", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException(
          "schedule: '"
              + text
              + "' must have 3 parts R[n]/start/period separated by '/', got "
              + parts.length);
    }
    long repeats = repeats(parts[0]);
    IsoPeriod period = IsoPeriod.parse(parts[2]);
    ZoneId zone;
    LocalDateTime startLocal;
    if (parts[1].isEmpty()) {
      zone = timeZone.orElse(ZoneOffset.UTC);
      startLocal = LocalDateTime.ofInstant(now, zone);
    } else {
      TemporalAccessor start = start(parts[1]);
      startLocal = LocalDateTime.from(start);
      ZoneId written =
          start.isSupported(ChronoField.OFFSET_SECONDS) ? ZoneOffset.from(start) : ZoneOffset.UTC;
      zone = timeZone.orElse(written);
    }
    return new IsoSchedule(text, zone, startLocal, repeats, period);
  }

  private static long repeats(String part) {
    if (part.equals("R")) {
      return UNBOUNDED;
    }
    if (!part.matches("R\\d+")) {
      throw new IllegalArgumentException(
          "schedule: repeat count '" + part + "' must be R (unbounded) or R followed by a number");
    }
    try {
      return Long.parseLong(part.substring(1));
    } catch (NumberFormatException tooLarge) {
      throw new IllegalArgumentException("schedule: repeat count '" + part + "' is too large");
    }
  }

  private static TemporalAccessor start(String part) {
    try {
      return START.parseBest(part, OffsetDateTime::from, LocalDateTime::from);
    } catch (DateTimeParseException bad) {
      throw new IllegalArgumentException(
          "schedule: start '"
              + part
              + "' is not an ISO 8601 date-time (e.g. 2026-12-02T10:00:00Z or"
              + " 2026-12-02T10:00:00.000-05:00)");
    }
  }

  @Override
  public Optional<Instant> first(Instant notBefore) {
    return slot(indexAtOrAfter(notBefore));
  }

  @Override
  public Optional<Instant> after(Instant slot) {
    return first(slot.plusNanos(1));
  }

  @Override
  public long count(Instant fromInclusive, Instant toInclusive) {
    if (toInclusive.isBefore(fromInclusive)) {
      return 0;
    }
    return indexAtOrAfter(toInclusive.plusNanos(1)) - indexAtOrAfter(fromInclusive);
  }

  @Override
  public Optional<Instant> last(Instant atOrBefore) {
    long k = indexAtOrAfter(atOrBefore.plusNanos(1)) - 1;
    return k < 0 ? Optional.empty() : slot(k);
  }

  @Override
  public String text() {
    return text;
  }

  @Override
  public ZoneId zone() {
    return zone;
  }

  @Override
  public String render(Optional<Instant> next) {
    long k = next.map(this::indexAtOrAfter).orElse(end());
    Instant shown = next.isPresent() ? slot(k).orElse(next.get()) : instantOf(0);
    String count = repeats == UNBOUNDED ? "R" : "R" + Math.max(0, repeats - k);
    return count + "/" + CHRONOS.format(shown.atZone(zone)) + "/" + period.text();
  }

  /** The index one past the last slot: {@code n} for {@code Rn}, a huge number when unbounded. */
  private long end() {
    return repeats == UNBOUNDED ? Long.MAX_VALUE / 4 : repeats;
  }

  /** The smallest k whose slot is at or after {@code t}; {@link #end()} when there is none. */
  private long indexAtOrAfter(Instant t) {
    long end = end();
    Instant start = instantOf(0);
    if (end == 0 || !t.isAfter(start)) {
      return 0;
    }
    // Slots strictly increase with k (and an unrepresentable slot counts as later than any t), so
    // "slot k is before t" is true below the answer and false from it on: a binary search finds
    // it. An estimate from the period's average length brackets it first (month lengths, leap
    // days and DST shifts keep it within a few periods); when it misses, the whole range is
    // searched, in ~60 steps however far t lies from the start.
    Duration span = Duration.between(start, t);
    double estimate = (span.getSeconds() + span.getNano() / 1e9) / period.averageSeconds();
    long guess = (long) Math.min(Math.max(0, estimate), end);
    long lo = Math.max(0, guess - 4);
    long hi = Math.min(end, guess + 4);
    if ((lo > 0 && !isBefore(lo - 1, t)) || (hi < end && isBefore(hi, t))) {
      lo = 0;
      hi = end;
    }
    while (lo < hi) {
      long mid = lo + (hi - lo) / 2;
      if (isBefore(mid, t)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private boolean isBefore(long k, Instant t) {
    Instant s = instantOf(k);
    return s != null && s.isBefore(t);
  }

  private Optional<Instant> slot(long k) {
    if (k < 0 || k >= end()) {
      return Optional.empty();
    }
    return Optional.ofNullable(instantOf(k));
  }

  /** Slot k, or null when it lies beyond what java.time can represent. */
  private Instant instantOf(long k) {
    try {
      LocalDateTime local =
          startLocal
              .plusMonths(Math.multiplyExact(period.months(), k))
              .plusDays(Math.multiplyExact(period.days(), k));
      ZonedDateTime zoned = ZonedDateTime.ofLocal(local, zone, null);
      return zoned.toInstant().plus(period.time().multipliedBy(k));
    } catch (ArithmeticException | DateTimeException farBeyond) {
      return null;
    }
  }
}
