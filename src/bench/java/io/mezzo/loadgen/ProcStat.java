package io.mezzo.loadgen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of a process from {@code /proc/<pid>/stat}: user + system time of the process itself
 * (fields 14 and 15), in clock ticks of {@code USER_HZ}, which is 100 on every Linux the JDK runs
 * on (the kernel's ABI fixes it; {@code getconf CLK_TCK} says so here).
 */
public final class ProcStat {
  public static final int TICKS_PER_SECOND = 100;

  private ProcStat() {}

  /** CPU seconds the process {@code pid} has used so far. */
  public static double cpuSeconds(long pid) {
    try {
      return cpuSecondsOf(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /proc/" + pid + "/stat", e);
    }
  }

  /**
   * Parses a stat line. The command name (field 2) is in parentheses and may hold spaces and
   * parentheses itself, so the fields are counted from the last ')'.
   *
   * @throws IllegalArgumentException if the line is not a stat line
   */
  static double cpuSecondsOf(String stat) {
    int close = stat.lastIndexOf(')');
    if (close < 0) {
      throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + stat);
    }
    String[] f = stat.substring(close + 2).trim().split(" +");
    // f[0] is field 3 (state), so field n is f[n - 3].
    if (f.length < 13) {
      throw new IllegalArgumentException("too few fields in a /proc/<pid>/stat line: " + stat);
    }
    long utime = Long.parseLong(f[14 - 3]);
    long stime = Long.parseLong(f[15 - 3]);
    return (utime + stime) / (double) TICKS_PER_SECOND;
  }
}
