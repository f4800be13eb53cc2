package io.mezzo.agent.fetcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mezzo.agent.fetcher.Archives.Entry;
import io.mezzo.api.v1.CommandInfo.Uri;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FetcherTest {
  @TempDir Path tmp;
  TestServer server;
  ExecutorService pool;
  Fetcher fetcher;

  @BeforeEach
  void start() throws Exception {
    server = new TestServer();
    pool = Executors.newFixedThreadPool(4);
    fetcher = fetcher(Duration.ofSeconds(30));
  }

  @AfterEach
  void stop() {
    fetcher.close();
    pool.shutdownNow();
    server.close();
  }

  private Fetcher fetcher(Duration timeout) {
    return new Fetcher(
        new FetcherConfig(Optional.of(tmp.resolve("cache")), 1 << 20, timeout),
        tmp,
        Clock.systemUTC(),
        pool,
        new UriSource(Duration.ofSeconds(2), Duration.ofSeconds(10), 3, Duration.ofMillis(10)));
  }

  private static Uri uri(String value) {
    return new Uri(value, null, null, null, null);
  }

  private static Uri cached(String value) {
    return new Uri(value, null, null, true, null);
  }

  private Path sandbox(String name) throws Exception {
    return Files.createDirectories(tmp.resolve(name));
  }

  private byte[] tarball() throws Exception {
    return Archives.compress(
        "x.tgz", Archives.of(Entry.file("app/run.sh", "echo fetched-ok\n", 0755)).tar());
  }

  @Test
  void anHttpTarballIsDownloadedExtractedAndLoggedToStderr() throws Exception {
    server.serve("/app.tgz", tarball());
    Path box = sandbox("s1");

    fetcher.fetchAll(List.of(uri(server.url("/app.tgz"))), box, box.resolve("stderr"), null);

    assertThat(box.resolve("app.tgz")).exists();
    assertThat(box.resolve("app/run.sh")).hasContent("echo fetched-ok");
    assertThat(Files.getPosixFilePermissions(box.resolve("app/run.sh")))
        .contains(PosixFilePermission.OWNER_EXECUTE);
    assertThat(Files.readString(box.resolve("stderr")))
        .contains("Fetching URI '" + server.url("/app.tgz") + "'")
        .contains("Fetched '" + server.url("/app.tgz") + "' to '")
        .contains("Extracted '");
  }

  @Test
  void aCachedUriIsDownloadedOnceAndCopiedToEachSandbox() throws Exception {
    server.serve("/app.tgz", tarball());

    for (String s : List.of("s1", "s2", "s3")) {
      Path box = sandbox(s);
      fetcher.fetchAll(List.of(cached(server.url("/app.tgz"))), box, box.resolve("stderr"), null);
      assertThat(box.resolve("app/run.sh")).hasContent("echo fetched-ok");
    }

    assertThat(server.hits("/app.tgz")).isEqualTo(1);
    assertThat(Files.readString(tmp.resolve("s3/stderr"))).contains("Using the cached copy");
  }

  @Test
  void concurrentFetchesOfOneCachedUriShareOneDownload() throws Exception {
    server.serve("/big.bin", new byte[100_000]).hold();
    List<Future<?>> all = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Path box = sandbox("c" + i);
      all.add(
          pool.submit(
              () -> {
                fetcher.fetchAll(List.of(cached(server.url("/big.bin"))), box, null, null);
                return null;
              }));
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> server.hits("/big.bin") == 1);
    server.release();
    for (Future<?> f : all) {
      f.get(30, TimeUnit.SECONDS);
    }

    assertThat(server.hits("/big.bin")).isEqualTo(1);
    for (int i = 0; i < 4; i++) {
      assertThat(Files.size(tmp.resolve("c" + i + "/big.bin"))).isEqualTo(100_000);
    }
  }

  @Test
  void serverErrorsAreRetriedAndMissingFilesAreNot() throws Exception {
    server.serve("/flaky.txt", "ok".getBytes()).failFirst("/flaky.txt", 2);
    Path box = sandbox("s");

    fetcher.fetchAll(List.of(uri(server.url("/flaky.txt"))), box, null, null);
    assertThat(box.resolve("flaky.txt")).hasContent("ok");
    assertThat(server.hits("/flaky.txt")).isEqualTo(3);

    assertThatThrownBy(
            () -> fetcher.fetchAll(List.of(uri(server.url("/missing.tgz"))), box, null, null))
        .isInstanceOf(FetchException.class)
        .hasMessage(
            "Failed to fetch '" + server.url("/missing.tgz") + "': the server answered HTTP 404");
    assertThat(server.hits("/missing.tgz")).isEqualTo(1);
  }

  @Test
  void anUnreachableUriFailsNamingItAndTheCause() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port + "/app.tgz";
    Path box = sandbox("s");

    assertThatThrownBy(() -> fetcher.fetchAll(List.of(uri(url)), box, box.resolve("stderr"), null))
        .hasMessageStartingWith("Failed to fetch '" + url + "': connection failed")
        .hasMessageContaining("after 3 attempts");
    assertThat(Files.readString(box.resolve("stderr"))).contains("Failed to fetch '" + url + "'");
  }

  @Test
  void otherSchemesAreRefusedNamingTheScheme() throws Exception {
    Path box = sandbox("s");
    for (String scheme : List.of("hdfs", "s3", "ftp")) {
      assertThatThrownBy(
              () -> fetcher.fetchAll(List.of(uri(scheme + "://host/x.tgz")), box, null, null))
          .hasMessageContaining(scheme + "://host/x.tgz")
          .hasMessageContaining("the '" + scheme + "' scheme is not supported");
    }
    assertThatThrownBy(() -> fetcher.fetchAll(List.of(uri("relative/x")), box, null, null))
        .hasMessageContaining("neither an absolute path nor a URI");
  }

  @Test
  void localFilesAreCopiedByPathOrFileUriAndMadeExecutable() throws Exception {
    Path script = Files.writeString(tmp.resolve("tool.sh"), "#!/bin/sh\n");
    Path box = sandbox("s");

    fetcher.fetchAll(
        List.of(
            new Uri(script.toString(), true, null, null, "bin/tool"),
            uri(script.toUri().toString())),
        box,
        null,
        null);

    assertThat(box.resolve("bin/tool")).hasContent("#!/bin/sh");
    assertThat(Files.isExecutable(box.resolve("bin/tool"))).isTrue();
    assertThat(box.resolve("tool.sh")).hasContent("#!/bin/sh");
    assertThatThrownBy(
            () -> fetcher.fetchAll(List.of(uri(tmp.resolve("absent").toString())), box, null, null))
        .hasMessageContaining("does not exist");
  }

  @Test
  void extractFalseKeepsTheArchiveAsItIs() throws Exception {
    server.serve("/app.tgz", tarball());
    Path box = sandbox("s");

    fetcher.fetchAll(
        List.of(new Uri(server.url("/app.tgz"), null, false, null, null)), box, null, null);

    assertThat(box.resolve("app.tgz")).exists();
    assertThat(box.resolve("app")).doesNotExist();
  }

  @Test
  void anOutputFileOutsideTheSandboxIsRefusedBeforeAnyDownload() throws Exception {
    server.serve("/x", "x".getBytes());
    Path box = sandbox("box");
    for (String out : List.of("../x", "/tmp/x", "a/../../x")) {
      assertThatThrownBy(
              () ->
                  fetcher.fetchAll(
                      List.of(new Uri(server.url("/x"), null, null, null, out)), box, null, null))
          .hasMessageContaining("output_file '" + out + "'");
    }
    assertThat(server.hits("/x")).isZero();
    assertThat(tmp.resolve("x")).doesNotExist();
  }

  @Test
  void anEscapingArchiveFailsTheFetch() throws Exception {
    server.serve("/evil.tar", Archives.of(Entry.file("../../planted", "x", 0644)).tar());
    Path box = sandbox("deep/box");

    assertThatThrownBy(
            () -> fetcher.fetchAll(List.of(uri(server.url("/evil.tar"))), box, null, null))
        .hasMessageContaining("evil.tar")
        .hasMessageContaining("'..'");
    assertThat(tmp.resolve("planted")).doesNotExist();
  }

  @Test
  void aFetchThatOutlastsItsTimeoutFailsWithinIt() throws Exception {
    server.serve("/slow", "x".getBytes()).hold();
    Fetcher quick = fetcher(Duration.ofMillis(500));
    Path box = sandbox("s");

    long start = System.nanoTime();
    var result = quick.fetch(List.of(uri(server.url("/slow"))), box, null, null);

    assertThatThrownBy(() -> result.toCompletableFuture().get(20, TimeUnit.SECONDS))
        .hasMessageContaining(server.url("/slow"))
        .hasMessageContaining("timed out");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
  }

  @Test
  void whatIsWrittenBelongsToTheGivenUser() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        "root".equals(System.getProperty("user.name")), "only root can give files away");
    server.serve("/app.tgz", tarball());
    Path box = sandbox("s");

    fetcher.fetchAll(
        List.of(new Uri(server.url("/app.tgz"), null, null, null, "lib/app.tgz")),
        box,
        null,
        "nobody");

    for (String p : List.of("lib", "lib/app.tgz", "app", "app/run.sh")) {
      assertThat(Files.getOwner(box.resolve(p)).getName()).as(p).isEqualTo("nobody");
    }
    assertThat(Files.getOwner(box).getName()).isEqualTo("root");
  }

  @Test
  void anUnknownOwnerFailsNamingTheUser() throws Exception {
    server.serve("/f.txt", "x".getBytes());
    Path box = sandbox("s");

    assertThatThrownBy(
            () ->
                fetcher.fetchAll(
                    List.of(uri(server.url("/f.txt"))), box, null, "no-such-user-mezzo"))
        .hasMessageContaining("the user 'no-such-user-mezzo' does not exist");
  }
}
