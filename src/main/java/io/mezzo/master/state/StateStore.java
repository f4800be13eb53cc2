package io.mezzo.master.state;

import java.util.Optional;

/**
 * Durable storage for the master's registry and the built-in frameworks' state: named documents
 * written whole, each with a version for compare-and-set.
 *
 * <p>Contract: {@link #write} is atomic and durable when it returns (a crash leaves the old or the
 * new document, never a mix); it succeeds only if the stored version equals {@code expectedVersion}
 * (use {@link #ABSENT} for a document that must not exist yet), else throws {@link
 * StaleVersionException} and changes nothing — that is how a deposed leader is fenced. Calls are
 * blocking and may be made from any thread; implementations are thread-safe.
 */
public interface StateStore extends AutoCloseable {
  long ABSENT = -1;

  /** The document and its version, or empty if it was never written. */
  Optional<Versioned> read(String name);

  /** Writes the document and returns its new version. */
  long write(String name, byte[] data, long expectedVersion);

  /** A document's bytes and version. */
  record Versioned(byte[] data, long version) {}

  /** The stored version was not the expected one: someone else wrote it. */
  final class StaleVersionException extends RuntimeException {
    public StaleVersionException(String message) {
      super(message);
    }
  }

  @Override
  default void close() {}
}
