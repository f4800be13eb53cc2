package io.mezzo.master.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mezzo.master.state.InMemoryStateStore;
import io.mezzo.master.state.StateStore;
import org.junit.jupiter.api.Test;

class RegistryStoreTest {
  private final StateStore shared = new InMemoryStateStore();

  // Found by ClusterSimulationTest (seed 102): a deposed master's write won over its successor's.
  @Test
  void aNewLeadersRecoveryFencesTheDeposedLeaderEvenBeforeTheNewOneWritesAnything() {
    RegistryStore old = new RegistryStore(shared);
    old.recover();
    old.save(Registry.empty());
    RegistryStore successor = new RegistryStore(shared);
    successor.recover();

    assertThrows(StateStore.StaleVersionException.class, () -> old.save(Registry.empty()));
    successor.save(Registry.empty());
  }

  @Test
  void recoveringAFreshStoreClaimsItToo() {
    RegistryStore first = new RegistryStore(shared);
    RegistryStore second = new RegistryStore(shared);
    first.recover();
    second.recover();

    assertThrows(StateStore.StaleVersionException.class, () -> first.save(Registry.empty()));
  }

  @Test
  void recoveryKeepsWhatWasStored() {
    RegistryStore writer = new RegistryStore(shared);
    writer.recover();
    Registry saved = writer.save(Registry.empty().withNextAgentSeq(5));
    assertEquals(saved, new RegistryStore(shared).recover());
  }
}
