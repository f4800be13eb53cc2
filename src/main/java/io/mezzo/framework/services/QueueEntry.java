package io.mezzo.framework.services;

import io.mezzo.framework.services.app.AppDefinition;
import io.mezzo.framework.services.placement.MatchReport;
import java.time.Instant;

/**
 * An app with instances waiting to be placed ({@code /v2/queue}).
 *
 * @param count instances still to launch
 * @param delayUntil launches of this app are held back until then (backoff after failures); null if
 *     not delayed
 * @param lastReport why the offers of the last round were not used
 */
public record QueueEntry(
    AppDefinition app,
    int count,
    Instant since,
    Instant delayUntil,
    MatchReport lastReport,
    int processedOffers,
    int unusedOffers,
    Instant lastUnusedOfferAt,
    Instant lastUsedOfferAt) {}
