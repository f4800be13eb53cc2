package io.mezzo.master.state;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Durable storage for the master's registry and the built-in frameworks' state: named documents,
 * each with a version for compare-and-set, and fenced batches that change several documents at
 * once.
 *
 * <p>Contract: a name is {@code [a-zA-Z0-9._-]+}, or {@code <collection>/<key>} with both parts so
 * for a document that belongs to a collection read whole by {@link #readAll} (one per agent, say);
 * anything else is an {@link IllegalArgumentException}. {@link #write} is atomic and durable when
 * it returns (a crash leaves the old or the new document, never a mix); it succeeds only if the
 * stored version equals {@code expectedVersion} (use {@link #ABSENT} for a document that must not
 * exist yet), else throws {@link StaleVersionException} and changes nothing — that is how a deposed
 * leader is fenced. {@link #commit} applies a whole batch or nothing, and only while a fence
 * document still has the version its writer claimed: a leader claims the fence (a {@link #write} of
 * it) when it recovers, so every later batch of a deposed leader fails whole. Any single document
 * may be of any size: an implementation whose medium has a limit (ZooKeeper's 1 MB znode)
 * compresses or chunks it. Calls are blocking and may be made from any thread; implementations are
 * thread-safe.
 */
public interface StateStore extends AutoCloseable {
  long ABSENT = -1;

  /** The document and its version, or empty if it was never written. */
  Optional<Versioned> read(String name);

  /** Writes the document and returns its new version. */
  long write(String name, byte[] data, long expectedVersion);

  /**
   * Every document of {@code collection} (named {@code <collection>/<key>}), by key, in no
   * particular order; empty if there is none. Scales to 100,000s of documents: an implementation
   * reads them in parallel or in bulk. The result is not a snapshot across documents unless the
   * caller holds the fence (nobody else writes then).
   */
  Map<String, Versioned> readAll(String collection);

  /**
   * Applies {@code ops} in one atomic step if document {@code fence} has version {@code
   * fenceVersion}; the fence itself is not changed. A {@link Put} creates or replaces its document
   * (its version goes up by one), a {@link Delete} of an absent document does nothing. An empty
   * batch only checks the fence. A batch names each document at most once.
   *
   * @throws StaleVersionException if the fence has another version (or is absent): nothing changed
   * @throws IllegalArgumentException if a document is named twice or a name is invalid
   */
  void commit(String fence, long fenceVersion, List<Op> ops);

  /** A document's bytes and version. */
  record Versioned(byte[] data, long version) {}

  /** One change of a {@link #commit} batch. */
  sealed interface Op permits Put, Delete {
    String name();
  }

  /** Create or replace document {@code name}. */
  record Put(String name, byte[] data) implements Op {}

  /** Remove document {@code name} if it exists. */
  record Delete(String name) implements Op {}

  /** The stored version was not the expected one: someone else wrote it. */
  final class StaleVersionException extends RuntimeException {
    public StaleVersionException(String message) {
      super(message);
    }
  }

  @Override
  default void close() {}
}
