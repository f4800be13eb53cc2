package io.mezzo.agent.fetcher;

import io.mezzo.api.v1.CommandInfo;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Fetches a container's {@code CommandInfo.uris} into its sandbox before it launches, as Mesos's
 * fetcher does: each URI is downloaded (or taken from the {@link FetchCache}), then made executable
 * or extracted, and logged to the sandbox's {@code stderr}. All URIs of one container share one
 * deadline ({@code mezzo.agent.fetcher.timeout}); the first failure fails the fetch, naming the URI
 * and the cause.
 *
 * <p>Fetches run on the fetcher's own threads, never on the agent's context; {@link #fetch} returns
 * at once. Thread-safe.
 */
public final class Fetcher implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Fetcher.class);

  private final FetcherConfig config;
  private final Clock clock;
  private final ExecutorService pool;
  private final UriSource source;
  private final FetchCache cache;

  /** A fetcher with its own two threads (downloads are I/O bound; two keep a small host calm). */
  public static Fetcher create(FetcherConfig config, Path workDir, Clock clock) {
    return new Fetcher(
        config,
        workDir,
        clock,
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "fetcher");
              t.setDaemon(true);
              return t;
            }),
        UriSource.defaults());
  }

  Fetcher(FetcherConfig config, Path workDir, Clock clock, ExecutorService pool, UriSource source) {
    this.config = config;
    this.clock = clock;
    this.pool = pool;
    this.source = source;
    this.cache = new FetchCache(config.cacheDirUnder(workDir), config.cacheSizeBytes(), clock);
  }

  /**
   * Fetches {@code uris} into {@code sandbox}, logging to {@code stderr}; completes normally when
   * all are there, or exceptionally with a {@link FetchException} whose message names the URI and
   * the cause. Never takes longer than the configured timeout (plus a little to interrupt).
   * Cancelling the returned future interrupts the fetch (a task killed while fetching).
   *
   * @param user the owner to give what is written to; null leaves it as the agent's user
   */
  public CompletableFuture<Void> fetch(
      List<CommandInfo.Uri> uris, Path sandbox, Path stderr, String user) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (uris.isEmpty()) {
      done.complete(null);
      return done;
    }
    Future<?> work =
        pool.submit(
            () -> {
              try {
                fetchAll(uris, sandbox, stderr, user);
                done.complete(null);
              } catch (Throwable e) {
                done.completeExceptionally(e);
              }
            });
    // The deadline inside fetchAll ends a slow fetch; this backstop also ends one stuck in a call
    // that ignores it, by interrupting the thread.
    Duration backstop = config.timeout().plusSeconds(5);
    CompletableFuture<Void> result = new CompletableFuture<>();
    result.whenComplete(
        (v, e) -> {
          if (result.isCancelled()) {
            work.cancel(true);
          }
        });
    done.orTimeout(backstop.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete(
            (v, e) -> {
              if (e instanceof TimeoutException) {
                work.cancel(true);
                result.completeExceptionally(
                    new FetchException(
                        "Failed to fetch URIs: not done within "
                            + config.timeout().toSeconds()
                            + " s"));
              } else if (e != null) {
                result.completeExceptionally(e);
              } else {
                result.complete(null);
              }
            });
    return result;
  }

  /** {@link #fetch}, on the calling thread. */
  void fetchAll(List<CommandInfo.Uri> uris, Path sandbox, Path stderr, String user)
      throws FetchException {
    FetchLog log = new FetchLog(stderr, clock);
    Deadline deadline = Deadline.in(clock, config.timeout());
    Path root;
    try {
      Files.createDirectories(sandbox);
      root = sandbox.toRealPath();
    } catch (IOException e) {
      throw new FetchException(
          "Failed to fetch URIs: cannot use the sandbox " + sandbox + ": " + e);
    }
    // Every URI is checked before any is fetched, so bad input fails at once and writes nothing.
    List<Path> targets = new ArrayList<>();
    for (CommandInfo.Uri uri : uris) {
      try {
        UriSource.checkSupported(uri.value());
        targets.add(OutputName.target(root, uri));
      } catch (FetchException e) {
        log.line("Failed to fetch '" + uri.value() + "': " + e.getMessage());
        throw new FetchException("Failed to fetch '" + uri.value() + "': " + e.getMessage());
      }
    }
    for (int i = 0; i < uris.size(); i++) {
      CommandInfo.Uri uri = uris.get(i);
      try {
        fetchOne(uri, targets.get(i), root, user, log, deadline);
      } catch (FetchException e) {
        log.line("Failed to fetch '" + uri.value() + "': " + e.getMessage());
        throw new FetchException("Failed to fetch '" + uri.value() + "': " + e.getMessage());
      }
    }
    log.line("Fetched " + uris.size() + " URI(s) into " + root);
  }

  private void fetchOne(
      CommandInfo.Uri uri, Path target, Path root, String user, FetchLog log, Deadline deadline)
      throws FetchException {
    String value = uri.value();
    boolean cached = Boolean.TRUE.equals(uri.cache());
    log.line("Fetching URI '" + value + "'" + (cached ? " (cached)" : ""));
    List<Path> written = new ArrayList<>();
    try {
      // Each directory output_file needs is created here (top-down), so each can be chowned.
      Path dir = root;
      for (Path part : root.relativize(target.getParent())) {
        dir = dir.resolve(part);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
          Files.createDirectory(dir);
          written.add(dir);
        }
      }
    } catch (IOException e) {
      throw new FetchException("cannot create " + target.getParent() + ": " + e);
    }
    if (cached) {
      boolean hit = cache.contains(user, value);
      cache.fetchInto(user, value, target, tmp -> source.download(value, tmp, deadline), deadline);
      if (hit) {
        log.line("Using the cached copy of '" + value + "'");
      }
    } else {
      Path tmp = target.resolveSibling(".fetch-" + target.getFileName());
      try {
        source.download(value, tmp, deadline);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new FetchException("cannot move the download to " + target + ": " + e);
      } finally {
        deleteQuietly(tmp);
      }
    }
    written.add(target);
    log.line("Fetched '" + value + "' to '" + target + "'");
    if (Boolean.TRUE.equals(uri.executable())) {
      makeExecutable(target);
    } else if (Boolean.TRUE.equals(uri.extract())) {
      Optional<ArchiveExtractor.Format> format =
          ArchiveExtractor.formatOf(target.getFileName().toString());
      if (format.isPresent()) {
        written.addAll(ArchiveExtractor.extract(target, format.get(), root, deadline));
        log.line("Extracted '" + target + "' into '" + root + "'");
      }
    }
    Ownership.chown(written, user);
    LOG.debugf("Fetched %s to %s", value, target);
  }

  private static void makeExecutable(Path target) throws FetchException {
    try {
      Set<PosixFilePermission> p = EnumSet.copyOf(Files.getPosixFilePermissions(target));
      p.add(PosixFilePermission.OWNER_EXECUTE);
      p.add(PosixFilePermission.GROUP_EXECUTE);
      p.add(PosixFilePermission.OTHERS_EXECUTE);
      Files.setPosixFilePermissions(target, p);
    } catch (IOException | IllegalArgumentException e) {
      throw new FetchException("cannot make " + target + " executable: " + e);
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // Left in the sandbox, which is removed with the container.
    }
  }

  /** The file name a URI is saved under when it names none: the last segment of its path. */
  static String defaultName(String uri) throws FetchException {
    String path = uri;
    if (!uri.startsWith("/")) {
      try {
        path = URI.create(uri).getPath();
      } catch (IllegalArgumentException e) {
        throw new FetchException("'" + uri + "' is not a valid URI: " + e.getMessage());
      }
    }
    if (path == null) {
      path = "";
    }
    String name = path.substring(path.lastIndexOf('/') + 1);
    if (name.isEmpty() || name.equals(".") || name.equals("..")) {
      throw new FetchException(
          "'" + uri + "' names no file to save; set output_file to name one in the sandbox");
    }
    return name;
  }

  FetchCache cache() {
    return cache;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
