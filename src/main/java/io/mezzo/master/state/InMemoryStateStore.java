package io.mezzo.master.state;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link StateStore} that forgets everything on restart; for tests and throwaway masters. */
public final class InMemoryStateStore implements StateStore {
  private final Map<String, Versioned> docs = new HashMap<>();

  @Override
  public synchronized Optional<Versioned> read(String name) {
    return Optional.ofNullable(docs.get(DocumentNames.checked(name)));
  }

  @Override
  public synchronized long write(String name, byte[] data, long expectedVersion) {
    Versioned current = docs.get(DocumentNames.checked(name));
    long actual = current == null ? ABSENT : current.version();
    if (actual != expectedVersion) {
      throw new StaleVersionException(
          name + ": expected version " + expectedVersion + " but found " + actual);
    }
    long next = actual + 1;
    docs.put(name, new Versioned(data.clone(), next));
    return next;
  }

  @Override
  public synchronized Map<String, Versioned> readAll(String collection) {
    String prefix = DocumentNames.collection(collection) + "/";
    Map<String, Versioned> out = new HashMap<>();
    docs.forEach(
        (name, v) -> {
          if (name.startsWith(prefix)) {
            out.put(name.substring(prefix.length()), v);
          }
        });
    return out;
  }

  @Override
  public synchronized void commit(String fence, long fenceVersion, List<Op> ops) {
    DocumentNames.checkBatch(fence, ops);
    Versioned f = docs.get(fence);
    long actual = f == null ? ABSENT : f.version();
    if (f == null || actual != fenceVersion) {
      throw DocumentNames.fenced(fence, fenceVersion, actual);
    }
    for (Op op : ops) {
      if (op instanceof Put put) {
        Versioned current = docs.get(put.name());
        long next = current == null ? 0 : current.version() + 1;
        docs.put(put.name(), new Versioned(put.data().clone(), next));
      } else {
        docs.remove(op.name());
      }
    }
  }
}
