package io.mezzo.master.allocator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mezzo.core.resources.Resources;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Roles as a tree in allocation: agents of one size go one by one to the role first in the
 * hierarchical DRF order, so the counts per role follow the tree and its weights. Shares are
 * written beside each assertion (six agents of cpus:1;mem:100: each agent is 1/6 of the cluster).
 */
class HierarchicalRolesAllocatorTest {
  static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");

  final HierarchicalDrfAllocator allocator =
      new HierarchicalDrfAllocator(AllocatorConfig.defaults(), new SplittableRandom(3));

  private void frameworks(Map<String, String> roleByFramework) {
    roleByFramework.forEach((id, role) -> allocator.addFramework(id, Set.of(role), Set.of(), true));
    for (int i = 1; i <= 6; i++) {
      allocator.addAgent("a" + i, Resources.parse("cpus:1;mem:100"), Map.of());
    }
  }

  private Map<String, Integer> agentsByRole() {
    List<Allocation> offers = allocator.allocate(T0);
    Map<String, Integer> out = new TreeMap<>();
    for (Allocation a : offers) {
      out.merge(a.role(), 1, Integer::sum);
    }
    return out;
  }

  @Test
  void siblingsUnderOneParentShareThatParentsPart() {
    frameworks(Map.of("fa", "eng/a", "fb", "eng/b", "fo", "ops"));
    // Agent by agent: eng (ties by name) → eng/a; ops (0 < 1/6); eng (1/6 = 1/6) → eng/b;
    // ops (2/6 > 1/6); eng → eng/a (tie); ops. eng gets half (eng/a 2, eng/b 1), ops half (3);
    // flat DRF would give each of the three roles 2.
    assertThat(agentsByRole()).isEqualTo(Map.of("eng/a", 2, "eng/b", 1, "ops", 3));
    assertThat(allocator.dominantShare("ops")).isCloseTo(0.5, within(1e-9)); // 3/6
    assertThat(allocator.dominantShare("eng/a")).isCloseTo(2.0 / 6, within(1e-9));
  }

  @Test
  void aWeightOnTheParentGivesItsSubtreeMore() {
    allocator.setWeight("eng", 2);
    frameworks(Map.of("fa", "eng/a", "fb", "eng/b", "fo", "ops"));
    // eng's share is halved: eng 1/12 → ops 1/6 → eng 2/12 (tie, by name) → eng 3/12 > ops 1/6
    // → ops 2/6 → eng 3/12 < 2/6: eng ends with 4 agents (2 each), ops with 2 — 2:1 as weighted.
    assertThat(agentsByRole()).isEqualTo(Map.of("eng/a", 2, "eng/b", 2, "ops", 2));
  }

  @Test
  void aFrameworkInAnInternalRoleCompetesBesideItsChildren() {
    frameworks(Map.of("fe", "eng", "fa", "eng/a", "fo", "ops"));
    // eng's leaf "." and eng/a split eng's half: eng (tie by name, "." < "a") → eng itself;
    // ops; eng → eng/a; ops; eng → eng (tie); ops.
    assertThat(agentsByRole()).isEqualTo(Map.of("eng", 2, "eng/a", 1, "ops", 3));
  }

  @Test
  void flatRolesAreOrderedAsBefore() {
    frameworks(Map.of("f1", "r1", "f2", "r2", "f3", "r3"));
    // Three siblings of the root: 2 agents each.
    assertThat(agentsByRole()).isEqualTo(Map.of("r1", 2, "r2", 2, "r3", 2));
  }
}
