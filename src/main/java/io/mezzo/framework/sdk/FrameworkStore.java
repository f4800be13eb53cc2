package io.mezzo.framework.sdk;

import java.util.Optional;

/**
 * Durable documents of one built-in framework, kept in the master's state store (ZooKeeper or local
 * files) under a name of the framework's own, so a master failover loses nothing.
 *
 * <p>Contract: as the master's StateStore — {@link #write} is atomic and durable when it returns,
 * and succeeds only if the stored version equals {@code expectedVersion} ({@link #ABSENT} for a
 * document that must not exist), else throws {@link StaleException} and changes nothing: a
 * framework on a deposed master is fenced that way. Blocking; call it off any event-loop thread.
 * Document names are flat: letters, digits, {@code .}, {@code _} and {@code -} only (the stores
 * keep each as one ZooKeeper node or file); any other name throws {@link IllegalArgumentException}
 * naming it.
 */
public interface FrameworkStore {
  long ABSENT = -1;

  Optional<Document> read(String name);

  long write(String name, byte[] data, long expectedVersion);

  /** A document's bytes and version. */
  record Document(byte[] data, long version) {}

  /** Someone else wrote the document since it was read. */
  final class StaleException extends RuntimeException {
    public StaleException(String message) {
      super(message);
    }
  }
}
