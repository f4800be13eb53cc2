package io.mezzo.framework.services.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.framework.services.QueueEntry;
import io.mezzo.framework.services.ServicesApi;
import io.mezzo.framework.services.ServicesException;
import io.mezzo.framework.services.app.PathId;
import io.mezzo.framework.services.placement.MatchReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;

/**
 * {@code /v2/queue}: the apps with instances waiting to launch, with their backoff delay and
 * Marathon's {@code processedOffersSummary} — plus Mezzo's {@code reasons}, sentences that say why
 * the offers seen were unusable ("constraint hostname:UNIQUE unmet on 3 agents"). {@code DELETE
 * /v2/queue/{id}/delay} ends an app's backoff.
 */
final class QueueHandler {
  /** Marathon's reason names in the order its summary lists them. */
  private static final String[] REASONS = {
    "UnfulfilledRole",
    "UnfulfilledConstraint",
    "NoCorrespondingReservationFound",
    "AgentMaintenance",
    "InsufficientCpus",
    "InsufficientMemory",
    "InsufficientDisk",
    "InsufficientGpus",
    "InsufficientPorts",
    "DeclinedScarceResources"
  };

  private final ServicesApi api;
  private final Clock clock;

  QueueHandler(ServicesApi api, Clock clock) {
    this.api = api;
    this.clock = clock;
  }

  CompletionStage<ApiReply> list(ApiRequest r) {
    for (String e : r.query().allow("embed").all("embed")) {
      throw ApiReply.badRequest(
          "Unknown embed '"
              + e
              + "': Mezzo keeps no unused offers (lastUnusedOffers); processedOffersSummary and"
              + " reasons say why offers went unused");
    }
    Instant now = clock.instant();
    return api.snapshot()
        .thenApply(
            s -> {
              ObjectNode out = MarathonJson.object();
              ArrayNode queue = out.putArray("queue");
              s.queue().forEach(q -> queue.add(entry(q, now)));
              return ApiReply.ok(out);
            });
  }

  CompletionStage<ApiReply> resetDelay(ApiRequest r, String rawId) {
    r.query().allow();
    PathId id = Ids.parse(rawId);
    return api.resetDelay(id)
        .thenApply(
            reset -> {
              if (!reset) {
                throw new ServicesException(
                    404, "Application " + id + " not found in tasks queue.");
              }
              return ApiReply.empty(204);
            });
  }

  static ObjectNode entry(QueueEntry q, Instant now) {
    ObjectNode o = MarathonJson.object();
    o.set("app", AppCodec.write(q.app()));
    o.put("count", q.count());
    o.put("role", q.app().role());
    ObjectNode delay = o.putObject("delay");
    long left =
        q.delayUntil() == null ? 0 : Math.max(0, Duration.between(now, q.delayUntil()).toSeconds());
    delay.put("timeLeftSeconds", left);
    delay.put("overdue", q.delayUntil() == null || !q.delayUntil().isAfter(now));
    o.put("since", MarathonJson.time(q.since()));
    ObjectNode summary = o.putObject("processedOffersSummary");
    summary.put("processedOffersCount", q.processedOffers());
    summary.put("unusedOffersCount", q.unusedOffers());
    if (q.lastUnusedOfferAt() != null) {
      summary.put("lastUnusedOfferAt", MarathonJson.time(q.lastUnusedOfferAt()));
    }
    if (q.lastUsedOfferAt() != null) {
      summary.put("lastUsedOfferAt", MarathonJson.time(q.lastUsedOfferAt()));
    }
    MatchReport report = q.lastReport() == null ? MatchReport.NONE : q.lastReport();
    ArrayNode reject = summary.putArray("rejectSummaryLastOffers");
    Map<String, Integer> reasons = new TreeMap<>(report.reasons());
    for (String name : REASONS) {
      ObjectNode x = reject.addObject();
      x.put("reason", name);
      x.put("declined", reasons.getOrDefault(name, 0));
      x.put("processed", report.offersSeen());
      reasons.remove(name);
    }
    // Reasons Marathon has no name for are listed too, never dropped.
    reasons.forEach(
        (name, n) -> {
          ObjectNode x = reject.addObject();
          x.put("reason", name);
          x.put("declined", n);
          x.put("processed", report.offersSeen());
        });
    ArrayNode details = summary.putArray("reasons");
    report.details().forEach(details::add);
    return o;
  }
}
