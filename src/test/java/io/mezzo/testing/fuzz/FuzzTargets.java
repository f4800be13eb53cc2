package io.mezzo.testing.fuzz;

import java.util.List;

/**
 * What the generator may aim at, as a framework would see it at one moment: the protected framework
 * (F) and the expendable one (G), their stream ids, offers and tasks, and the real agent.
 *
 * <p>F is only ever sent calls that cannot hurt it even when they are valid (no TEARDOWN, no
 * UPDATE_FRAMEWORK, no SUBSCRIBE with its id, no KILL of its tasks), so the invariants about F hold
 * whatever the generator draws. G may be torn down, failed over or updated by the fuzz.
 *
 * @param fOffers offer ids F received (outstanding or not)
 * @param gTasks task ids G launched
 */
public record FuzzTargets(
    String fId,
    String fStream,
    String gId,
    String gStream,
    String agentId,
    List<String> fOffers,
    List<String> gOffers,
    List<String> gTasks) {}
