package io.mezzo.agent.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mezzo.agent.isolator.filesystem.LinuxFilesystemIsolator;
import io.mezzo.agent.mount.MountTable;
import io.mezzo.agent.mount.Mounts;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deleting a sandbox in which a persistent volume is still bind-mounted (its container's cleanup
 * failed, or the agent died before it) must not delete the volume's data. Real bind mounts: root.
 */
class TreeMountTest {
  @TempDir Path work;
  private Path mountPoint;

  @AfterEach
  void unmount() throws Exception {
    if (mountPoint != null) {
      Mounts.unmount(mountPoint);
    }
  }

  @Test
  void aMountStillInTheSandboxIsUnmountedAndItsDataKept() throws Exception {
    assumeTrue(
        LinuxFilesystemIsolator.problem().isEmpty(),
        () -> "skipped: " + LinuxFilesystemIsolator.problem().get());
    Path root = work.toRealPath();
    Path volume = Files.createDirectories(root.resolve("volumes/roles/eng/v1"));
    Files.writeString(volume.resolve("f"), "precious");
    Path sandbox = Files.createDirectories(root.resolve("slaves/a/runs/c1"));
    Files.writeString(sandbox.resolve("stdout"), "out");
    mountPoint = Files.createDirectories(sandbox.resolve("deep/data"));
    Mounts.bind(volume, mountPoint, false);
    Files.createSymbolicLink(sandbox.resolve("link"), volume);
    assertThat(MountTable.read()).contains(mountPoint);

    Tree.delete(root, sandbox);

    assertThat(sandbox).doesNotExist();
    assertThat(MountTable.read()).doesNotContain(mountPoint);
    assertThat(volume.resolve("f")).hasContent("precious");
  }
}
