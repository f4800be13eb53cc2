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
}
