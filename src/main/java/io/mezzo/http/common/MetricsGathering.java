package io.mezzo.http.common;

import io.mezzo.core.time.Timers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Merges the parts of {@code /metrics/snapshot} under the request's {@code timeout}, as libprocess
 * does: without one it waits for every part; with one it answers when every part has arrived or the
 * timeout has passed, whichever is first, leaving out what did not arrive in time. A part is a
 * role's whole set of metrics (the master's come from one read of its state), so a part is in or
 * out as a whole. A part that fails is left out too, as a failed metric is in Mesos.
 *
 * <p>Thread-safe: parts may complete on any thread; the answer completes on the thread of the last
 * part or of the timer.
 */
public final class MetricsGathering {
  private MetricsGathering() {}

  /**
   * The merged metrics, sorted by key.
   *
   * @param timeout how long to wait at most; empty waits for every part
   * @param timers where the timeout is scheduled (the timer is cancelled once every part arrived)
   */
  public static CompletionStage<Map<String, Double>> gather(
      List<CompletionStage<Map<String, Double>>> parts, Optional<Duration> timeout, Timers timers) {
    List<Map<String, Double>> arrived = new ArrayList<>();
    CompletableFuture<Map<String, Double>> answer = new CompletableFuture<>();
    AtomicInteger pending = new AtomicInteger(parts.size());
    Runnable finish = () -> answer.complete(merge(arrived));
    Timers.Cancellable timer =
        timeout.isPresent() && !parts.isEmpty() ? timers.schedule(timeout.get(), finish) : () -> {};
    if (parts.isEmpty()) {
      finish.run();
    }
    for (CompletionStage<Map<String, Double>> part : parts) {
      part.whenComplete(
          (metrics, error) -> {
            if (metrics != null) {
              synchronized (arrived) {
                if (!answer.isDone()) {
                  arrived.add(metrics);
                }
              }
            }
            if (pending.decrementAndGet() == 0) {
              timer.cancel();
              finish.run();
            }
          });
    }
    return answer;
  }

  private static Map<String, Double> merge(List<Map<String, Double>> arrived) {
    Map<String, Double> all = new TreeMap<>();
    synchronized (arrived) {
      arrived.forEach(all::putAll);
    }
    return all;
  }
}
