package io.mezzo.master.registry;

import io.mezzo.master.maintenance.Maintenance;
import java.util.List;
import java.util.Map;

/**
 * The {@link Registry} as one document: its JSON, as Mezzo stored it before it was split, and the
 * shape of the meta document (counters, weights, controls, maintenance) with no agents or
 * frameworks. A document written before maintenance existed has no {@code maintenance}: that reads
 * as none.
 */
public record RegistryDocument(
    Long nextFrameworkSeq,
    Long nextAgentSeq,
    List<Registry.AdmittedAgent> agents,
    List<Registry.KnownFramework> frameworks,
    Map<String, Double> weights,
    Map<String, AgentControl> agentControls,
    Maintenance maintenance) {}
