package io.mezzo.agent.isolator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A container's processes as {@code /proc} shows them: the leader (the process the containerizer
 * isolated) and its live descendants, with their cpu times and resident memory.
 */
public final class ProcessTree {
  /**
   * USER_HZ, the unit of the times in {@code /proc/<pid>/stat}: 100 on every Linux Mezzo runs on.
   */
  private static final double TICKS_PER_SECOND = 100.0;

  private ProcessTree() {}

  /** The leader, if alive, and its live descendants. */
  public static List<Long> pids(long leader) {
    return ProcessHandle.of(leader)
        .map(
            h ->
                Stream.concat(Stream.of(h), h.descendants())
                    .filter(ProcessHandle::isAlive)
                    .map(ProcessHandle::pid)
                    .toList())
        .orElse(List.of());
  }

  /** Cpu seconds of a tree. */
  public record CpuTimes(double userSecs, double systemSecs) {}

  /**
   * User and system time of every live process in the tree, each with the times of the children it
   * has already reaped (so time of processes that ended is not lost, and none is counted twice).
   */
  public static CpuTimes cpuTimes(List<Long> pids) {
    double user = 0;
    double system = 0;
    for (long pid : pids) {
      Optional<String[]> stat = stat(pid);
      if (stat.isPresent()) {
        String[] f = stat.get();
        // Fields after "(comm) ": state=0 ... utime=11 stime=12 cutime=13 cstime=14
        user += (Long.parseLong(f[11]) + Long.parseLong(f[13])) / TICKS_PER_SECOND;
        system += (Long.parseLong(f[12]) + Long.parseLong(f[14])) / TICKS_PER_SECOND;
      }
    }
    return new CpuTimes(user, system);
  }

  /** Resident memory of the tree in bytes (the sum of each process's VmRSS). */
  public static long rssBytes(List<Long> pids) {
    long sum = 0;
    for (long pid : pids) {
      try {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
          if (line.startsWith("VmRSS:")) {
            sum += Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024;
          }
        }
      } catch (IOException | RuntimeException gone) {
        // The process ended while we looked: it uses nothing now.
      }
    }
    return sum;
  }

  private static Optional<String[]> stat(long pid) {
    try {
      String text = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // comm may hold spaces and parentheses: the fields start after the last ") ".
      return Optional.of(text.substring(text.lastIndexOf(") ") + 2).trim().split(" "));
    } catch (IOException | RuntimeException gone) {
      return Optional.empty();
    }
  }
}
