package io.mezzo.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutorTokenKeyTest {
  @TempDir Path dir;

  @Test
  void theKeyIsMadeOnceKeptPrivateAndReadBackAfterARestart() throws Exception {
    byte[] first = ExecutorTokenKey.loadOrCreate(dir, new SecureRandom());
    byte[] again = ExecutorTokenKey.loadOrCreate(dir, new SecureRandom());

    assertThat(first).hasSize(32).isEqualTo(again);
    Path file = dir.resolve("meta/executor-token.key");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void aKeyFileOfTheWrongSizeStopsTheNodeNamingIt() throws Exception {
    Files.createDirectories(dir.resolve("meta"));
    Files.write(dir.resolve("meta/executor-token.key"), new byte[5]);

    assertThatThrownBy(() -> ExecutorTokenKey.loadOrCreate(dir, new SecureRandom()))
        .isInstanceOf(StartupRefusal.class)
        .hasMessageContaining("mezzo.security.authenticate-http-executors")
        .hasMessageContaining("executor-token.key holds 5 bytes");
  }
}
