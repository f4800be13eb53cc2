package io.mezzo.agent.mount;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountTableTest {
  private static final String MOUNTINFO =
      """
      22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
      36 22 8:1 /w/volumes/roles/eng/v1 /w/slaves/a/runs/c1/data rw,relatime shared:1 - ext4 /dev/sda1 rw
      37 36 0:40 / /w/slaves/a/runs/c1/data/deeper rw - tmpfs tmpfs rw
      38 22 8:1 /x /w/slaves/a/runs/c2/my\\040data rw - ext4 /dev/sda1 rw
      39 22 8:1 /x /w/slaves/a/runs/c1/data rw - ext4 /dev/sda1 rw
      40 22 8:1 /x /w/slaves-other rw - ext4 /dev/sda1 rw
      """;

  @Test
  void theFifthFieldIsTheMountPointWithOctalEscapesUndone() {
    List<Path> all = MountTable.parse(MOUNTINFO);
    assertThat(all)
        .contains(
            Path.of("/"),
            Path.of("/w/slaves/a/runs/c1/data"),
            Path.of("/w/slaves/a/runs/c2/my data"));
    assertThat(MountTable.unescape("a\\134b\\011c\\12")).isEqualTo("a\\b\tc\\12");
  }

  @Test
  void mountsUnderARootComeDeepestFirstAndStackedOnesTwice() {
    List<Path> under = MountTable.under(MountTable.parse(MOUNTINFO), Path.of("/w/slaves"));
    assertThat(under.get(0)).isEqualTo(Path.of("/w/slaves/a/runs/c1/data/deeper"));
    assertThat(under).filteredOn(p -> p.equals(Path.of("/w/slaves/a/runs/c1/data"))).hasSize(2);
    assertThat(under).doesNotContain(Path.of("/w/slaves-other"), Path.of("/"));
  }

  @Test
  void garbageLinesAreSkipped() {
    assertThat(MountTable.parse("\nnot a mountinfo line\n1 2 3\n")).isEmpty();
  }

  @Test
  void thisProcessHasARootMount() {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        java.nio.file.Files.exists(MountTable.MOUNTINFO), "no /proc/self/mountinfo (not Linux)");
    assertThat(MountTable.read()).contains(Path.of("/"));
  }
}
