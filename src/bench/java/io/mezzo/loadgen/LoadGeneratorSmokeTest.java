package io.mezzo.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every scenario runs to the end at a tiny size against the packaged master jar. In the bench
 * source set, so it runs only under {@code -Pbench -DskipTests=false}; it asserts that a run
 * completes with nothing lost, never how fast (the figures belong to the real runs).
 */
class LoadGeneratorSmokeTest {
  private static final String JAR = "target/quarkus-app/quarkus-run.jar";

  @Test
  void endToEnd() {
    assertRuns("e2e", "agents=4", "frameworks=2", "tasks=40");
  }

  @Test
  void firstOffer() {
    assertRuns("first-offer", "agents=4", "frameworks=3");
  }

  @Test
  void heap() {
    assertRuns("heap", "agents=4", "frameworks=2", "tasks=20");
  }

  @Test
  void schedulerApi() {
    assertRuns("api", "agents=4", "frameworks=3", "rate=30", "duration=2");
  }

  private static void assertRuns(String... args) {
    Assumptions.assumeTrue(
        Files.isRegularFile(Path.of(JAR)), "needs the packaged jar: mvn -B -o package -DskipTests");
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "runs=1";
    all[args.length + 1] = "heap=256m";
    all[args.length + 2] = "timeout=120";
    all[args.length + 3] = "jar=" + JAR;
    assertThat(LoadGenerator.run(all)).isZero();
  }
}
