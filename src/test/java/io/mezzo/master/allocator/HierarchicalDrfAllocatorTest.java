package io.mezzo.master.allocator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mezzo.core.resources.MinAllocatable;
import io.mezzo.core.resources.Resources;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HierarchicalDrfAllocatorTest {
  static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");

  HierarchicalDrfAllocator allocator =
      new HierarchicalDrfAllocator(AllocatorConfig.defaults(), new SplittableRandom(1));

  static Resources r(String text) {
    return Resources.parse(text);
  }

  void framework(String id, String... roles) {
    allocator.addFramework(id, Set.of(roles), Set.of(), true);
  }

  void agent(String id, String total) {
    allocator.addAgent(id, r(total), Map.of());
  }

  static Allocation alloc(String framework, String role, String agent, String resources) {
    return new Allocation(framework, role, agent, r(resources));
  }

  @Test
  void offersGoToRoleWithLowestDominantShare() {
    framework("f1", "r1");
    framework("f2", "r2");
    allocator.addAgent("a1", r("cpus:2;mem:512"), Map.of("f1", r("cpus:2;mem:512")));
    agent("a2", "cpus:4;mem:256");
    agent("a3", "cpus:4;mem:256");
    // Totals cpus 10, mem 1024. r1: cpus 2/10=0.2, mem 512/1024=0.5 → 0.5; r2: 0.
    assertThat(allocator.dominantShare("r1")).isCloseTo(0.5, within(1e-9));
    List<Allocation> offers = allocator.allocate(T0);
    // First agent to r2 (0 < 0.5) → r2: cpus 4/10=0.4, mem 256/1024=0.25 → 0.4, still < 0.5,
    // so r2 also gets the second agent, in whichever order they were shuffled.
    assertThat(offers)
        .containsExactlyInAnyOrder(
            alloc("f2", "r2", "a2", "cpus:4;mem:256"), alloc("f2", "r2", "a3", "cpus:4;mem:256"));
    // r2: cpus 8/10=0.8, mem 512/1024=0.5 → 0.8
    assertThat(allocator.dominantShare("r2")).isCloseTo(0.8, within(1e-9));
  }

  @Test
  void weightsDivideARolesShare() {
    framework("f1", "r1");
    framework("f2", "r2");
    allocator.addAgent(
        "a1", r("cpus:5;mem:512"), Map.of("f1", r("cpus:2;mem:512"), "f2", r("cpus:3")));
    agent("a2", "cpus:5;mem:512");
    // Totals cpus 10, mem 1024. r1: max(2/10, 512/1024) = 0.5; r2: 3/10 = 0.3 → r2 would go first.
    assertThat(allocator.dominantShare("r1")).isCloseTo(0.5, within(1e-9));
    assertThat(allocator.dominantShare("r2")).isCloseTo(0.3, within(1e-9));
    allocator.setWeight("r1", 2);
    // r1: 0.5 / weight 2 = 0.25 < r2: 0.3 → r1 goes first.
    assertThat(allocator.dominantShare("r1")).isCloseTo(0.25, within(1e-9));
    assertThat(allocator.allocate(T0)).containsExactly(alloc("f1", "r1", "a2", "cpus:5;mem:512"));
  }

  @Test
  void frameworksWithinARoleAreOrderedByDominantShare() {
    framework("f1", "r");
    framework("f2", "r");
    framework("f3", "r");
    allocator.addAgent("a1", r("cpus:3"), Map.of("f1", r("cpus:2"), "f2", r("cpus:1")));
    agent("a2", "cpus:7;mem:700");
    // Totals cpus 10, mem 700. f1: 2/10=0.2, f2: 1/10=0.1, f3: 0 → f3 first.
    assertThat(allocator.allocate(T0)).containsExactly(alloc("f3", "r", "a2", "cpus:7;mem:700"));
    allocator.recoverResources("f3", "a2", r("cpus:7;mem:700"), Duration.ofDays(1), T0);
    // f3 declined for a day; next is f2 (0.1) before f1 (0.2).
    assertThat(allocator.allocate(T0.plusSeconds(1)))
        .containsExactly(alloc("f2", "r", "a2", "cpus:7;mem:700"));
  }

  @Test
  void frameworksWithEqualSharesAreOrderedByName() {
    framework("fb", "r");
    framework("fa", "r");
    agent("a1", "cpus:1;mem:100");
    assertThat(allocator.allocate(T0)).containsExactly(alloc("fa", "r", "a1", "cpus:1;mem:100"));
  }

  @Test
  void reservedResourcesAreOfferedOnlyToTheirRole() {
    framework("f1", "dev");
    framework("f2", "eng");
    agent("a1", "cpus:4;cpus(eng):2;mem:512;mem(eng):256");
    // Both shares 0, so "dev" sorts first by name and takes what it may: the unreserved part.
    assertThat(allocator.allocate(T0))
        .containsExactly(
            alloc("f1", "dev", "a1", "cpus:4;mem:512"),
            alloc("f2", "eng", "a1", "cpus(eng):2;mem(eng):256"));
  }

  @Test
  void aRoleWithReservationsGetsThemAndTheUnreservedPoolWhenFirst() {
    framework("f1", "eng");
    framework("f2", "ops");
    agent("a1", "cpus:4;cpus(eng):2;mem:512");
    assertThat(allocator.allocate(T0))
        .containsExactly(alloc("f1", "eng", "a1", "cpus:4;cpus(eng):2;mem:512"));
  }

  @Test
  void anAllocatedResourceIsNotOfferedAgainUntilRecovered() {
    framework("f1", "r");
    framework("f2", "r");
    agent("a1", "cpus:4;mem:512");
    assertThat(allocator.allocate(T0)).hasSize(1);
    assertThat(allocator.allocate(T0.plusSeconds(1))).isEmpty();
    allocator.recoverResources("f1", "a1", r("cpus:1;mem:128"), null, T0.plusSeconds(1));
    // f1: max(3/4, 384/512) = 0.75, f2: 0 → f2 gets what came back.
    assertThat(allocator.allocate(T0.plusSeconds(2)))
        .containsExactly(alloc("f2", "r", "a1", "cpus:1;mem:128"));
  }

  @Test
  void aFilterBlocksWhileTheAvailableResourcesAreASubsetOfTheRefusedOnes() {
    framework("f1", "r");
    allocator.addFramework("f2", Set.of("other"), Set.of("other"), true);
    allocator.addAgent("a1", r("cpus:4;mem:1024"), Map.of("f2", r("cpus:1")));
    assertThat(allocator.allocate(T0)).containsExactly(alloc("f1", "r", "a1", "cpus:3;mem:1024"));
    allocator.recoverResources("f1", "a1", r("cpus:3;mem:1024"), Duration.ofSeconds(10), T0);
    assertThat(allocator.activeFilters("r")).isEqualTo(1);
    // Available cpus:3;mem:1024 is inside the refused resources: blocked.
    assertThat(allocator.allocate(T0.plusSeconds(1))).isEmpty();
    assertThat(allocator.lastRunDecisions())
        .anySatisfy(
            reason -> {
              assertThat(reason.code()).isEqualTo(SkipReason.Code.FILTERED);
              assertThat(reason.message())
                  .isEqualTo(
                      "framework f1 role r on agent a1: refused until 2026-01-01T12:00:10Z (declined cpus:3;mem:1024) (FILTERED)");
            });
    // f2 returns a cpu: now cpus:4;mem:1024 is available, more than was refused, so f1 sees it
    // again.
    allocator.recoverResources("f2", "a1", r("cpus:1"), null, T0.plusSeconds(2));
    assertThat(allocator.allocate(T0.plusSeconds(2)))
        .containsExactly(alloc("f1", "r", "a1", "cpus:4;mem:1024"));
  }

  @Test
  void aFilterLapsesAfterItsRefuseTime() {
    framework("f1", "r");
    agent("a1", "cpus:4;mem:1024");
    allocator.allocate(T0);
    allocator.recoverResources("f1", "a1", r("cpus:4;mem:1024"), Duration.ofSeconds(5), T0);
    assertThat(allocator.allocate(T0.plusMillis(4999))).isEmpty();
    assertThat(allocator.allocate(T0.plusSeconds(5))).hasSize(1);
    assertThat(allocator.activeFilters("r")).isZero();
  }

  @Test
  void aFilterLastsAtLeastOneAllocationInterval() {
    framework("f1", "r");
    agent("a1", "cpus:4;mem:1024");
    allocator.allocate(T0);
    allocator.recoverResources("f1", "a1", r("cpus:4;mem:1024"), Duration.ofMillis(100), T0);
    // max(0.1 s, interval 1 s) = 1 s
    assertThat(allocator.allocate(T0.plusMillis(999))).isEmpty();
    assertThat(allocator.allocate(T0.plusSeconds(1))).hasSize(1);
  }

  @Test
  void aZeroRefuseInstallsNoFilterAndANegativeOneMeansFiveSeconds() {
    framework("f1", "r");
    agent("a1", "cpus:4;mem:1024");
    allocator.allocate(T0);
    allocator.recoverResources("f1", "a1", r("cpus:4;mem:1024"), Duration.ZERO, T0);
    assertThat(allocator.activeFilters("r")).isZero();
    assertThat(allocator.allocate(T0)).hasSize(1);
    allocator.recoverResources("f1", "a1", r("cpus:4;mem:1024"), Duration.ofSeconds(-3), T0);
    assertThat(allocator.allocate(T0.plusMillis(4999))).isEmpty();
    assertThat(allocator.allocate(T0.plusSeconds(5))).hasSize(1);
  }

  @Test
  void refusalsBeyondAYearAreCapped() {
    framework("f1", "r");
    agent("a1", "cpus:4;mem:1024");
    allocator.allocate(T0);
    allocator.recoverResources("f1", "a1", r("cpus:4;mem:1024"), Duration.ofDays(5000), T0);
    assertThat(allocator.allocate(T0.plus(Duration.ofDays(365)).minusSeconds(1))).isEmpty();
    assertThat(allocator.allocate(T0.plus(Duration.ofDays(365)))).hasSize(1);
  }

  @Test
  void reviveClearsFiltersAndUnsuppresses() {
    framework("f1", "r");
    agent("a1", "cpus:4;mem:1024");
    allocator.allocate(T0);
    allocator.recoverResources("f1", "a1", r("cpus:4;mem:1024"), Duration.ofDays(1), T0);
    allocator.suppressRoles("f1", Set.of());
    assertThat(allocator.allocate(T0.plusSeconds(1))).isEmpty();
    allocator.reviveRoles("f1", Set.of("r"));
    assertThat(allocator.activeFilters("r")).isZero();
    assertThat(allocator.allocate(T0.plusSeconds(1)))
        .containsExactly(alloc("f1", "r", "a1", "cpus:4;mem:1024"));
  }

  @Test
  void suppressedRolesGetNoOffersUntilRevived() {
    framework("f1", "r1", "r2");
    agent("a1", "cpus:4;mem:1024");
    allocator.suppressRoles("f1", Set.of("r1"));
    // Only r2 is offered; r1 is suppressed.
    assertThat(allocator.allocate(T0)).containsExactly(alloc("f1", "r2", "a1", "cpus:4;mem:1024"));
    allocator.recoverResources("f1", "a1", r("cpus:4;mem:1024"), null, T0);
    allocator.suppressRoles("f1", Set.of());
    assertThat(allocator.allocate(T0)).isEmpty();
    assertThat(allocator.lastRunDecisions())
        .extracting(SkipReason::code)
        .contains(SkipReason.Code.ROLE_SUPPRESSED);
    allocator.reviveRoles("f1", Set.of());
    assertThat(allocator.allocate(T0)).hasSize(1);
    assertThatThrownBy(() -> allocator.suppressRoles("f1", Set.of("nope")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void offersBelowTheMinimumAllocatableAreNotMade() {
    framework("f1", "r");
    agent("a1", "cpus:0.005;mem:16;disk:1000");
    assertThat(allocator.allocate(T0)).isEmpty();
    assertThat(allocator.lastRunDecisions())
        .singleElement()
        .satisfies(
            reason -> {
              assertThat(reason.code()).isEqualTo(SkipReason.Code.BELOW_MIN_ALLOCATABLE);
              assertThat(reason.message())
                  .contains("below the minimum allocatable cpus:0.01|mem:32");
            });
    HierarchicalDrfAllocator lenient =
        new HierarchicalDrfAllocator(
            new AllocatorConfig(Duration.ofSeconds(1), MinAllocatable.none(), "drf"),
            new SplittableRandom(1));
    lenient.addFramework("f1", Set.of("r"), Set.of(), true);
    lenient.addAgent("a1", r("cpus:0.005;mem:16;disk:1000"), Map.of());
    assertThat(lenient.allocate(T0)).hasSize(1);
  }

  @Test
  void aDeactivatedAgentGetsNoOffers() {
    framework("f1", "r");
    agent("a1", "cpus:4;mem:1024");
    allocator.deactivateAgent("a1");
    assertThat(allocator.allocate(T0)).isEmpty();
    assertThat(allocator.lastRunDecisions())
        .extracting(SkipReason::message)
        .containsExactly("agent a1: agent is deactivated (AGENT_INACTIVE)");
    allocator.activateAgent("a1");
    assertThat(allocator.allocate(T0)).hasSize(1);
  }

  @Test
  void anInactiveFrameworkGetsNoOffers() {
    allocator.addFramework("f1", Set.of("r"), Set.of(), false);
    agent("a1", "cpus:4;mem:1024");
    assertThat(allocator.allocate(T0)).isEmpty();
    assertThat(allocator.explain("f1", "a1", T0))
        .extracting(SkipReason::code)
        .containsExactly(SkipReason.Code.FRAMEWORK_INACTIVE);
    allocator.activateFramework("f1");
    assertThat(allocator.allocate(T0)).hasSize(1);
  }

  @Test
  void removeFrameworkReturnsItsResourcesToThePool() {
    framework("f1", "r");
    framework("f2", "r");
    agent("a1", "cpus:4;mem:1024");
    assertThat(allocator.allocate(T0)).containsExactly(alloc("f1", "r", "a1", "cpus:4;mem:1024"));
    allocator.removeFramework("f1");
    assertThat(allocator.available("a1")).isEqualTo(r("cpus:4;mem:1024"));
    assertThat(allocator.allocatedTotal()).isEqualTo(Resources.empty());
    assertThat(allocator.allocate(T0)).containsExactly(alloc("f2", "r", "a1", "cpus:4;mem:1024"));
    allocator.removeFramework("f1");
  }

  @Test
  void eventTriggeredAllocationTouchesOnlyTheGivenAgents() {
    framework("f1", "r");
    agent("a1", "cpus:1;mem:100");
    agent("a2", "cpus:2;mem:200");
    agent("a3", "cpus:3;mem:300");
    assertThat(allocator.allocate(T0, Set.of("a2", "unknown")))
        .containsExactly(alloc("f1", "r", "a2", "cpus:2;mem:200"));
    assertThat(allocator.available("a1")).isEqualTo(r("cpus:1;mem:100"));
    assertThat(allocator.allocate(T0))
        .extracting(Allocation::agentId)
        .containsExactlyInAnyOrder("a1", "a3");
  }

  @Test
  void usedResourcesOfAReregisteringAgentAreChargedOnceTheFrameworkIsAdded() {
    allocator.addAgent(
        "a1", r("cpus:4;cpus(eng):2;mem:1000"), Map.of("f9", r("cpus:1;cpus(eng):2;mem:500")));
    assertThat(allocator.allocatedTotal()).isEqualTo(r("cpus:1;cpus(eng):2;mem:500"));
    assertThat(allocator.available("a1")).isEqualTo(r("cpus:3;mem:500"));
    allocator.addFramework("f9", Set.of("web", "eng"), Set.of(), true);
    // Unreserved used resources go to its first role by name, "eng", as do the eng reservations:
    // eng holds cpus 3/6 = 0.5, mem 500/1000 = 0.5 → 0.5.
    assertThat(allocator.dominantShare("eng")).isCloseTo(0.5, within(1e-9));
    assertThat(allocator.allocated("f9")).isEqualTo(r("cpus:1;cpus(eng):2;mem:500"));
    allocator.recoverResources("f9", "a1", r("cpus:1;cpus(eng):2;mem:500"), null, T0);
    assertThat(allocator.dominantShare("eng")).isZero();
  }

  @Test
  void recoveringWhatIsNotAllocatedThrowsAndChangesNothing() {
    framework("f1", "r");
    agent("a1", "cpus:4;mem:1024");
    allocator.allocate(T0);
    assertThatThrownBy(
            () -> allocator.recoverResources("f1", "a1", r("cpus:5"), Duration.ofDays(1), T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not allocated");
    assertThat(allocator.allocated("f1")).isEqualTo(r("cpus:4;mem:1024"));
    assertThat(allocator.activeFilters("r")).isZero();
    // Late messages for removed frameworks or agents are ignored.
    allocator.recoverResources("gone", "a1", r("cpus:1"), null, T0);
    allocator.recoverResources("f1", "gone", r("cpus:1"), null, T0);
  }

  @Test
  void explainSaysWhyAFrameworkIsNotOfferedAnAgent() {
    framework("f1", "r");
    framework("f2", "r");
    agent("a1", "cpus:4;mem:1024");
    allocator.allocate(T0); // f1 gets a1
    assertThat(allocator.explain("f2", "a1", T0))
        .extracting(SkipReason::message)
        .containsExactly(
            "framework f2 role r on agent a1: what the role could use is allocated to f1 (role r) (TAKEN_BY_OTHERS)");
    allocator.recoverResources("f1", "a1", r("cpus:4;mem:1024"), Duration.ofMinutes(1), T0);
    assertThat(allocator.explain("f1", "a1", T0))
        .extracting(SkipReason::code)
        .containsExactly(SkipReason.Code.FILTERED);
    assertThat(allocator.explain("f2", "a1", T0)).isEmpty();
  }

  @Test
  void anAgentEveryoneRefusedIsSkippedWholeUntilSomethingChanges() {
    framework("f1", "r");
    agent("a1", "cpus:4;mem:1024");
    allocator.allocate(T0);
    allocator.recoverResources("f1", "a1", r("cpus:4;mem:1024"), Duration.ofMinutes(1), T0);
    assertThat(allocator.allocate(T0.plusSeconds(1))).isEmpty();
    assertThat(allocator.allocate(T0.plusSeconds(2))).isEmpty();
    assertThat(allocator.lastRunDecisions())
        .extracting(SkipReason::code)
        .containsExactly(SkipReason.Code.AGENT_UNCHANGED);
    // A new framework may take it: the cache must not hide the agent from it.
    framework("f2", "r");
    assertThat(allocator.allocate(T0.plusSeconds(3)))
        .containsExactly(alloc("f2", "r", "a1", "cpus:4;mem:1024"));
    allocator.recoverResources(
        "f2", "a1", r("cpus:4;mem:1024"), Duration.ofSeconds(5), T0.plusSeconds(3));
    assertThat(allocator.allocate(T0.plusSeconds(4))).isEmpty();
    // f2's filter lapses at +8 s: the cache must not outlive it.
    assertThat(allocator.allocate(T0.plusSeconds(8)))
        .containsExactly(alloc("f2", "r", "a1", "cpus:4;mem:1024"));
  }

  @Test
  void updateFrameworkDropsRolesAndTheirFilters() {
    framework("f1", "r1", "r2");
    agent("a1", "cpus:4;mem:1024");
    List<Allocation> first = allocator.allocate(T0);
    assertThat(first).hasSize(1);
    Allocation offer = first.get(0);
    allocator.recoverResources("f1", "a1", offer.resources(), Duration.ofDays(1), T0);
    allocator.updateFramework("f1", Set.of("r3"), Set.of());
    assertThat(allocator.activeFilters(offer.role())).isZero();
    assertThat(allocator.dominantShare("r1")).isZero();
    assertThat(allocator.allocate(T0)).containsExactly(alloc("f1", "r3", "a1", "cpus:4;mem:1024"));
  }

  @Test
  void misuseIsRejectedWithClearMessages() {
    framework("f1", "r");
    agent("a1", "cpus:1");
    assertThatThrownBy(() -> framework("f1", "r")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> agent("a1", "cpus:1")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> allocator.addFramework("f2", Set.of(), Set.of(), true))
        .hasMessageContaining("at least one role");
    assertThatThrownBy(() -> allocator.addFramework("f2", Set.of("a"), Set.of("b"), true))
        .hasMessageContaining("suppressed");
    assertThatThrownBy(() -> allocator.addAgent("a2", r("cpus:1"), Map.of("f1", r("cpus:2"))))
        .hasMessageContaining("exceed");
    assertThatThrownBy(() -> allocator.activateFramework("nope"))
        .hasMessageContaining("unknown framework nope");
    assertThatThrownBy(() -> allocator.deactivateAgent("nope"))
        .hasMessageContaining("unknown agent nope");
    allocator.removeAgent("nope");
  }

  @Test
  void removeAgentForgetsItsAllocationsAndTotal() {
    framework("f1", "r");
    agent("a1", "cpus:4;mem:1024");
    agent("a2", "cpus:4;mem:1024");
    allocator.allocate(T0);
    allocator.removeAgent("a1");
    assertThat(allocator.total()).isEqualTo(r("cpus:4;mem:1024"));
    assertThat(allocator.allocated("f1")).isEqualTo(r("cpus:4;mem:1024"));
    // f1: cpus 4/4 → 1.0
    assertThat(allocator.dominantShare("r")).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void theRandomSorterAlsoOffersEverythingOnce() {
    HierarchicalDrfAllocator random =
        new HierarchicalDrfAllocator(
            new AllocatorConfig(Duration.ofSeconds(1), MinAllocatable.defaults(), "random"),
            new SplittableRandom(3));
    random.addFramework("f1", Set.of("r1"), Set.of(), true);
    random.addFramework("f2", Set.of("r2"), Set.of(), true);
    for (int i = 0; i < 10; i++) {
      random.addAgent("a" + i, r("cpus:1;mem:100"), Map.of());
    }
    assertThat(random.allocate(T0))
        .hasSize(10)
        .extracting(Allocation::agentId)
        .doesNotHaveDuplicates();
    assertThat(random.allocatedTotal()).isEqualTo(random.total());
  }
}
