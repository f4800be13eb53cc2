package io.mezzo.master.registry;

import io.mezzo.api.v1.MesosJson;
import io.mezzo.master.state.StateStore;

/**
 * Reads and writes the {@link Registry} document through a {@link StateStore}, remembering the
 * version it last saw so a write from a deposed master fails instead of overwriting its successor.
 * Owned by the master's context; not thread-safe.
 */
public final class RegistryStore {
  static final String DOCUMENT = "registry";
  private final StateStore store;
  private long version = StateStore.ABSENT;
  private Registry current = Registry.empty();

  public RegistryStore(StateStore store) {
    this.store = store;
  }

  /**
   * Loads the stored registry (or an empty one), then writes it straight back to claim it, as
   * Mesos's registrar does on recovery. Without the claim a deposed master that has not yet heard
   * of its deposition holds the same version as its successor, so its next write would succeed and
   * fence the new leader instead of itself.
   *
   * @throws StateStore.StaleVersionException if another master wrote it between the read and the
   *     claim
   */
  public Registry recover() {
    store
        .read(DOCUMENT)
        .ifPresent(
            v -> {
              current = MesosJson.read(v.data(), Registry.class);
              version = v.version();
            });
    return save(current);
  }

  /**
   * Makes {@code next} durable; only then may the caller act on it.
   *
   * @throws StateStore.StaleVersionException if another master wrote the registry meanwhile
   */
  public Registry save(Registry next) {
    version = store.write(DOCUMENT, MesosJson.write(next), version);
    current = next;
    return current;
  }

  public Registry current() {
    return current;
  }
}
