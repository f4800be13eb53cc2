package io.mezzo.agent.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mezzo.agent.AgentSnapshot;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskState;
import io.mezzo.security.Caller;
import io.mezzo.security.acl.Acls;
import io.mezzo.security.acl.Authorizer;
import io.mezzo.security.acl.LocalAuthorizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Path containment of the sandbox file server, on real files: what is inside a sandbox is served,
 * nothing outside is, whichever way it is asked for ({@code ..}, absolute paths, symbolic links).
 */
class SandboxFilesTest {
  @TempDir Path work;
  private Path sandbox;
  private Path outside;
  private SandboxFiles files;
  private String latest;

  @BeforeEach
  void layOut() throws IOException {
    Path runs = work.resolve("slaves/S0/frameworks/F1/executors/t1/runs");
    sandbox = Files.createDirectories(runs.resolve("c1"));
    Files.createSymbolicLink(runs.resolve("latest"), Path.of("c1"));
    Files.writeString(sandbox.resolve("stdout"), "hello\nworld\n");
    Files.createDirectories(sandbox.resolve("sub"));
    Files.writeString(sandbox.resolve("sub/inner.txt"), "inner");
    Files.createSymbolicLink(sandbox.resolve("passwd"), Path.of("/etc/passwd"));
    Files.createSymbolicLink(sandbox.resolve("link-to-stdout"), Path.of("stdout"));
    outside = Files.createDirectories(work.resolve("outside"));
    Files.writeString(outside.resolve("secret"), "secret");
    Files.createSymbolicLink(sandbox.resolve("escape-dir"), outside);
    // A sibling run whose name extends this one's must not count as inside it.
    Files.createDirectories(runs.resolve("c1-other"));
    Files.writeString(runs.resolve("c1-other/stdout"), "other");
    files =
        new SandboxFiles(
            List.of(new SandboxFiles.Sandbox(FrameworkId.of("F1"), ExecutorId.of("t1"), sandbox)));
    latest = "/frameworks/F1/executors/t1/runs/latest";
  }

  @AfterEach
  void removeTheLinkOut() throws IOException {
    Files.deleteIfExists(
        sandbox.resolve("passwd")); // so the temp dir cleanup has nothing to warn about
  }

  @Test
  void aFileInsideTheSandboxIsServedUnderEveryAlias() {
    for (String base :
        List.of(sandbox.toString(), sandbox.resolveSibling("latest").toString(), latest)) {
      assertThat(text(files.read(base + "/stdout", 0, null))).isEqualTo("hello\nworld\n");
    }
  }

  @Test
  void readsHonourOffsetAndLengthAndMinusOneFindsTheEnd() {
    SandboxFiles.Chunk part = files.read(latest + "/stdout", 6, 3L);
    assertThat(text(part)).isEqualTo("wor");
    assertThat(part.offset()).isEqualTo(6);
    assertThat(part.size()).isEqualTo(12);

    SandboxFiles.Chunk end = files.read(latest + "/stdout", -1, null);
    assertThat(end.data()).isEmpty();
    assertThat(end.offset()).isEqualTo(12);

    assertThat(files.read(latest + "/stdout", 100, 10L).data()).isEmpty();
  }

  @Test
  void aLengthOfMinusOneReadsToTheEndAsTheLogViewerAsks() {
    SandboxFiles.Chunk all = files.read(latest + "/stdout", 0, -1L);
    assertThat(text(all)).isEqualTo("hello\nworld\n");
    assertThat(all.offset()).isZero();
    assertThat(text(files.read(latest + "/stdout", 6, -1L))).isEqualTo("world\n");
  }

  @Test
  void aLengthOfZeroOrAnOffsetPastTheEndEchoesTheOffsetWithNoData() {
    SandboxFiles.Chunk none = files.read(latest + "/stdout", 3, 0L);
    assertThat(none.data()).isEmpty();
    assertThat(none.offset()).isEqualTo(3);
    SandboxFiles.Chunk past = files.read(latest + "/stdout", 100, null);
    assertThat(past.data()).isEmpty();
    assertThat(past.offset()).isEqualTo(100);
    assertThat(past.size()).isEqualTo(12);
  }

