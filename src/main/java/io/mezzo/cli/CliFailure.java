package io.mezzo.cli;

import java.util.List;

/**
 * Why a command failed, with the exit status it ends with and the lines printed to stderr. The
 * statuses are the CLI's contract with scripts (README "The mezzo CLI").
 */
public final class CliFailure extends RuntimeException {
  /** The master answered and refused (4xx/5xx): its message and details are the lines. */
  public static final int REFUSED = 1;

  /** A bad command line or input file, found before anything was sent (picocli uses 2 too). */
  public static final int USAGE = 2;

  /** The master could not be reached: no connection, or no answer within the timeout. */
  public static final int UNREACHABLE = 3;

  /** A bounded wait ({@code --wait}) ran out before the deployment finished. */
  public static final int TIMED_OUT = 4;

  private final int exitCode;
  private final List<String> lines;

  public CliFailure(int exitCode, List<String> lines) {
    super(lines.isEmpty() ? "failed" : lines.get(0));
    this.exitCode = exitCode;
    this.lines = List.copyOf(lines);
  }

  public CliFailure(int exitCode, String line) {
    this(exitCode, List.of(line));
  }

  public static CliFailure usage(String line) {
    return new CliFailure(USAGE, line);
  }

  public int exitCode() {
    return exitCode;
  }

  public List<String> lines() {
    return lines;
  }
}
