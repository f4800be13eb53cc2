package io.mezzo.master.state;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A {@link StateStore} that forgets everything on restart; for tests and throwaway masters. */
public final class InMemoryStateStore implements StateStore {
  private final Map<String, Versioned> docs = new HashMap<>();

  @Override
  public synchronized Optional<Versioned> read(String name) {
    return Optional.ofNullable(docs.get(name));
  }

  @Override
  public synchronized long write(String name, byte[] data, long expectedVersion) {
    Versioned current = docs.get(name);
    long actual = current == null ? ABSENT : current.version();
    if (actual != expectedVersion) {
      throw new StaleVersionException(
          name + ": expected version " + expectedVersion + " but found " + actual);
    }
    long next = actual + 1;
    docs.put(name, new Versioned(data.clone(), next));
    return next;
  }
}