  @Test
  void oneReadReturnsAtMostSixteenPagesWhateverTheLengthAsked() throws IOException {
    byte[] big = new byte[(int) SandboxFiles.MAX_READ_LENGTH * 2 + 5];
    java.util.Arrays.fill(big, (byte) 'x');
    Files.write(sandbox.resolve("big.log"), big);
    assertThat(SandboxFiles.MAX_READ_LENGTH).isEqualTo(65536);
    for (Long length : new Long[] {null, -1L, 1L << 40}) {
      SandboxFiles.Chunk c = files.read(latest + "/big.log", 0, length);
      assertThat(c.data()).hasSize((int) SandboxFiles.MAX_READ_LENGTH);
    }
    SandboxFiles.Chunk tail =
        files.read(latest + "/big.log", 2 * SandboxFiles.MAX_READ_LENGTH, -1L);
    assertThat(tail.data()).hasSize(5);
  }

  @Test
  void aSymlinkThatStaysInsideIsFollowed() {
    assertThat(text(files.read(latest + "/link-to-stdout", 0, null))).startsWith("hello");
  }

  @Test
  void browseListsTheDirectoryInItsOwnNamespace() {
    List<FileEntry> entries = files.browse(latest);
    assertThat(entries)
        .extracting(FileEntry::path)
        .contains(latest + "/stdout", latest + "/sub", latest + "/passwd");
    FileEntry stdout =
        entries.stream().filter(e -> e.path().endsWith("/stdout")).findFirst().orElseThrow();
    assertThat(stdout.size()).isEqualTo(12);
    assertThat(FileEntry.modeString(stdout.mode())).startsWith("-rw");
    FileEntry link =
        entries.stream().filter(e -> e.path().endsWith("/passwd")).findFirst().orElseThrow();
    assertThat(FileEntry.modeString(link.mode()))
        .as("a link is described, not followed")
        .startsWith("l");
    assertThat(files.browse(latest + "/sub/inner.txt"))
        .singleElement()
        .satisfies(e -> assertThat(e.path()).isEqualTo(latest + "/sub/inner.txt"));
  }

  @Test
  void aSymlinkToEtcPasswdIsRefused() {
    assertRefused(() -> files.read(latest + "/passwd", 0, null), 403);
    assertRefused(() -> files.download(latest + "/passwd"), 403);
    assertRefused(() -> files.browse(latest + "/passwd"), 403);
  }

