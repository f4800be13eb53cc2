package io.mezzo.bootstrap;

import io.mezzo.framework.sdk.FrameworkStore;
import io.mezzo.master.state.DocumentKey;
import io.mezzo.master.state.StateStore;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A built-in framework's {@link FrameworkStore} over the master's {@link StateStore}: its document
 * {@code root} is the store's {@code frameworks.<framework>.root}, next to the registry, so it
 * lives in ZooKeeper (HA) or the master's files (standalone) and fails over with the master.
 *
 * <p>The stores take flat names of {@code [a-zA-Z0-9._-]} only (a ZooKeeper child, a file), while
 * frameworks name documents as they like ({@code app:prod_web}); so a document name is escaped into
 * that alphabet, one-to-one ({@link DocumentKey}). Framework names have no dot, so two frameworks'
 * documents never collide either.
 */
final class StateStoreFrameworkStore implements FrameworkStore {
  static final String PREFIX = "frameworks.";
  private static final Pattern FRAMEWORK = Pattern.compile("[a-z0-9][a-z0-9-]*");
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
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("a document needs a non-empty name, got '" + name + "'");
    }
    return prefix + escape(name);
  }

  /** The name in the stores' alphabet; prefix-free, hence one-to-one. */
  static String escape(String name) {
    return DocumentKey.escape(name);
  }
}
