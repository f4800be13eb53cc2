package io.mezzo.bootstrap;

import io.mezzo.framework.sdk.FrameworkStore;
import io.mezzo.master.state.StateStore;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A built-in framework's {@link FrameworkStore} over the master's {@link StateStore}: its document
 * {@code apps} is the store's {@code frameworks.<framework>.apps}, next to the registry, so it
 * lives in ZooKeeper (HA) or the master's files (standalone) and fails over with the master. The
 * stores take flat names of {@code [a-zA-Z0-9._-]} only (a ZooKeeper child, a file), hence dots,
 * not slashes; framework names have no dot, so two frameworks' documents can never collide.
 */
final class StateStoreFrameworkStore implements FrameworkStore {
  static final String PREFIX = "frameworks.";
  private static final Pattern FRAMEWORK = Pattern.compile("[a-z0-9][a-z0-9-]*");
  private static final Pattern DOCUMENT = Pattern.compile("[a-zA-Z0-9._-]+");
  private final StateStore store;
  private final String prefix;

  /**
   * @throws IllegalArgumentException if {@code framework} is not lower-case letters, digits and
   *     dashes
   */
  StateStoreFrameworkStore(StateStore store, String framework) {
    if (framework == null || !FRAMEWORK.matcher(framework).matches()) {
      throw new IllegalArgumentException(
          "built-in framework name '"
              + framework
              + "' must be lower-case letters, digits and dashes (it prefixes its documents)");
    }
    this.store = store;
    this.prefix = PREFIX + framework + ".";
  }

  @Override
  public Optional<Document> read(String name) {
    return store.read(key(name)).map(v -> new Document(v.data(), v.version()));
  }

  @Override
  public long write(String name, byte[] data, long expectedVersion) {
    try {
      return store.write(key(name), data, expectedVersion);
    } catch (StateStore.StaleVersionException e) {
      throw new StaleException(e.getMessage());
    }
  }

  private String key(String name) {
    if (name == null || !DOCUMENT.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "document name '" + name + "' must be letters, digits, '.', '_' or '-' only");
    }
    return prefix + name;
  }
}
