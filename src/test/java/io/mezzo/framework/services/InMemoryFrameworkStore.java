package io.mezzo.framework.services;

import io.mezzo.framework.sdk.FrameworkStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/** A FrameworkStore in a map, with versions, for tests; shareable by two framework copies. */
public final class InMemoryFrameworkStore implements FrameworkStore {
  private final Map<String, Document> docs = new HashMap<>();
  private BiConsumer<String, byte[]> onWrite = (n, d) -> {};

  public synchronized void onWrite(BiConsumer<String, byte[]> hook) {
    this.onWrite = hook;
  }

  @Override
  public synchronized Optional<Document> read(String name) {
    return Optional.ofNullable(docs.get(name));
  }

  @Override
  public synchronized long write(String name, byte[] data, long expectedVersion) {
    Document d = docs.get(name);
    long current = d == null ? ABSENT : d.version();
    if (current != expectedVersion) {
      throw new StaleException(name + " is at version " + current + ", not " + expectedVersion);
    }
    long next = current + 1;
    docs.put(name, new Document(data.clone(), next));
    onWrite.accept(name, data);
    return next;
  }

  public synchronized String text(String name) {
    Document d = docs.get(name);
    return d == null ? "" : new String(d.data(), java.nio.charset.StandardCharsets.UTF_8);
  }
}
