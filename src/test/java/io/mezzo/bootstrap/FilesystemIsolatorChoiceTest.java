package io.mezzo.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FilesystemIsolatorChoiceTest {
  @Test
  void aFilesystemIsolatorLeadsTheChainEvenWhenNotNamed() {
    assertThat(IsolationWiring.withFilesystem(List.of("cgroups/mem"), true))
        .containsExactly("filesystem/linux", "cgroups/mem");
    assertThat(IsolationWiring.withFilesystem(List.of("posix/cpu"), false))
        .containsExactly("filesystem/posix", "posix/cpu");
  }

  @Test
  void aNamedFilesystemIsolatorIsKeptWhereItIs() {
    assertThat(IsolationWiring.withFilesystem(List.of("disk/du", "filesystem/posix"), true))
        .containsExactly("disk/du", "filesystem/posix");
    assertThat(IsolationWiring.withFilesystem(List.of("filesystem/linux"), true))
        .containsExactly("filesystem/linux");
  }
}
