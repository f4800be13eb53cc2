package io.mezzo.master.allocator;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.core.resources.Resources;
import io.mezzo.master.quota.QuotaConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Quota in the allocator: guarantees first, limits never exceeded, headroom held back. */
class QuotaAllocationTest {
  static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");

  HierarchicalDrfAllocator allocator =
      new HierarchicalDrfAllocator(AllocatorConfig.defaults(), new SplittableRandom(7));

  static Resources r(String text) {
    return Resources.parse(text);
  }

  void framework(String id, String role) {
    allocator.addFramework(id, Set.of(role), Set.of(), true);
  }

  void agents(int n, String each) {
    for (int i = 0; i < n; i++) {
      allocator.addAgent("a" + i, r(each), Map.of());
    }
  }

  static QuotaConfig quota(
      String role, Map<String, Double> guarantees, Map<String, Double> limits) {
    return new QuotaConfig(role, guarantees, limits);
  }

  void quotas(QuotaConfig... configs) {
    Map<String, QuotaConfig> m = new java.util.TreeMap<>();
    for (QuotaConfig c : configs) {
      m.put(c.role(), c);
    }
    allocator.setQuotas(m);
  }

  static double cpus(List<Allocation> offers, String role) {
    return offers.stream()
        .filter(o -> o.role().equals(role))
        .mapToDouble(o -> o.resources().scalar("cpus"))
        .sum();
  }

  @Test
  void withoutQuotaTheHeavyRoleTakesEverything() {
    framework("fa", "a");
    framework("fb", "b");
    allocator.setWeight("b", 10);
    agents(4, "cpus:1;mem:100");
    List<Allocation> offers = allocator.allocate(T0);
    // b's share is divided by 10, so it stays below a's 0 only... until a has nothing: a gets
    // the first agent (both at 0, a first by name), b the other three.
    assertThat(cpus(offers, "a") + cpus(offers, "b")).isEqualTo(4.0);
    assertThat(cpus(offers, "a")).isLessThan(2.0);
  }

  @Test
  void aGuaranteeIsMetUnderContention() {
    framework("fa", "a");
    framework("fb", "b");
    allocator.setWeight("b", 10);
    agents(4, "cpus:1;mem:100");
    quotas(quota("a", Map.of("cpus", 2.0), Map.of()));
    List<Allocation> offers = allocator.allocate(T0);
    // Stage 1 gives a its guarantee (cpus:2, two agents whole: mem is not guaranteed and no
    // headroom needs it); stage 2 gives the other two to b by fair share.
    assertThat(cpus(offers, "a")).isEqualTo(2.0);
    assertThat(cpus(offers, "b")).isEqualTo(2.0);
    assertThat(allocator.quotaConsumed("a")).isEqualTo(r("cpus:2;mem:200"));
  }

  @Test
  void aGuaranteeChopsAnAgentAndTheRestGoesByFairShare() {
    framework("fa", "a");
    framework("fb", "b");
    allocator.setWeight("b", 10);
    agents(1, "cpus:2;mem:100");
    quotas(quota("a", Map.of("cpus", 1.5), Map.of()));
    List<Allocation> offers = allocator.allocate(T0);
    // a: cpus 1.5 of the guarantee (and all the mem, which nothing guarantees); b: cpus 0.5 left.
    assertThat(offers)
        .containsExactlyInAnyOrder(
            new Allocation("fa", "a", "a0", r("cpus:1.5;mem:100")),
            new Allocation("fb", "b", "a0", r("cpus:0.5")));
  }

  @Test
  void aLimitIsNeverExceeded() {
    framework("fb", "b");
    agents(2, "cpus:2;mem:100");
    quotas(quota("b", Map.of(), Map.of("cpus", 3.0)));
    List<Allocation> offers = allocator.allocate(T0);
    // Limit cpus:3 over cpus:4: one agent whole, the other chopped to cpus:1 (mem is unlimited).
    assertThat(cpus(offers, "b")).isEqualTo(3.0);
    assertThat(offers.stream().mapToDouble(o -> o.resources().scalar("mem")).sum())
        .isEqualTo(200.0);
    // Declining everything and running again offers the same cpus:3, never more.
    for (Allocation o : offers) {
      allocator.recoverResources("fb", o.agentId(), o.resources(), java.time.Duration.ZERO, T0);
    }
    List<Allocation> again = allocator.allocate(T0.plusSeconds(1));
    assertThat(cpus(again, "b")).isEqualTo(3.0);
    // With cpus:3 held, the next run offers b no cpus at all, and says why.
    assertThat(allocator.allocate(T0.plusSeconds(2))).isEmpty();
    assertThat(allocator.lastRunDecisions())
        .anySatisfy(
            d -> {
              assertThat(d.code()).isEqualTo(SkipReason.Code.QUOTA_LIMIT);
              assertThat(d.detail()).contains("b's limit cpus:3.0 is reached");
            });
  }

  @Test
  void headroomIsHeldBackForAnUnmetGuarantee() {
    framework("fa", "a");
    framework("fb", "b");
    allocator.deactivateFramework("fa"); // a cannot take its guarantee now
    agents(3, "cpus:1;mem:10");
    quotas(quota("a", Map.of("cpus", 2.0), Map.of()));
    List<Allocation> offers = allocator.allocate(T0);
    // Unallocated cpus:3, a's unmet guarantee cpus:2: b may have cpus:1 only.
    assertThat(cpus(offers, "b")).isEqualTo(1.0);
    assertThat(allocator.lastRunDecisions())
        .anySatisfy(
            d -> {
              assertThat(d.code()).isEqualTo(SkipReason.Code.QUOTA_HEADROOM);
              assertThat(d.role()).isEqualTo("b");
              assertThat(d.detail()).contains("cpus:2.0 needed");
            });
    // Once a is back, the next run gives it its two held agents.
    allocator.activateFramework("fa");
    assertThat(cpus(allocator.allocate(T0.plusSeconds(1)), "a")).isEqualTo(2.0);
  }

