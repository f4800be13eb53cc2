package io.mezzo.agent.fetcher;

import io.mezzo.agent.state.Checkpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The agent-wide download cache for URIs fetched with {@code cache: true}: one file per (user,
 * URI), at most {@code maxBytes} in all, least recently used evicted first, and an index
 * checkpointed in {@code index.json} so a restarted agent keeps its cache.
 *
 * <p>Concurrent fetches of one URI download it once: the first becomes its downloader, the others
 * wait for it (bounded by their own deadline) and then copy from the cache. A download larger than
 * the whole cache is handed to its fetch without being kept.
 *
 * <p>Threading: fetches run on several threads, and the index is the one state they share. It is
 * guarded by this object's monitor, held only for in-memory changes, a hard link and the index
 * write, never for a download or a copy, so one slow URI never holds up another.
 */
final class FetchCache {
  private static final Logger LOG = Logger.getLogger(FetchCache.class);

  /** One cached download, as the index checkpoints it. */
  record Entry(String key, String uri, String user, long size, long lastUsedMillis) {}

  /** The checkpointed index. */
  record Index(List<Entry> entries) {}

  /** What fills the cache on a miss. */
  @FunctionalInterface
  interface Download {
    void into(Path file) throws FetchException, IOException;
  }

  private final Path dir;
  private final long maxBytes;
  private final Clock clock;
  private final Map<String, Entry> entries = new LinkedHashMap<>(); // guarded by this
  private final Map<String, CompletableFuture<Void>> downloading = new ConcurrentHashMap<>();
  private int downloads; // guarded by this

  FetchCache(Path dir, long maxBytes, Clock clock) {
    this.dir = dir;
    this.maxBytes = maxBytes;
    this.clock = clock;
    load();
  }

  /**
   * Copies the cached content of {@code uri} for {@code user} to {@code target}, downloading it
   * into the cache first when it is not there.
   */
  void fetchInto(String user, String uri, Path target, Download download, Deadline deadline)
      throws FetchException {
    String key = key(user, uri);
    // A waiter finds the entry once its downloader is done; if it was too large to keep (or evicted
    // at once) the waiter downloads it itself next round. Three rounds bound that.
    for (int round = 0; round < 3; round++) {
      Path linked = linkIfCached(key, target);
      if (linked != null) {
        copyOut(linked, target);
        return;
      }
      CompletableFuture<Void> mine = new CompletableFuture<>();
      CompletableFuture<Void> other = downloading.putIfAbsent(key, mine);
      if (other != null) {
        await(other, uri, deadline);
        continue;
      }
      try {
        boolean direct = fill(key, user, uri, target, download);
        mine.complete(null);
        if (direct) {
          return;
        }
      } catch (FetchException | RuntimeException e) {
        mine.completeExceptionally(e);
        throw e;
      } finally {
        downloading.remove(key, mine);
      }
    }
    throw new FetchException("the cache entry of " + uri + " was evicted while fetching it");
  }

