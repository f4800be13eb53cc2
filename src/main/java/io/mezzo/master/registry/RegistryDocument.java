package io.mezzo.master.registry;

import io.mezzo.master.quota.QuotaConfig;
import java.util.List;
import java.util.Map;

/**
 * The {@link Registry} as one document: its JSON, as Mezzo stored it before it was split, and the
 * shape of the meta document (without agents and frameworks) since. A field an older Mezzo did not
 * write (such as {@code quotas}) reads as null, taken as empty, so old registries load unchanged.
 */
public record RegistryDocument(
    Long nextFrameworkSeq,
    Long nextAgentSeq,
    List<Registry.AdmittedAgent> agents,
    List<Registry.KnownFramework> frameworks,
    Map<String, Double> weights,
    Map<String, AgentControl> agentControls,
    Map<String, QuotaConfig> quotas) {}
