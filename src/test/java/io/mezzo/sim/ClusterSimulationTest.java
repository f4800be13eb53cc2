package io.mezzo.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A seeded, deterministic simulation of a whole cluster (STYLE.md §10; the models are Kafka's
 * {@code RaftEventSimulationTest} and Mesos's in-process harness). Real {@code Master}s and {@code
 * Agent}s, built from constructors, run on one {@link io.mezzo.core.concurrent.PumpedQueue} with
 * hand-moved time ({@link io.mezzo.core.time.ManualTimers}); agents run tasks through a {@link
 * ScriptedContainerizer}; every link goes through a {@link SimNetwork}. The only randomness is a
 * {@link java.util.SplittableRandom} from the seed, so a seed replays exactly.
 *
 * <h2>Cluster and fault model</h2>
 *
 * 4 agents (4 cpus, 4 GB each), 3 frameworks (every other one PARTITION_AWARE) launching tasks of
 * 0.5 cpus / 256 MB that run 0.2–40 s (one in ten for an hour) and exit 0 (70%) or 1–3; masters
 * share one in-memory store. Each step does at most one seeded action and then lets 20–420 ms of
 * sim time pass:
 *
 * <ul>
 *   <li>a framework kills a task, reconciles explicitly, or reconciles implicitly;
 *   <li>an agent crashes (its queued work is lost, its containers keep running) and restarts on its
 *       work dir after 1–20 s;
 *   <li>an agent or a framework is partitioned for 1–25 s: its connections break silently (each end
 *       hears of it after a detection delay) and its requests time out;
 *   <li>a framework's scheduler crashes and re-subscribes with its FrameworkID after 0.5–10 s;
 *   <li>a new leader is elected while the old one still runs for up to 3 s (a zombie that has not
 *       yet heard it was deposed), or the leader crashes and a new one is elected after 0.5–5 s;
 *   <li>the network loses 10% of requests and answers for a few seconds.
 * </ul>
 *
 * Messages on a connection arrive in order after 1–30 ms or not at all. After the last step every
 * fault is healed, frameworks stop launching, the cluster runs 60 s, and every framework reconciles
 * all its tasks, explicitly (those it believes over too: a LOST task runs again once its agent
 * re-registers) and then implicitly.
 *
 * <h2>Invariants</h2>
 *
 * <ul>
 *   <li><b>At most one acting leader</b>: no master writes the store after a newer one recovered
 *       from it (a deposed master's writes are fenced by the store's versions), and the newest
 *       master is never fenced (checked on every write).
 *   <li><b>No resource offered twice or while allocated</b>: no offer id reaches frameworks twice;
 *       on every live master, per agent, offered + allocated ≤ total by the master's books, and
 *       offered + what the agent's containers really use ≤ total (after every step).
 *   <li><b>Every launched task ends terminal or is reconciled to its true state</b>: after healing
 *       and the final reconciliation, a framework believes RUNNING exactly the tasks whose
 *       container runs, and every other task it launched is terminal (or TASK_UNKNOWN).
 *   <li><b>Status updates are at-least-once, never after their ack</b>: an agent never resends an
 *       update once its acknowledgement reached it; a framework never gets more copies of an
 *       acknowledged update than reached a master; and after healing, every update an agent sent
 *       has had its acknowledgement reach the agent ({@link UpdateLedger}).
 *   <li><b>No component throws</b>: a task failing on a master's or agent's context is a failure.
 *   <li><b>Liveness after healing</b>: every agent is registered and every framework subscribed.
 * </ul>
 *
 * <h2>Running and replaying</h2>
 *
 * The default build runs {@link #SEEDS} for {@link #STEPS} steps each. A failure prints the seed,
 * the step, the violated invariant and the last events; replay it alone with {@code mvn -B -o test
 * -Dtest=ClusterSimulationTest -Dmezzo.sim.seed=N -Dsurefire.failIfNoSpecifiedTests=false} (add
 * {@code -Dmezzo.sim.steps=S} to change the length). {@code mvn -B -o test -Psoak} runs {@code
 * mezzo.sim.seeds} (200) seeds of {@code mezzo.sim.steps} (2000) steps from {@code
 * mezzo.sim.first-seed} (1000) and prints each seed's figures.
 */
class ClusterSimulationTest {
  static final long[] SEEDS = {1, 2, 3};
  static final int STEPS = 500;

  @Test
  void clusterKeepsItsInvariantsUnderSeededFaults() {
    String one = System.getProperty("mezzo.sim.seed");
    int steps = Integer.getInteger("mezzo.sim.steps", STEPS);
    List<Long> seeds = new ArrayList<>();
    if (one != null && !one.isBlank()) {
      seeds.add(Long.parseLong(one.trim()));
    } else if (System.getProperty("mezzo.sim.seeds") != null) {
      long first = Long.getLong("mezzo.sim.first-seed", 1000);
      int count = Integer.getInteger("mezzo.sim.seeds");
      for (int i = 0; i < count; i++) {
        seeds.add(first + i);
      }
    } else {
      for (long s : SEEDS) {
        seeds.add(s);
      }
    }
    List<String> failed = new ArrayList<>();
    long started = System.nanoTime();
    for (long seed : seeds) {
      long t0 = System.nanoTime();
      ClusterSimulation.Result r = runIn(seed, steps);
      System.out.printf("%s (%d ms)%n", r.report(), (System.nanoTime() - t0) / 1_000_000);
      if (!r.ok()) {
        failed.add(r.report());
      }
    }
    System.out.printf(
        "simulation: %d seed(s) of %d steps, %d failed, %d ms%n",
        seeds.size(), steps, failed.size(), (System.nanoTime() - started) / 1_000_000);
    assertTrue(failed.isEmpty(), failed.size() + " seed(s) failed:\n" + String.join("\n", failed));
  }

  @Test
  void aSeedReplaysExactly() {
    ClusterSimulation.Result first = runIn(7, 100);
    ClusterSimulation.Result again = runIn(7, 100);
    assertEquals(first, again, "seed 7 ran differently the second time");
  }

  private static ClusterSimulation.Result runIn(long seed, int steps) {
    Path dir = workDir(seed);
    try {
      return ClusterSimulation.run(seed, steps, dir);
    } finally {
      delete(dir);
    }
  }

  /** Agent checkpoints fsync after each update; tmpfs keeps thousands of them cheap. */
  private static Path workDir(long seed) {
    try {
      Path shm = Path.of("/dev/shm");
      Path base = Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of("target");
      return Files.createTempDirectory(base, "mezzo-sim-" + seed + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