  /** Downloads into the cache; true when the download was too large and went to target itself. */
  private boolean fill(String key, String user, String uri, Path target, Download download)
      throws FetchException {
    Path tmp = dir.resolve(".download-" + key + "-" + random());
    try {
      Files.createDirectories(dir);
      download.into(tmp);
      long size = Files.size(tmp);
      if (size > maxBytes) {
        LOG.infof("Not caching %s: %d bytes exceed the cache size %d", uri, size, maxBytes);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        return true;
      }
      synchronized (this) {
        Files.move(tmp, dir.resolve(key), StandardCopyOption.REPLACE_EXISTING);
        entries.put(key, new Entry(key, uri, user, size, clock.millis()));
        downloads++;
        evictBeyond(maxBytes, key);
        save();
      }
      return false;
    } catch (IOException | UncheckedIOException e) {
      throw new FetchException("cannot cache " + uri + " in " + dir + ": " + e.getMessage());
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // A stray temporary file is removed at the next start.
      }
    }
  }

  /**
   * Hard-links the cached file next to {@code target} under the monitor, so eviction cannot delete
   * it before it is copied; null on a miss.
   */
  private synchronized Path linkIfCached(String key, Path target) throws FetchException {
    Entry e = entries.get(key);
    Path file = dir.resolve(key);
    if (e == null || !Files.isRegularFile(file)) {
      return null;
    }
    entries.remove(key);
    entries.put(key, new Entry(key, e.uri(), e.user(), e.size(), clock.millis()));
    Path link = target.resolveSibling(".fetch-" + random());
    try {
      try {
        Files.createLink(link, file);
      } catch (IOException | UnsupportedOperationException crossDevice) {
        Files.copy(file, link);
      }
      save();
    } catch (IOException | UncheckedIOException e2) {
      throw new FetchException("cannot read the cached copy of " + e.uri() + ": " + e2);
    }
    return link;
  }

  private static void copyOut(Path linked, Path target) throws FetchException {
    try {
      // A copy, not the link itself: the task may chmod or write to its file, the cache must not
      // change with it.
      Files.copy(linked, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new FetchException("cannot copy from the cache to " + target + ": " + e);
    } finally {
      try {
        Files.deleteIfExists(linked);
      } catch (IOException ignored) {
        // Left in the sandbox; removed with it.
      }
    }
  }

  private static void await(CompletableFuture<Void> other, String uri, Deadline deadline)
      throws FetchException {
    try {
      other.get(Math.max(1, deadline.remaining().toMillis()), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new FetchException("timed out waiting for a concurrent download of " + uri);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      throw new FetchException(c == null ? e.toString() : c.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FetchException("timed out waiting for a concurrent download of " + uri);
    }
  }

  /** Evicts least recently used entries until the cache holds at most {@code limit} bytes. */
  private void evictBeyond(long limit, String keep) {
    List<Entry> byAge = new ArrayList<>(entries.values());
    byAge.sort(Comparator.comparingLong(Entry::lastUsedMillis));
    long total = byAge.stream().mapToLong(Entry::size).sum();
    for (Entry e : byAge) {
      if (total <= limit) {
        break;
      }
      if (e.key().equals(keep)) {
        continue;
      }
      entries.remove(e.key());
      total -= e.size();
      try {
        Files.deleteIfExists(dir.resolve(e.key()));
      } catch (IOException ex) {
        LOG.warnf("Cannot delete evicted cache file %s: %s", e.key(), ex.toString());
      }
      LOG.infof("Evicted %s (%d bytes) from the fetcher cache", e.uri(), e.size());
    }
  }

  /** Bytes the cache holds now. */
  synchronized long totalBytes() {
    return entries.values().stream().mapToLong(Entry::size).sum();
  }

  /** Downloads made into the cache since it was built (hits are not counted). */
  synchronized int downloads() {
    return downloads;
  }

  synchronized boolean contains(String user, String uri) {
    return entries.containsKey(key(user, uri));
  }

  private void save() {
    Checkpoints.writeJson(dir.resolve("index.json"), new Index(new ArrayList<>(entries.values())));
  }

  private synchronized void load() {
    Checkpoints.readJson(dir.resolve("index.json"), Index.class)
        .map(Index::entries)
        .orElse(List.of())
        .stream()
        .filter(e -> e.key() != null && Files.isRegularFile(dir.resolve(e.key())))
        .sorted(Comparator.comparingLong(Entry::lastUsedMillis))
        .forEach(e -> entries.put(e.key(), e));
    if (!Files.isDirectory(dir)) {
      return;
    }
    // Files the index does not name are downloads a crash interrupted.
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        String n = f.getFileName().toString();
        if (!n.equals("index.json") && !entries.containsKey(n)) {
          Files.deleteIfExists(f);
        }
      }
    } catch (IOException e) {
      LOG.warnf("Cannot tidy the fetcher cache %s: %s", dir, e.toString());
    }
    evictBeyond(maxBytes, null);
  }

  static String key(String user, String uri) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update((user == null ? "" : user).getBytes(StandardCharsets.UTF_8));
      d.update((byte) 0);
      d.update(uri.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static String random() {
    return Long.toHexString(ThreadLocalRandom.current().nextLong());
  }
}
