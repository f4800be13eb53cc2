package io.mezzo.agent.health;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A probe whose results are scripted: each run takes the next result, or hangs (never completes)
 * when the script says so, or repeats the last one when the script ran out.
 */
final class ScriptedProbe implements Probe {
  static final ProbeResult HANG = ProbeResult.failed("hang");
  private final Deque<ProbeResult> script = new ArrayDeque<>();
  private ProbeResult last = ProbeResult.failed("unscripted");
  int runs;

  ScriptedProbe then(ProbeResult... results) {
    for (ProbeResult r : results) {
      script.addLast(r);
    }
    return this;
  }

  @Override
  public CompletionStage<ProbeResult> run(Duration timeout) {
    runs++;
    if (!script.isEmpty()) {
      last = script.removeFirst();
    }
    return last == HANG ? new CompletableFuture<>() : CompletableFuture.completedFuture(last);
  }

  @Override
  public String describe() {
    return "scripted";
  }

  static ProbeResult pass() {
    return ProbeResult.exited(0, "passed");
  }

  static ProbeResult fail() {
    return ProbeResult.exited(1, "failed");
  }
}
