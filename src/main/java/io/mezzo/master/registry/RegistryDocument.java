package io.mezzo.master.registry;

import io.mezzo.master.maintenance.Maintenance;
import io.mezzo.master.quota.QuotaConfig;
import java.util.List;
import java.util.Map;

/**
 * The {@link Registry} as one document: its JSON, as Mezzo stored it before it was split, and the
 * shape of the meta document (counters, weights, controls, quotas, maintenance) with no agents or
 * frameworks. A field an older Mezzo did not write (such as {@code quotas} or {@code maintenance})
 * reads as null, taken as none, so old registries load unchanged.
 */
public record RegistryDocument(
    Long nextFrameworkSeq,
    Long nextAgentSeq,
    List<Registry.AdmittedAgent> agents,
    List<Registry.KnownFramework> frameworks,
    Map<String, Double> weights,
    Map<String, AgentControl> agentControls,
    Map<String, QuotaConfig> quotas,
    Maintenance maintenance) {}
