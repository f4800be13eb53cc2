package io.mezzo.agent.fetcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mezzo.agent.fetcher.Archives.Entry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArchiveExtractorTest {
  @TempDir Path tmp;
  Path sandbox;
  Path archives;
  final Deadline deadline = Deadline.in(Clock.systemUTC(), Duration.ofMinutes(1));

  @BeforeEach
  void dirs() throws IOException {
    sandbox = Files.createDirectories(tmp.resolve("box/sandbox"));
    archives = Files.createDirectories(tmp.resolve("archives"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a.tar", "a.tar.gz", "a.tgz", "a.tar.bz2", "a.tar.xz", "a.txz", "a.zip"})
  void everyFormatExtractsFilesDirectoriesAndExecutableBits(String name) throws Exception {
    Path archive =
        Archives.of(
                Entry.dir("app/"),
                Entry.file("app/run.sh", "#!/bin/sh\necho hi\n", 0755),
                Entry.file("app/data.txt", "data", 0640))
            .writeTo(archives.resolve(name));

    ArchiveExtractor.extract(
        archive, ArchiveExtractor.formatOf(name).orElseThrow(), sandbox, deadline);

    assertThat(sandbox.resolve("app/run.sh")).hasContent("#!/bin/sh\necho hi");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(sandbox.resolve("app/run.sh"))))
        .isEqualTo("rwxr-xr-x");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(sandbox.resolve("app/data.txt"))))
        .isEqualTo("rw-r-----");
  }

  @Test
  void aPlainGzipIsDecompressedBesideIt() throws Exception {
    Path gz = archives.resolve("notes.txt.gz");
    Files.write(gz, Archives.compress("x.gz", "hello".getBytes()));

    ArchiveExtractor.extract(gz, ArchiveExtractor.Format.GZ, sandbox, deadline);

    assertThat(sandbox.resolve("notes.txt")).hasContent("hello");
  }

  @Test
  void namesSayTheFormatAndOtherFilesAreNoArchives() {
    assertThat(ArchiveExtractor.formatOf("x.TGZ")).contains(ArchiveExtractor.Format.TAR_GZ);
    assertThat(ArchiveExtractor.formatOf("x.tar.bz2")).contains(ArchiveExtractor.Format.TAR_BZ2);
    assertThat(ArchiveExtractor.formatOf("x.gz")).contains(ArchiveExtractor.Format.GZ);
    assertThat(ArchiveExtractor.formatOf("run.sh")).isEmpty();
    assertThat(ArchiveExtractor.formatOf("x.jar")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"evil.tar.gz", "evil.zip"})
  void aParentDirectoryEntryIsRefusedAndNothingLandsOutside(String name) throws Exception {
    Path archive =
        Archives.of(Entry.file("ok.txt", "fine", 0644), Entry.file("../escaped.txt", "x", 0644))
            .writeTo(archives.resolve(name));

    assertThatThrownBy(() -> extract(archive, name))
        .isInstanceOf(FetchException.class)
        .hasMessageContaining("../escaped.txt")
        .hasMessageContaining("'..'");
    assertThat(tmp.resolve("box/escaped.txt")).doesNotExist();
    assertNothingOutsideTheSandbox();
  }

  @Test
  void anAbsoluteEntryIsRefused() throws Exception {
    Path outside = tmp.resolve("abs-target.txt");
    Path archive =
        Archives.of(Entry.file(outside.toString(), "x", 0644)).writeTo(archives.resolve("a.tar"));

    assertThatThrownBy(() -> extract(archive, "a.tar"))
        .isInstanceOf(FetchException.class)
        .hasMessageContaining("absolute path");
    assertThat(outside).doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(strings = {"a.tar", "a.zip"})
  void aSymlinkLeavingTheSandboxIsRefused(String name) throws Exception {
    Path archive =
        Archives.of(Entry.symlink("up", "../../archives")).writeTo(archives.resolve(name));

    assertThatThrownBy(() -> extract(archive, name))
        .isInstanceOf(FetchException.class)
        .hasMessageContaining("symlink to '../../archives', outside the sandbox");
    assertThat(sandbox.resolve("up")).doesNotExist();
  }

  @Test
  void anAbsoluteSymlinkIsRefused() throws Exception {
    Path archive = Archives.of(Entry.symlink("etc", "/etc")).writeTo(archives.resolve("a.tar"));

    assertThatThrownBy(() -> extract(archive, "a.tar"))
        .hasMessageContaining("symlink to '/etc', outside the sandbox");
  }

  @Test
  void noEntryIsWrittenThroughASymlinkTheArchiveMade() throws Exception {
    // The link stays inside, so it is allowed; writing through it is not, wherever it points.
    Path archive =
        Archives.of(
                Entry.dir("real/"),
                Entry.symlink("alias", "real"),
                Entry.file("alias/planted.txt", "x", 0644))
            .writeTo(archives.resolve("a.tar"));

    assertThatThrownBy(() -> extract(archive, "a.tar"))
        .hasMessageContaining("written through the symlink alias");
    assertThat(sandbox.resolve("real/planted.txt")).doesNotExist();
  }

  @Test
  void aFileEntryNeverOverwritesThroughAnExistingSymlink() throws Exception {
    Path victim = Files.writeString(tmp.resolve("victim.txt"), "original");
    Files.createSymbolicLink(sandbox.resolve("f.txt"), victim);
    Path archive =
        Archives.of(Entry.file("f.txt", "overwritten", 0644)).writeTo(archives.resolve("a.tar"));

    assertThatThrownBy(() -> extract(archive, "a.tar")).isInstanceOf(FetchException.class);
    assertThat(victim).hasContent("original");
  }

  @Test
  void aHardLinkOutsideIsRefusedAndOneInsideWorks() throws Exception {
    Path bad =
        Archives.of(Entry.hardLink("passwd", "../../../etc/passwd"))
            .writeTo(archives.resolve("bad.tar"));
    assertThatThrownBy(() -> extract(bad, "bad.tar")).hasMessageContaining("'..'");
    assertThat(sandbox.resolve("passwd")).doesNotExist();

    Path good =
        Archives.of(Entry.file("a.txt", "same", 0644), Entry.hardLink("b.txt", "a.txt"))
            .writeTo(archives.resolve("good.tar"));
    extract(good, "good.tar");
    assertThat(sandbox.resolve("b.txt")).hasContent("same");
  }

  @Test
  void aSymlinkInsideTheSandboxIsKept() throws Exception {
    Path archive =
        Archives.of(Entry.file("bin/tool", "t", 0755), Entry.symlink("tool", "bin/tool"))
            .writeTo(archives.resolve("a.tgz"));

    extract(archive, "a.tgz");

    assertThat(Files.readSymbolicLink(sandbox.resolve("tool"))).isEqualTo(Path.of("bin/tool"));
  }

  private void extract(Path archive, String name) throws FetchException {
    ArchiveExtractor.extract(
        archive, ArchiveExtractor.formatOf(name).orElseThrow(), sandbox, deadline);
  }

  private void assertNothingOutsideTheSandbox() throws IOException {
    try (Stream<Path> all = Files.list(tmp.resolve("box"))) {
      assertThat(all).containsExactly(sandbox);
    }
  }
}
