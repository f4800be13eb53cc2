package io.mezzo.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * What a CLI run gets from the world, injected so tests run every command in-process: its output
 * streams, the environment variables ({@code MEZZO_MASTER}), a clock for ages, and how it waits
 * between polls (follow, {@code --wait}).
 */
public record CliEnvironment(
    PrintWriter out, PrintWriter err, Map<String, String> env, Clock clock, Pause pause) {

  /** How the CLI waits between two polls; tests answer at once and record the waits. */
  @FunctionalInterface
  public interface Pause {
    /** Returns after {@code d}, or throws if the thread is interrupted (Ctrl-C). */
    void pause(Duration d) throws InterruptedException;
  }

  public CliEnvironment {
    env = Map.copyOf(env);
  }

  /** The real terminal, environment, clock and sleep. */
  public static CliEnvironment system() {
    return new CliEnvironment(
        new PrintWriter(System.out, true, StandardCharsets.UTF_8),
        new PrintWriter(System.err, true, StandardCharsets.UTF_8),
        System.getenv(),
        Clock.systemUTC(),
        d -> Thread.sleep(d.toMillis()));
  }
}
