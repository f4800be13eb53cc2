package io.mezzo.agent.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.v1.TaskId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {
  @TempDir Path dir;

  @Test
  void writeAtomicallyReplacesTheFileAndLeavesNoTempFileBehind() throws Exception {
    Path f = dir.resolve("a/b/task.info");
    Checkpoints.writeAtomically(f, "one".getBytes());
    Checkpoints.writeAtomically(f, "two".getBytes());

    assertThat(Files.readString(f)).isEqualTo("two");
    try (Stream<Path> s = Files.list(f.getParent())) {
      assertThat(s).containsExactly(f);
    }
  }

  @Test
  void jsonRoundTripsAndAMissingFileIsEmpty() {
    Path f = dir.resolve("id.json");
    Checkpoints.writeJson(f, TaskId.of("t-1"));
    assertThat(Checkpoints.readJson(f, TaskId.class)).contains(TaskId.of("t-1"));
    assertThat(Checkpoints.readJson(dir.resolve("nope"), TaskId.class)).isEmpty();
  }

  @Test
  void appendAddsToTheEnd() throws Exception {
    Path f = dir.resolve("x/updates");
    Checkpoints.append(f, "a".getBytes());
    Checkpoints.append(f, "b".getBytes());
    assertThat(Files.readString(f)).isEqualTo("ab");
  }

  @Test
  void symlinkAtomicallyRepointsARelativeLink() throws Exception {
    Path link = dir.resolve("runs/latest");
    Files.createDirectories(dir.resolve("runs/c1"));
    Files.createDirectories(dir.resolve("runs/c2"));
    Checkpoints.symlinkAtomically(link, Path.of("c1"));
    Checkpoints.symlinkAtomically(link, Path.of("c2"));

    assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("c2"));
    assertThat(link.toRealPath()).isEqualTo(dir.resolve("runs/c2").toRealPath());
  }
}
