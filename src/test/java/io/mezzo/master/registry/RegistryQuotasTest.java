package io.mezzo.master.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.master.quota.QuotaConfig;
import io.mezzo.master.state.InMemoryStateStore;
import io.mezzo.master.state.StateStore;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Quotas live in the registry's meta document, and a meta document without them reads as none. */
class RegistryQuotasTest {
  private final StateStore shared = new InMemoryStateStore();

  @Test
  void quotasSurviveARecovery() {
    RegistryStore writer = new RegistryStore(shared);
    writer.recover();
    QuotaConfig a = new QuotaConfig("a", Map.of("cpus", 2.0), Map.of("cpus", 4.0, "mem", 1024.0));
    QuotaConfig eng = new QuotaConfig("eng/web", Map.of(), Map.of("cpus", 1.5));
    writer.save(writer.current().withQuotas(Map.of("a", a, "eng/web", eng)));

    Registry recovered = new RegistryStore(shared).recover();
    assertThat(recovered.quotas()).containsOnly(Map.entry("a", a), Map.entry("eng/web", eng));
    assertThat(recovered.quotas().get("a").limit("mem")).isEqualTo(1024.0);
    assertThat(recovered.quotas().get("a").limit("disk")).isEqualTo(Double.POSITIVE_INFINITY);
  }

  @Test
  void aMetaDocumentWrittenBeforeQuotasReadsAsNoQuota() {
    RegistryStore first = new RegistryStore(shared);
    first.recover();
    first.save(first.current().withWeights(Map.of("web", 2.0)));
    // What a Mezzo without quotas wrote: no "quotas" field at all.
    long version = shared.read(RegistryStore.META).orElseThrow().version();
    shared.write(
        RegistryStore.META,
        "{\"next_framework_seq\":3,\"next_agent_seq\":1,\"weights\":{\"web\":2.0}}"
            .getBytes(StandardCharsets.UTF_8),
        version);

    Registry recovered = new RegistryStore(shared).recover();
    assertThat(recovered.quotas()).isEmpty();
    assertThat(recovered.weights()).containsEntry("web", 2.0);
    assertThat(recovered.nextFrameworkSeq()).isEqualTo(3L);
  }

  @Test
  void changingQuotasWritesTheMetaDocumentOnly() {
    RegistryStore store = new RegistryStore(shared);
    store.recover();
    Registry next =
        store.current().withQuotas(Map.of("a", new QuotaConfig("a", Map.of("cpus", 1.0), null)));
    assertThat(RegistryDiff.delta(next))
        .singleElement()
        .satisfies(op -> assertThat(op.toString()).contains(RegistryStore.META));
  }
}
