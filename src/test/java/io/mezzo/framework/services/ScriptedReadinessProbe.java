package io.mezzo.framework.services;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link ReadinessProbe} for tests: every probe is recorded and answered at once with the
 * scripted result (503 until told otherwise). No network.
 */
final class ScriptedReadinessProbe implements ReadinessProbe {
  final List<URI> probed = new CopyOnWriteArrayList<>();
  private volatile Result answer = Result.response(503, "text/plain", "starting");

  /** Answers every later probe with {@code result}. */
  void answer(Result result) {
    answer = result;
  }

  @Override
  public CompletionStage<Result> probe(URI uri, Duration timeout) {
    probed.add(uri);
    return CompletableFuture.completedFuture(answer);
  }
}
