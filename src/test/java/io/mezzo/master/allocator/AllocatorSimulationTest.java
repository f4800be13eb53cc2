package io.mezzo.master.allocator;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.core.resources.MinAllocatable;
import io.mezzo.core.resources.ResourceKey;
import io.mezzo.core.resources.Resources;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A seeded random walk over allocator events (agents and frameworks coming and going, offers
 * declined with and without filters, suppress/revive, time passing) with the allocator's invariants
 * checked after every step against an independent ledger built only from the allocations it
 * returned. A failure message names the seed and step; {@code -Dmezzo.seed=N} replays a run.
 */
class AllocatorSimulationTest {
  private static final String[] ROLES = {"*", "eng", "ops", "web"};
  private static final int STEPS = 2000;

  private final long seed =
      Long.getLong("mezzo.seed", 20261125L); // fixed so CI repeats; -Dmezzo.seed=N explores
  private final SplittableRandom random = new SplittableRandom(seed);
  private HierarchicalDrfAllocator allocator;

  /** Where events go: the allocator, or the allocator and a twin that must decide identically. */
  private Allocator events;

  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private int step;
  private String lastEvent = "";

  // The ledger: what each agent has, and what the test believes each framework holds there.
  private final Map<String, Resources> totals = new TreeMap<>();
  private final Map<String, Map<String, Resources>> held =
      new TreeMap<>(); // agent → framework → resources
  private final Map<String, Set<String>> rolesOf = new TreeMap<>();
  private final Set<String> inactiveFrameworks = new HashSet<>();
  private final Map<String, Set<String>> suppressed = new HashMap<>();
  private final Set<String> inactiveAgents = new HashSet<>();
  private final List<Allocation> outstanding = new ArrayList<>();
  private int agentCounter;
  private int frameworkCounter;

  private String why() {
    return "seed " + seed + ", step " + step + " after " + lastEvent;
  }

  /**
   * Runs with each sorter, and with the two ways a run finds the first framework not refused: a
   * walk of the DRF order (sparse limit 0) or a pick among the few open ones (limit 1000).
   */
  @ParameterizedTest(name = "sorter {0}, sparse limit {1}")
  @CsvSource({"drf,0", "drf,1000", "random,0", "random,1000"})
  void noResourceIsAllocatedTwiceAndAllocatedPlusAvailableIsTotalAfterEveryStep(
      String sorter, int sparseLimit) {
    allocator =
        new HierarchicalDrfAllocator(
            new AllocatorConfig(Duration.ofSeconds(1), MinAllocatable.defaults(), sorter),
            new SplittableRandom(seed));
    allocator.sparseLimit = sparseLimit;
    events = allocator;
    walk();
  }

  /**
   * The two ways of finding the first open framework are one decision: a DRF allocator that always
   * walks the order and one that always picks among open frameworks, given the same events and
   * seed, make exactly the same allocations.
   */
  @Test
  void walkingTheDrfOrderAndPickingAmongOpenFrameworksAllocateIdentically() {
    allocator =
        new HierarchicalDrfAllocator(AllocatorConfig.defaults(), new SplittableRandom(seed));
    allocator.sparseLimit = 0;
    HierarchicalDrfAllocator twin =
        new HierarchicalDrfAllocator(AllocatorConfig.defaults(), new SplittableRandom(seed));
    twin.sparseLimit = Integer.MAX_VALUE;
    events =
        (Allocator)
            Proxy.newProxyInstance(
                Allocator.class.getClassLoader(),
                new Class<?>[] {Allocator.class},
                (proxy, method, args) -> {
                  Object mine = invoke(method, allocator, args);
                  Object theirs = invoke(method, twin, args);
                  assertThat(theirs).as("%s: %s", why(), method.getName()).isEqualTo(mine);
                  return mine;
                });
    walk();
  }

  private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private void walk() {
    for (int i = 0; i < 4; i++) {
      addAgent();
      addFramework();
    }
    int offers = 0;
    for (step = 0; step < STEPS; step++) {
      int dice = random.nextInt(100);
      if (dice < 30) {
        offers += allocate(random.nextInt(4) == 0);
      } else if (dice < 55) {
        recoverSome();
      } else if (dice < 62) {
        now = now.plusMillis(random.nextInt(1, 4000));
        lastEvent = "time passes";
      } else if (dice < 66) {
        addAgent();
      } else if (dice < 69) {
        removeAgent();
      } else if (dice < 73) {
        toggleAgent();
      } else if (dice < 77) {
        addFramework();
      } else if (dice < 80) {
        removeFramework();
      } else if (dice < 85) {
        toggleFramework();
      } else if (dice < 92) {
        suppressOrRevive();
      } else {
        lastEvent = "weight change";
        events.setWeight(ROLES[random.nextInt(ROLES.length)], 1 + random.nextInt(3));
      }
      checkInvariants();
    }
    assertThat(offers).as("the walk should make offers at all, seed %d", seed).isGreaterThan(100);
  }

