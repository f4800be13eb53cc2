package io.mezzo.agent.fetcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The fetcher's settings ({@code mezzo.agent.fetcher.*}).
 *
 * @param cacheDir where cached downloads live; empty for {@code <work_dir>/fetch-cache}
 * @param cacheSizeBytes the most the cache holds before it evicts least recently used entries; 2
 *     GiB, as Mesos's {@code --fetcher_cache_size}
 * @param timeout how long all URIs of one container may take together; 5 min
 */
public record FetcherConfig(Optional<Path> cacheDir, long cacheSizeBytes, Duration timeout) {

  public static final long DEFAULT_CACHE_SIZE = 2L * 1024 * 1024 * 1024;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

  public FetcherConfig {
    cacheDir = cacheDir == null ? Optional.empty() : cacheDir;
    if (cacheSizeBytes < 0) {
      throw new IllegalArgumentException("fetcher cache size " + cacheSizeBytes + " is negative");
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("fetcher timeout must be positive, got " + timeout);
    }
  }

  public static FetcherConfig defaults() {
    return new FetcherConfig(Optional.empty(), DEFAULT_CACHE_SIZE, DEFAULT_TIMEOUT);
  }

  /** The cache directory for an agent whose work dir is {@code workDir}. */
  public Path cacheDirUnder(Path workDir) {
    return cacheDir.orElse(workDir.resolve("fetch-cache"));
  }

  /**
   * Parses a size as the config gives it: bytes, or a number with {@code B}, {@code KB}, {@code
   * MB}, {@code GB} (binary multiples, as Mesos's {@code Bytes}).
   */
  public static long parseSize(String text) {
    String s = text.trim().toUpperCase(java.util.Locale.ROOT);
    long unit = 1;
    String[][] units = {{"GB", "1073741824"}, {"MB", "1048576"}, {"KB", "1024"}, {"B", "1"}};
    for (String[] u : units) {
      if (s.endsWith(u[0])) {
        unit = Long.parseLong(u[1]);
        s = s.substring(0, s.length() - u[0].length()).trim();
        break;
      }
    }
    try {
      long n = Long.parseLong(s);
      if (n < 0) {
        throw new NumberFormatException();
      }
      return Math.multiplyExact(n, unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "mezzo.agent.fetcher.cache-size '" + text + "' is not a size such as 2GB or 512MB");
    }
  }
}
