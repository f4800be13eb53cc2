package io.mezzo.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;

/** The last events of a simulation run, printed with a failing seed so the failure can be read. */
final class Trace {
  private static final int KEEP = 60;
  private final Clock clock;
  private final Instant start;
  private final ArrayDeque<String> lines = new ArrayDeque<>();
  private int step;

  Trace(Clock clock) {
    this.clock = clock;
    this.start = clock.instant();
  }

  void step(int step) {
    this.step = step;
  }

  void add(String event) {
    if (lines.size() == KEEP) {
      lines.removeFirst();
    }
    long ms = Duration.between(start, clock.instant()).toMillis();
    lines.addLast(String.format("  step %5d  t=%8.3fs  %s", step, ms / 1000.0, event));
  }

  @Override
  public String toString() {
    return String.join("\n", lines);
  }
}