  private int allocate(boolean someAgents) {
    List<Allocation> result;
    Set<String> examined = new HashSet<>(totals.keySet());
    if (someAgents && !totals.isEmpty()) {
      Set<String> some = new HashSet<>();
      for (String a : totals.keySet()) {
        if (random.nextBoolean()) {
          some.add(a);
        }
      }
      lastEvent = "allocate on " + some;
      examined = some;
      result = events.allocate(now, some);
      for (Allocation a : result) {
        assertThat(some).as(why()).contains(a.agentId());
      }
    } else {
      lastEvent = "allocate";
      result = events.allocate(now);
    }
    Set<String> seen = new HashSet<>();
    for (Allocation a : result) {
      assertThat(seen.add(a.frameworkId() + "/" + a.role() + "/" + a.agentId()))
          .as("%s: two allocations for %s", why(), a)
          .isTrue();
      assertThat(a.resources().isEmpty()).as(why()).isFalse();
      assertThat(inactiveAgents).as(why()).doesNotContain(a.agentId());
      assertThat(inactiveFrameworks).as(why()).doesNotContain(a.frameworkId());
      assertThat(rolesOf.get(a.frameworkId())).as(why()).contains(a.role());
      assertThat(suppressed.getOrDefault(a.frameworkId(), Set.of()))
          .as(why())
          .doesNotContain(a.role());
      assertThat(MinAllocatable.defaults().isSatisfiedBy(a.resources())).as(why()).isTrue();
      for (ResourceKey key : a.resources().asMap().keySet()) {
        assertThat(key.role()).as("%s: %s reserved to another role", why(), a).isIn("*", a.role());
      }
      Resources free = free(a.agentId());
      assertThat(free.contains(a.resources()))
          .as("%s: %s allocated twice (free %s)", why(), a, free)
          .isTrue();
      held.get(a.agentId()).merge(a.frameworkId(), a.resources(), Resources::plus);
      outstanding.add(a);
    }
    // No lost offers: after a run, no framework may still be eligible for an examined agent, or the
    // run (or its cache of agents nobody could take) failed to offer something it should have.
    for (String agent : examined) {
      for (String framework : rolesOf.keySet()) {
        assertThat(allocator.explain(framework, agent, now))
            .as(
                "%s: %s is still eligible for %s (available %s)",
                why(), framework, agent, allocator.available(agent))
            .isNotEmpty();
      }
    }
    return result.size();
  }

  private Resources free(String agent) {
    Resources free = totals.get(agent);
    for (Resources r : held.get(agent).values()) {
      free = free.minus(r);
    }
    return free;
  }

  /** Declines (part of) an outstanding offer, with no filter, a short one or a long one. */
  private void recoverSome() {
    if (outstanding.isEmpty()) {
      return;
    }
    Allocation a = outstanding.remove(random.nextInt(outstanding.size()));
    Resources back = a.resources();
    if (random.nextInt(3) == 0) {
      // Keep part of it, as when a task is launched from the offer: give back only the scalars'
      // halves and keep the rest.
      Resources.Builder half = Resources.builder();
      for (var e : back.scalars().asMap().entrySet()) {
        half.add(
            e.getKey(),
            new io.mezzo.core.resources.ResourceValue.Scalar(
                ((io.mezzo.core.resources.ResourceValue.Scalar) e.getValue()).millis() / 2));
      }
      Resources kept = back.minus(half.build());
      back = half.build();
      if (!kept.isEmpty()) {
        outstanding.add(new Allocation(a.frameworkId(), a.role(), a.agentId(), kept));
      }
    }
    Duration refuse =
        switch (random.nextInt(4)) {
          case 0 -> null;
          case 1 -> Duration.ZERO;
          case 2 -> Duration.ofSeconds(random.nextInt(1, 10));
          default -> Duration.ofDays(1);
        };
    lastEvent = "recover " + back + " of " + a + " refusing " + refuse;
    events.recoverResources(a.frameworkId(), a.agentId(), back, refuse, now);
    Map<String, Resources> byFramework = held.get(a.agentId());
    Resources left = byFramework.get(a.frameworkId()).minus(back);
    if (left.isEmpty()) {
      byFramework.remove(a.frameworkId());
    } else {
      byFramework.put(a.frameworkId(), left);
    }
  }

