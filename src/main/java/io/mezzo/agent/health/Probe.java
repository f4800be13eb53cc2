package io.mezzo.agent.health;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * One kind of look at a running task (a command, an HTTP GET, a TCP connect), run once per call.
 *
 * <p>Contract: {@link #run} never blocks the caller and never completes exceptionally: a probe that
 * cannot start or does not answer completes with a failed {@link ProbeResult} saying why. It gives
 * up after about {@code timeout}, killing whatever it started; the checkers also time it out on
 * their own timers, so a probe that overruns is only late, never waited for.
 */
public interface Probe {
  CompletionStage<ProbeResult> run(Duration timeout);

  /**
   * What it checks, for messages: {@code "command 'curl -f localhost'"}, {@code "HTTP GET ..."}.
   */
  String describe();
}
