package io.mezzo.bootstrap;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * The agent's secret for executor tokens ({@code io.mezzo.security.ExecutorTokens}): 32 random
 * bytes in {@code <work-dir>/agent/meta/executor-token.key}, mode 0600, made the first time the
 * agent runs with {@code mezzo.security.authenticate-http-executors} on and read on every later
 * start. It outlives the agent process on purpose: a checkpointing executor keeps running while its
 * agent restarts, and the token in its environment must still verify when it re-subscribes.
 */
final class ExecutorTokenKey {
  static final int BYTES = 32;

  private ExecutorTokenKey() {}

  /**
   * Reads the key in {@code agentWorkDir}, or makes and stores one.
   *
   * @throws StartupRefusal when the file cannot be read or written, or has the wrong size
   */
  static byte[] loadOrCreate(Path agentWorkDir, SecureRandom random) {
    Path file = agentWorkDir.resolve("meta").resolve("executor-token.key");
    try {
      if (Files.exists(file)) {
        byte[] key = Files.readAllBytes(file);
        if (key.length != BYTES) {
          throw StartupRefusal.of(
              "mezzo.security.authenticate-http-executors",
              true,
              file
                  + " holds "
                  + key.length
                  + " bytes, not the "
                  + BYTES
                  + " of an executor token key; remove it to make a new one (running executors"
                  + " then need a restart)");
        }
        return key;
      }
      byte[] key = new byte[BYTES];
      random.nextBytes(key);
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), "executor-token", ".tmp");
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      Files.write(tmp, key);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException raced) {
        Files.deleteIfExists(tmp);
        return loadOrCreate(agentWorkDir, random);
      }
      return key;
    } catch (IOException e) {
      throw StartupRefusal.of(
          "mezzo.security.authenticate-http-executors",
          true,
          "cannot keep the executor token key in " + file + ": " + e);
    }
  }
}
