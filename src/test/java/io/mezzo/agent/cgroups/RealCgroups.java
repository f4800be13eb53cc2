package io.mezzo.agent.cgroups;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mezzo.core.time.SystemTimers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real kernel's cgroups for tests: skips a test (saying which capability is missing) only when
 * this machine truly cannot run it, and gives each test its own root under {@code mezzo/} so other
 * runs' and other processes' cgroups are never touched.
 */
public final class RealCgroups {
  private RealCgroups() {}

  /** Skips unless every controller is mounted and writable (we are root). */
  public static CgroupFs require(String... controllers) {
    CgroupFs fs = CgroupFs.system();
    for (String c : controllers) {
      Optional<String> problem = fs.problem(c);
      assumeTrue(
          problem.isEmpty(), () -> "needs a writable '" + c + "' cgroup: " + problem.orElse(""));
    }
    return fs;
  }

  /** A fresh root for one test: {@code mezzo/test-<random>}. */
  public static String freshRoot() {
    return "mezzo/test-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * Removes the test root, killing anything left in it, and the {@code mezzo} parent when empty.
   */
  public static void removeRoot(CgroupFs fs, String root) {
    try (SystemTimers timers = new SystemTimers("cgroup-cleanup")) {
      for (Cgroup g : fs.everywhere(root)) {
        try {
          g.destroy(timers).toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new AssertionError("test cgroup root " + g + " could not be removed", e);
        }
      }
    }
    for (Cgroup parent : fs.everywhere("mezzo")) {
      try {
        Files.deleteIfExists(parent.dir());
      } catch (IOException busy) {
        // Another run's root is still there.
      }
    }
  }

  /** The container cgroups still under the test root, in any hierarchy. */
  public static List<Path> leftovers(CgroupFs fs, String root) {
    List<Path> out = new ArrayList<>();
    for (Cgroup g : fs.everywhere(root)) {
      if (Files.isDirectory(g.dir())) {
        try (Stream<Path> s = Files.list(g.dir())) {
          s.filter(Files::isDirectory).forEach(out::add);
        } catch (IOException e) {
          // Removed while we looked.
        }
      }
    }
    return out;
  }
}