  private void addAgent() {
    String id = "a" + agentCounter++;
    String total =
        "cpus:"
            + random.nextInt(1, 9)
            + ";mem:"
            + 256 * random.nextInt(1, 9)
            + ";ports:[31000-31010]";
    if (random.nextBoolean()) {
      String role = ROLES[1 + random.nextInt(ROLES.length - 1)];
      total += ";cpus(" + role + "):2;mem(" + role + "):512";
    }
    lastEvent = "add agent " + id + " " + total;
    events.addAgent(id, Resources.parse(total), Map.of());
    totals.put(id, Resources.parse(total));
    held.put(id, new TreeMap<>());
  }

  private void removeAgent() {
    if (totals.isEmpty()) {
      return;
    }
    String id = pick(totals.keySet());
    lastEvent = "remove agent " + id;
    events.removeAgent(id);
    totals.remove(id);
    held.remove(id);
    inactiveAgents.remove(id);
    outstanding.removeIf(a -> a.agentId().equals(id));
  }

  private void toggleAgent() {
    if (totals.isEmpty()) {
      return;
    }
    String id = pick(totals.keySet());
    lastEvent = "toggle agent " + id;
    if (inactiveAgents.remove(id)) {
      events.activateAgent(id);
    } else {
      inactiveAgents.add(id);
      events.deactivateAgent(id);
    }
  }

  private void addFramework() {
    String id = "f" + frameworkCounter++;
    Set<String> roles = new HashSet<>();
    roles.add(ROLES[random.nextInt(ROLES.length)]);
    if (random.nextBoolean()) {
      roles.add(ROLES[random.nextInt(ROLES.length)]);
    }
    lastEvent = "add framework " + id + " " + roles;
    events.addFramework(id, roles, Set.of(), true);
    rolesOf.put(id, roles);
  }

  private void removeFramework() {
    if (rolesOf.isEmpty()) {
      return;
    }
    String id = pick(rolesOf.keySet());
    lastEvent = "remove framework " + id;
    events.removeFramework(id);
    rolesOf.remove(id);
    inactiveFrameworks.remove(id);
    suppressed.remove(id);
    held.values().forEach(m -> m.remove(id));
    outstanding.removeIf(a -> a.frameworkId().equals(id));
  }

  private void toggleFramework() {
    if (rolesOf.isEmpty()) {
      return;
    }
    String id = pick(rolesOf.keySet());
    lastEvent = "toggle framework " + id;
    if (inactiveFrameworks.remove(id)) {
      events.activateFramework(id);
    } else {
      inactiveFrameworks.add(id);
      events.deactivateFramework(id);
    }
  }

  private void suppressOrRevive() {
    if (rolesOf.isEmpty()) {
      return;
    }
    String id = pick(rolesOf.keySet());
    Set<String> roles = random.nextBoolean() ? Set.of() : Set.of(pick(rolesOf.get(id)));
    Set<String> affected = roles.isEmpty() ? rolesOf.get(id) : roles;
    if (random.nextBoolean()) {
      lastEvent = "suppress " + id + " " + roles;
      events.suppressRoles(id, roles);
      suppressed.computeIfAbsent(id, k -> new HashSet<>()).addAll(affected);
    } else {
      lastEvent = "revive " + id + " " + roles;
      events.reviveRoles(id, roles);
      suppressed.getOrDefault(id, new HashSet<>()).removeAll(affected);
    }
  }

  private <T> T pick(Set<T> set) {
    List<T> list = new ArrayList<>(set);
    return list.get(random.nextInt(list.size()));
  }

  private void checkInvariants() {
    Resources allHeld = Resources.empty();
    Resources allTotal = Resources.empty();
    for (String agent : totals.keySet()) {
      Resources sumAllocated = Resources.empty();
      for (String framework : rolesOf.keySet()) {
        Resources mine = allocator.allocated(framework, agent);
        assertThat(mine)
            .as("%s: %s on %s", why(), framework, agent)
            .isEqualTo(held.get(agent).getOrDefault(framework, Resources.empty()));
        sumAllocated = sumAllocated.plus(mine);
      }
      assertThat(sumAllocated.plus(allocator.available(agent)))
          .as("%s: agent %s", why(), agent)
          .isEqualTo(totals.get(agent));
      assertThat(allocator.available(agent))
          .as("%s: agent %s", why(), agent)
          .isEqualTo(free(agent));
      allHeld = allHeld.plus(sumAllocated);
      allTotal = allTotal.plus(totals.get(agent));
    }
    assertThat(allocator.allocatedTotal()).as(why()).isEqualTo(allHeld.scalars());
    assertThat(allocator.total()).as(why()).isEqualTo(allTotal.scalars());
    for (String role : ROLES) {
      assertThat(allocator.dominantShare(role)).as(why()).isBetween(0.0, 1.0 + 1e-9);
    }
  }
}
