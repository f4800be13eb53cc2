package io.mezzo.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkDirLockTest {
  @TempDir Path work;

  @Test
  void theLockFileHoldsTheHoldersPidUntilRelease() throws Exception {
    Path dir = work.resolve("agent");
    try (WorkDirLock lock = WorkDirLock.acquire(work.toString(), dir, "agent work dir", 4242)) {
      assertThat(lock.file()).isEqualTo(dir.resolve(WorkDirLock.FILE_NAME));
      assertThat(Files.readString(lock.file())).isEqualTo("4242\n");
      assertThat(lock.previousHolder()).isEmpty();
    }
    assertThat(Files.readString(dir.resolve(WorkDirLock.FILE_NAME))).isEmpty();
  }

  @Test
  void aSecondHolderIsRefusedWithTheFirstOnesPid() {
    Path dir = work.resolve("master");
    try (WorkDirLock first = WorkDirLock.acquire(work.toString(), dir, "master registry", 4242)) {
      assertThatThrownBy(() -> WorkDirLock.acquire(work.toString(), dir, "master registry", 7))
          .isInstanceOf(StartupRefusal.class)
          .hasMessageStartingWith("mezzo.work-dir=" + work + ": the master registry " + dir)
          .hasMessageContaining("in use by another Mezzo node (pid 4242, lock file")
          .hasMessageEndingWith("stop that node or give this one another mezzo.work-dir");
      assertThat(first.file()).hasContent("4242");
    }
  }

  @Test
  void aLockFileLeftByADeadHolderIsTakenOver() throws Exception {
    Path dir = Files.createDirectories(work.resolve("agent"));
    Files.writeString(dir.resolve(WorkDirLock.FILE_NAME), "999999\n");

    try (WorkDirLock lock = WorkDirLock.acquire(work.toString(), dir, "agent work dir", 4242)) {
      assertThat(lock.previousHolder()).isEqualTo("999999");
      assertThat(Files.readString(lock.file())).isEqualTo("4242\n");
    }
  }

  @Test
  void aWorkDirThatCannotBeCreatedIsRefusedNamingTheKey() throws Exception {
    // A regular file where a directory should be: refused even for root, which may write anywhere.
    Path file = Files.writeString(work.resolve("not-a-dir"), "x");
    Path dir = file.resolve("agent");

    assertThatThrownBy(() -> WorkDirLock.acquire(file.toString(), dir, "agent work dir", 1))
        .isInstanceOf(StartupRefusal.class)
        .hasMessageStartingWith("mezzo.work-dir=" + file + ": cannot use " + dir + " as the agent")
        .hasMessageEndingWith("expected a directory this user can create and write");
  }
}
