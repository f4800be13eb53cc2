package io.mezzo.master.offer;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.OfferId;
import io.mezzo.core.resources.Resources;
import io.mezzo.core.time.Timers;
import java.time.Instant;

/** An outstanding offer: resources of one agent held for one role of one framework. */
public record OfferEntry(
    OfferId id,
    FrameworkId frameworkId,
    AgentId agentId,
    String role,
    Resources resources,
    Instant created,
    Timers.Cancellable timeout) {}
