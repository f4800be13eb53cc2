package io.mezzo.agent.fetcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FetchCacheTest {
  @TempDir Path tmp;
  final AtomicLong now = new AtomicLong(1_000);
  final Clock clock =
      new Clock() {
        @Override
        public ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return Instant.ofEpochMilli(now.get());
        }
      };
  final Deadline deadline = Deadline.in(Clock.systemUTC(), Duration.ofMinutes(1));
  final AtomicInteger downloads = new AtomicInteger();

  private void fetch(FetchCache cache, String user, String uri) throws Exception {
    now.addAndGet(10);
    Path target = Files.createDirectories(tmp.resolve("out")).resolve("f");
    cache.fetchInto(
        user,
        uri,
        target,
        file -> {
          downloads.incrementAndGet();
          Files.writeString(file, "1234");
        },
        deadline);
    assertThat(target).hasContent("1234");
  }

  @Test
  void leastRecentlyUsedEntriesAreEvictedBeyondTheSize() throws Exception {
    FetchCache cache = new FetchCache(tmp.resolve("cache"), 12, clock);
    fetch(cache, null, "a");
    fetch(cache, null, "b");
    fetch(cache, null, "c");
    fetch(cache, null, "a"); // a is now newer than b
    fetch(cache, null, "d"); // 16 bytes > 12: the oldest, b, goes

    assertThat(cache.contains(null, "b")).isFalse();
    assertThat(cache.contains(null, "a")).isTrue();
    assertThat(cache.contains(null, "c")).isTrue();
    assertThat(cache.contains(null, "d")).isTrue();
    assertThat(cache.totalBytes()).isEqualTo(12);
    assertThat(downloads).hasValue(4);
    try (var files = Files.list(tmp.resolve("cache"))) {
      assertThat(files.filter(f -> !f.getFileName().toString().equals("index.json"))).hasSize(3);
    }
  }

  @Test
  void entriesAreKeptApartByUser() throws Exception {
    FetchCache cache = new FetchCache(tmp.resolve("cache"), 100, clock);
    fetch(cache, "alice", "u");
    fetch(cache, "bob", "u");
    fetch(cache, "alice", "u");

    assertThat(downloads).hasValue(2);
  }

  @Test
  void theIndexSurvivesARestartAndStrayDownloadsAreRemoved() throws Exception {
    FetchCache cache = new FetchCache(tmp.resolve("cache"), 100, clock);
    fetch(cache, null, "u");
    Path stray = Files.writeString(tmp.resolve("cache/.download-interrupted"), "partial");

    FetchCache again = new FetchCache(tmp.resolve("cache"), 100, clock);
    fetch(again, null, "u");

    assertThat(downloads).hasValue(1);
    assertThat(stray).doesNotExist();
  }

  @Test
  void aDownloadLargerThanTheCacheIsUsedButNotKept() throws Exception {
    FetchCache cache = new FetchCache(tmp.resolve("cache"), 3, clock);
    fetch(cache, null, "big");
    fetch(cache, null, "big");

    assertThat(downloads).hasValue(2);
    assertThat(cache.contains(null, "big")).isFalse();
  }

  @Test
  void aSmallerSizeAtRestartEvictsDownToIt() throws Exception {
    FetchCache cache = new FetchCache(tmp.resolve("cache"), 100, clock);
    fetch(cache, null, "a");
    fetch(cache, null, "b");

    FetchCache smaller = new FetchCache(tmp.resolve("cache"), 4, clock);

    assertThat(smaller.contains(null, "a")).isFalse();
    assertThat(smaller.contains(null, "b")).isTrue();
  }
}