  @Test
  void aParentsLimitCapsItsSubtree() {
    framework("ff", "eng/frontend");
    framework("fb", "eng/backend");
    agents(4, "cpus:1;mem:10");
    quotas(quota("eng", Map.of(), Map.of("cpus", 3.0)));
    List<Allocation> offers = allocator.allocate(T0);
    // eng/frontend + eng/backend together at most cpus:3 of the 4.
    assertThat(cpus(offers, "eng/frontend") + cpus(offers, "eng/backend")).isEqualTo(3.0);
    assertThat(allocator.quotaConsumed("eng").scalar("cpus")).isEqualTo(3.0);
  }

  @Test
  void aParentsGuaranteeIsMetThroughItsChildren() {
    framework("fe", "eng/web");
    framework("fo", "ops");
    allocator.setWeight("ops", 10);
    agents(4, "cpus:1;mem:10");
    quotas(quota("eng", Map.of("cpus", 2.0), Map.of()));
    List<Allocation> offers = allocator.allocate(T0);
    // eng's guarantee cpus:2 goes to eng/web in stage 1; ops (weight 10) gets the rest.
    assertThat(cpus(offers, "eng/web")).isEqualTo(2.0);
    assertThat(cpus(offers, "ops")).isEqualTo(2.0);
  }

  @Test
  void aChildsLimitHoldsWithinItsParentsGuarantee() {
    framework("fe", "eng/web");
    agents(4, "cpus:1;mem:10");
    quotas(
        quota("eng", Map.of("cpus", 2.0), Map.of()),
        quota("eng/web", Map.of(), Map.of("cpus", 1.0)));
    List<Allocation> offers = allocator.allocate(T0);
    // eng/web's own limit (cpus:1) wins over its parent's guarantee (cpus:2).
    assertThat(cpus(offers, "eng/web")).isEqualTo(1.0);
  }

  @Test
  void removingQuotasRestoresPlainFairShare() {
    framework("fb", "b");
    agents(2, "cpus:1;mem:10");
    quotas(quota("b", Map.of(), Map.of("cpus", 1.0)));
    assertThat(cpus(allocator.allocate(T0), "b")).isEqualTo(1.0);
    allocator.setQuotas(Map.of());
    assertThat(cpus(allocator.allocate(T0.plusSeconds(1)), "b")).isEqualTo(1.0);
    assertThat(allocator.quotaConsumed("b").scalar("cpus")).isEqualTo(2.0);
  }

  @Test
  void reservationsCountAgainstQuotaWhetherUsedOrNot() {
    framework("fa", "a");
    framework("fb", "b");
    // a0 holds cpus(a):2 statically reserved; a1..a2 are unreserved.
    allocator.addAgent("a0", r("cpus(a):2;mem(a):100"), Map.of());
    allocator.addAgent("a1", r("cpus:1;mem:100"), Map.of());
    allocator.addAgent("a2", r("cpus:1;mem:100"), Map.of());
    quotas(quota("a", Map.of(), Map.of("cpus", 2.0)));
    // Before any offer a's reservation already consumes cpus:2 of its limit.
    assertThat(allocator.quotaConsumed("a")).isEqualTo(r("cpus(a):2;mem(a):100"));
    List<Allocation> offers = allocator.allocate(T0);
    // a is offered its reservation (it takes no room under the limit: it is consumed already)
    // but no unreserved cpus, as 2 (reserved) + anything would pass its limit of 2; b gets the
    // unreserved 2.
    assertThat(cpus(offers, "a")).isEqualTo(2.0);
    assertThat(
            offers.stream()
                .filter(o -> o.role().equals("a"))
                .allMatch(o -> o.resources().unreserved().scalar("cpus") == 0))
        .isTrue();
    assertThat(cpus(offers, "b")).isEqualTo(2.0);
    // Offered, the reservation is counted once, not twice.
    assertThat(allocator.quotaConsumed("a").scalar("cpus")).isEqualTo(2.0);
  }

  @Test
  void unusedReservationsAreNoHeadroomForOthersGuarantees() {
    // a has a guarantee but no framework yet: its cpus:2 must stay unallocated as headroom.
    framework("fb", "b");
    framework("fc", "c");
    allocator.addAgent("a0", r("cpus(b):2;mem(b):100"), Map.of());
    allocator.addAgent("a1", r("cpus:2;mem:100"), Map.of());
    quotas(quota("a", Map.of("cpus", 2.0), Map.of()));
    List<Allocation> offers = allocator.allocate(T0);
    // Unreserved cpus 2 - a's unmet guarantee 2 = 0 to spare: c gets nothing of a1. b's
    // reservation could never meet a's guarantee, so it is no headroom; counted as such, c would
    // have been given a1 (4 - 2 = 2 to spare).
    assertThat(cpus(offers, "c")).isEqualTo(0.0);
    assertThat(cpus(offers, "b")).isEqualTo(2.0);
    assertThat(
            offers.stream()
                .filter(o -> o.role().equals("b"))
                .allMatch(o -> o.resources().unreserved().scalar("cpus") == 0))
        .as("b's 2 cpus are its reservation; mem, not guaranteed, may go")
        .isTrue();
  }
}