  @Test
  void aSymlinkedDirectoryOutsideIsRefused() {
    assertRefused(() -> files.browse(latest + "/escape-dir"), 403);
    assertRefused(() -> files.read(latest + "/escape-dir/secret", 0, null), 403);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/frameworks/F1/executors/t1/runs/latest/../../../../../../etc/passwd",
        "/frameworks/F1/executors/t1/runs/latest/sub/../../c1-other/stdout",
        "/frameworks/F1/executors/t1/runs/latest/..",
        "/../etc/passwd"
      })
  void dotDotIsRefusedBeforeAnythingIsResolved(String path) {
    assertRefused(() -> files.read(path, 0, null), 400);
  }

  @Test
  void aPercentEncodedDotDotIsALiteralNameHere() {
    // The HTTP layer decodes the query once ("%2e%2e" arrives as ".."); a second encoding is a
    // name.
    assertRefused(() -> files.read(latest + "/%2e%2e/%2e%2e/c1-other/stdout", 0, null), 404);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/etc/passwd",
        "/",
        "/frameworks/F1/executors/t2/runs/latest/stdout",
        "/frameworks/F1/executors/t1/runs/c1/stdout"
      })
  void absolutePathsOutsideEverySandboxAreNotFound(String path) {
    assertRefused(() -> files.read(path, 0, null), 404);
  }

  @Test
  void aSiblingRunWithALongerNameIsNotInside() {
    assertRefused(() -> files.read(sandbox + "-other/stdout", 0, null), 404);
    assertRefused(() -> files.read(work.resolve("outside/secret").toString(), 0, null), 404);
  }

  @Test
  void badRequestsSayWhatIsWrong() {
    assertRefused(() -> files.read(null, 0, null), 400);
    assertRefused(() -> files.read("relative/stdout", 0, null), 400);
    assertRefused(() -> files.read(latest + "/std\0out", 0, null), 400);
    assertRefused(() -> files.read(latest + "/stdout", -2, null), 400);
    assertRefused(() -> files.read(latest + "/stdout", 0, -2L), 400);
    assertRefused(() -> files.read(latest + "/sub", 0, null), 400);
    assertRefused(() -> files.download(latest + "/sub"), 400);
    assertRefused(() -> files.read(latest + "/missing", 0, null), 404);
  }

  @Test
  void debugMapsEveryVirtualPath() {
    assertThat(files.debug())
        .containsKeys(latest, sandbox.toString(), sandbox.resolveSibling("latest").toString());
  }

  @Test
  void aCallerRefusedTheSandboxGets403WithTheReasonWhetherOrNotTheFileExists() {
    SandboxFiles owned =
        new SandboxFiles(
                List.of(
                    new SandboxFiles.Sandbox(
                        FrameworkId.of("F1"), ExecutorId.of("t1"), sandbox, "alice")))
            .restrictedBy(SandboxFiles.Access.of(onlyOpsReadsAlice(), Caller.of("bob")));
    for (ThrowingCallable call :
        List.<ThrowingCallable>of(
            () -> owned.read(latest + "/stdout", 0, null),
            () -> owned.read(latest + "/no-such-file", 0, null),
            () -> owned.browse(latest),
            () -> owned.download(sandbox + "/stdout"))) {
      assertThatThrownBy(call)
          .isInstanceOfSatisfying(
              FileAccessException.class, e -> assertThat(e.status()).isEqualTo(403))
          .hasMessageContaining("'bob'")
          .hasMessageContaining("access_sandboxes")
          .hasMessageContaining("'alice'");
    }
  }

  @Test
  void aCallerAllowedTheSandboxReadsItAndAPathInNoSandboxStays404ForEveryone() {
    List<SandboxFiles.Sandbox> boxes =
        List.of(
            new SandboxFiles.Sandbox(FrameworkId.of("F1"), ExecutorId.of("t1"), sandbox, "alice"));
    SandboxFiles asOps =
        new SandboxFiles(boxes)
            .restrictedBy(SandboxFiles.Access.of(onlyOpsReadsAlice(), Caller.of("ops")));
    assertThat(text(asOps.read(latest + "/stdout", 0, null))).isEqualTo("hello\nworld\n");
    SandboxFiles asBob =
        new SandboxFiles(boxes)
            .restrictedBy(SandboxFiles.Access.of(onlyOpsReadsAlice(), Caller.of("bob")));
    assertRefused(() -> asBob.read("/frameworks/F9/executors/x/runs/latest/stdout", 0, null), 404);
    assertRefused(() -> asBob.read(outside + "/secret", 0, null), 404);
  }

  @Test
  void theSandboxBelongsToTheExecutorsOwnUserElseItsFrameworks() {
    FrameworkInfo fw =
        FrameworkInfo.builder().user("fw-user").name("fw").id(FrameworkId.of("F1")).build();
    AgentSnapshot.TaskView own =
        new AgentSnapshot.TaskView(
            fw.id(),
            TaskId.of("t1"),
            "t1",
            TaskState.TASK_RUNNING,
            ExecutorId.of("t1"),
            null,
            sandbox,
            List.of(),
            null,
            "task-user");
    AgentSnapshot.TaskView plain =
        new AgentSnapshot.TaskView(
            fw.id(),
            TaskId.of("t2"),
            "t2",
            TaskState.TASK_RUNNING,
            ExecutorId.of("t2"),
            null,
            sandbox,
            List.of(),
            null);
    assertThat(
            SandboxFiles.executorUser(
                fw,
                new AgentSnapshot.ExecutorView(
                    ExecutorId.of("t1"), null, "mesos", sandbox, List.of(own))))
        .isEqualTo("task-user");
    assertThat(
            SandboxFiles.executorUser(
                fw,
                new AgentSnapshot.ExecutorView(
                    ExecutorId.of("t2"), null, "mesos", sandbox, List.of(plain))))
        .isEqualTo("fw-user");
  }

  /** ops may read any sandbox; nobody else may read alice's. */
  private static Authorizer onlyOpsReadsAlice() {
    return new LocalAuthorizer(
        Acls.parse(
            "test",
            """
            {"access_sandboxes": [
              {"principals": {"values": ["ops"]}, "users": {"type": "ANY"}},
              {"principals": {"type": "NONE"}, "users": {"values": ["alice"]}}]}
            """));
  }

  private static String text(SandboxFiles.Chunk c) {
    return new String(c.data(), StandardCharsets.UTF_8);
  }

  private static void assertRefused(ThrowingCallable call, int status) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            FileAccessException.class,
            e -> {
              assertThat(e.status()).as(e.getMessage()).isEqualTo(status);
              assertThat(e.getMessage()).isNotBlank();
            });
  }
}
