package io.mezzo.sim;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Runs one seed: builds a {@link SimCluster}, then for each step does one seeded action (a
 * framework's kill or reconciliation, or a fault), lets sim-time pass, and checks the {@link
 * ClusterInvariants}; at the end it heals everything, lets the cluster settle, reconciles and
 * checks the end invariants. The first violation stops the run and is returned with its step and
 * the recent trace. The fault model and the invariants are described on {@link
 * ClusterSimulationTest}.
 */
final class ClusterSimulation {
  static final int AGENTS = 4;
  static final int FRAMEWORKS = 3;

  /** What one seed did and whether it held. */
  record Result(
      long seed,
      int steps,
      List<String> failures,
      int failedStep,
      String trace,
      Duration simTime,
      long tasksRun,
      int masters,
      int updates,
      int tasksLaunched,
      int tasksRunningAtEnd) {

    boolean ok() {
      return failures.isEmpty();
    }

    String report() {
      if (ok()) {
        return String.format(
            "seed %d: ok, %d steps, %ds sim time, %d masters, %d tasks launched (%d running at the"
                + " end), %d updates, %d queued tasks run",
            seed,
            steps,
            simTime.toSeconds(),
            masters,
            tasksLaunched,
            tasksRunningAtEnd,
            updates,
            tasksRun);
      }
      return String.format(
          "seed %d FAILED at step %d: %s%n  replay: mvn -B -o test -Dtest=ClusterSimulationTest"
              + " -Dmezzo.sim.seed=%d -Dsurefire.failIfNoSpecifiedTests=false%n  last events:%n%s",
          seed, failedStep, String.join("; ", failures), seed, trace);
    }
  }

  private ClusterSimulation() {}

  static Result run(long seed, int steps, Path workDir) {
    Logger contexts = Logger.getLogger("io.mezzo.core.concurrent.SerialContext");
    Logger quiet = Logger.getLogger("io.mezzo");
    Level before = quiet.getLevel();
    quiet.setLevel(Level.SEVERE);
    SimCluster[] current = new SimCluster[1];
    Handler thrown =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            if (current[0] != null && r.getLevel().intValue() >= Level.SEVERE.intValue()) {
              current[0].fail(
                  "no component throws: "
                      + r.getMessage()
                      + (r.getThrown() == null ? "" : " " + r.getThrown()));
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    contexts.addHandler(thrown);
    try {
      SimCluster c = new SimCluster(seed, workDir, AGENTS, FRAMEWORKS);
      current[0] = c;
      return drive(c, seed, steps);
    } finally {
      contexts.removeHandler(thrown);
      quiet.setLevel(before);
    }
  }

  private static Result drive(SimCluster c, long seed, int steps) {
    ClusterInvariants invariants = new ClusterInvariants(c);
    SplittableRandom r = c.random().split();
    Faults faults = new Faults(c, r);
    c.runFor(Duration.ofSeconds(3));
    for (int i = 0; i < steps; i++) {
      c.trace().step(i);
      faults.act();
      c.runFor(Duration.ofMillis(20 + r.nextLong(400)));
      invariants.afterStep();
      if (!c.failures().isEmpty()) {
        return result(c, seed, steps, i);
      }
    }
    c.trace().step(steps);
    faults.heal();
    for (int s = 0; s < 60; s++) {
      c.runFor(Duration.ofSeconds(1));
      invariants.afterStep();
    }
    c.trace().add("final reconciliation");
    c.frameworks.forEach(
        f -> {
          f.reconcile(true, true);
          f.reconcile(false);
        });
    c.runFor(Duration.ofSeconds(10));
    invariants.afterStep();
    invariants.atEnd();
    return result(c, seed, steps, c.failures().isEmpty() ? -1 : steps);
  }

  private static Result result(SimCluster c, long seed, int steps, int failedStep) {
    int launched = c.frameworks.stream().mapToInt(f -> f.tasks.size()).sum();
    int running = c.hosts.stream().mapToInt(h -> h.containerizer.running().size()).sum();
    return new Result(
        seed,
        steps,
        List.copyOf(c.failures()),
        failedStep,
        c.trace().toString(),
        c.elapsed(),
        c.queue().ran(),
        c.masters.size(),
        c.ledger().size(),
        launched,
        running);
  }
}
