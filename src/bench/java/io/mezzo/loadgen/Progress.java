package io.mezzo.loadgen;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded waits of the scenarios, with a progress line every few seconds on stderr. */
final class Progress {
  private static final Duration REPORT_EVERY = Duration.ofSeconds(5);

  private Progress() {}

  /**
   * Waits until {@code done}, printing {@code status} every five seconds.
   *
   * @throws IllegalStateException with the last status if {@code timeout} passes first
   */
  static void await(String what, Duration timeout, BooleanSupplier done, Supplier<String> status) {
    long start = System.nanoTime();
    long nextReport = start + REPORT_EVERY.toNanos();
    while (!done.getAsBoolean()) {
      long now = System.nanoTime();
      if (now - start > timeout.toNanos()) {
        throw new IllegalStateException(
            what + ": not done within " + timeout + ": " + status.get());
      }
      if (now > nextReport) {
        System.err.printf("  [%s, %.0f s] %s%n", what, (now - start) / 1e9, status.get());
        nextReport = now + REPORT_EVERY.toNanos();
      }
      MasterUnderTest.sleep(Duration.ofMillis(20));
    }
  }
}
