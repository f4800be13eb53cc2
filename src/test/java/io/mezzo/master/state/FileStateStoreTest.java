package io.mezzo.master.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStateStoreTest extends StateStoreContract {
  @TempDir Path dir;

  @Override
  StateStore store() {
    return new FileStateStore(dir);
  }

  @Override
  StateStore sameStorage() {
    return new FileStateStore(dir);
  }

  @Test
  void leavesNoTemporaryFilesBehind() throws Exception {
    StateStore s = store();
    long v = s.write("registry", new byte[] {1}, StateStore.ABSENT);
    s.write("registry", new byte[] {2}, v);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("registry.json", "registry.version");
    }
  }

  @Test
  void namesThatCouldEscapeTheDirectoryAreRefused() {
    assertThatThrownBy(() -> store().write("../x", new byte[0], StateStore.ABSENT))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aBatchCommittedBeforeACrashIsFinishedWhenTheStoreIsOpenedAgain() throws Exception {
    StateStore before = new FileStateStore(dir);
    long fence = before.write("fence", new byte[] {0}, StateStore.ABSENT);
    before.write("agents/a", new byte[] {1}, StateStore.ABSENT);
    new FileStateStore(dir, false)
        .commit(
            "fence",
            fence,
            java.util.List.of(
                new StateStore.Put("agents/b", new byte[] {2}),
                new StateStore.Delete("agents/a"),
                new StateStore.Put("meta", new byte[] {3})));
    assertThat(dir.resolve("agents/b.json")).doesNotExist();
    assertThat(dir.resolve("agents/a.json")).exists();

    StateStore after = new FileStateStore(dir);
    assertThat(after.readAll("agents")).containsOnlyKeys("b");
    assertThat(after.read("meta").orElseThrow().data()).containsExactly(3);
    assertThat(dir.resolve("batch.journal")).doesNotExist();
  }

  @Test
  void aBatchInterruptedBeforeItsCommitPointLeavesTheOldDocuments() throws Exception {
    StateStore s = new FileStateStore(dir);
    s.write("meta", new byte[] {1}, StateStore.ABSENT);
    // A crash while the journal was being written leaves only its temporary file.
    Files.write(dir.resolve("batch.journal.tmp"), new byte[] {0, 0});
    assertThat(new FileStateStore(dir).read("meta").orElseThrow().data()).containsExactly(1);
  }
}
