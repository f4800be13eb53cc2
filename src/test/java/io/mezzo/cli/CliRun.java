package io.mezzo.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Runs the CLI in-process with captured output, a fixed clock and waits that return at once. */
final class CliRun {
  static final Instant NOW = Instant.parse("2026-01-02T10:00:00Z");

  record Result(int code, String out, String err, List<Duration> pauses) {}

  private CliRun() {}

  static Result run(Map<String, String> env, String... args) {
    return run(env, Clock.fixed(NOW, ZoneOffset.UTC), null, args);
  }

  /** Against {@code master} with a clock that each pause moves on by the time paused. */
  static Result againstWithMovingClock(StubMaster master, String... args) {
    MovingClock clock = new MovingClock();
    return run(Map.of(), clock, clock::advance, withMaster(master, args));
  }

  private static Result run(
      Map<String, String> env, Clock clock, CliEnvironment.Pause pause, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<Duration> pauses = new CopyOnWriteArrayList<>();
    CliEnvironment e =
        new CliEnvironment(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            env,
            clock,
            d -> {
              pauses.add(d);
              if (pause != null) {
                pause.pause(d);
              }
            });
    int code = MezzoCli.run(e, args);
    return new Result(code, out.toString(), err.toString(), pauses);
  }

  /** Against {@code master}, given with --master. */
  static Result against(StubMaster master, String... args) {
    return run(Map.of(), withMaster(master, args));
  }

  private static String[] withMaster(StubMaster master, String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--master";
    all[1] = master.url();
    System.arraycopy(args, 0, all, 2, args.length);
    return all;
  }

  /** A clock that stands still until told to move. */
  static final class MovingClock extends Clock {
    private volatile Instant now = NOW;

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
