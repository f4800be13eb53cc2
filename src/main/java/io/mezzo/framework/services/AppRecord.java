package io.mezzo.framework.services;

import io.mezzo.api.v1.TaskId;
import io.mezzo.framework.services.ServicesSnapshot.TaskFailure;
import io.mezzo.framework.services.app.AppDefinition;
import io.mezzo.framework.services.app.PathId;
import io.mezzo.framework.services.instance.Instance;
import io.mezzo.framework.services.instance.LaunchBackoff;
import io.mezzo.framework.services.placement.MatchReport;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the framework knows of one app beyond its definition: its instances, its stored versions,
 * its launch backoff (counted here, so it survives a failover; the delay is {@link
 * LaunchBackoff}'s), and (not stored) its place in the launch queue. One durable document each
 * ({@link ServicesStore}), so documents stay small. Touched only on the framework's owner thread.
 */
final class AppRecord {
  final PathId id;
  final Map<TaskId, Instance> instances = new LinkedHashMap<>();
  final TreeMap<Instant, AppDefinition> history = new TreeMap<>();
  TaskFailure lastFailure;

  /** Failures in a row since the last reset; the launch delay grows with them. */
  int failures;

  Instant delayUntil;

  // The launch queue: recomputed on every change, so never stored.
  int toLaunch;
  Instant waitingSince;
  MatchReport lastReport = MatchReport.NONE;
  int processedOffers;
  int unusedOffers;
  Instant lastUnusedOfferAt;
  Instant lastUsedOfferAt;

  AppRecord(PathId id) {
    this.id = id;
  }

  boolean delayed(Instant now) {
    return delayUntil != null && now.isBefore(delayUntil);
  }

  boolean hasActive() {
    return instances.values().stream().anyMatch(Instance::isActive);
  }

  /** Adds a version, dropping the oldest beyond {@code limit}. */
  void remember(AppDefinition app, int limit) {
    if (app.version() == null) {
      return;
    }
    history.put(app.version(), app);
    while (history.size() > limit) {
      history.pollFirstEntry();
    }
  }

  /** Counts one more failure and holds launches back by the app's backoff for it. */
  void failed(AppDefinition app, Instant now) {
    failures++;
    delayUntil = now.plus(LaunchBackoff.delayAfter(app, failures));
  }

  /** Clears the backoff; true if there was one. */
  boolean resetDelay() {
    boolean had = failures > 0 || delayUntil != null;
    failures = 0;
    delayUntil = null;
    return had;
  }
}
