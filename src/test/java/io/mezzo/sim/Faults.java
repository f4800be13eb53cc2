package io.mezzo.sim;

import java.time.Duration;
import java.util.SplittableRandom;

/**
 * The seeded actions of a simulation step: frameworks' kills and reconciliations, and the faults —
 * agent crashes (restarted after a while), agent and framework partitions, framework failovers, a
 * leader deposed while it still runs (a zombie for up to 3 s) or crashed (a new one elected after
 * up to 5 s), and spells of lossy network.
 */
final class Faults {
  private final SimCluster cluster;
  private final SplittableRandom random;

  Faults(SimCluster cluster, SplittableRandom random) {
    this.cluster = cluster;
    this.random = random;
  }

  private Duration between(long minMs, long maxMs) {
    return Duration.ofMillis(minMs + random.nextLong(maxMs - minMs));
  }

  private <T> T pick(java.util.List<T> from) {
    return from.get(random.nextInt(from.size()));
  }

  void act() {
    double p = random.nextDouble();
    SimFramework f = pick(cluster.frameworks);
    SimHost h = pick(cluster.hosts);
    if (p < 0.05) {
      f.killOne();
    } else if (p < 0.08) {
      f.reconcile(true);
    } else if (p < 0.10) {
      f.reconcile(false);
    } else if (p < 0.115) {
      crashAgent(h, between(1_000, 20_000));
    } else if (p < 0.13) {
      cluster.network().isolate(h.node, between(1_000, 25_000));
    } else if (p < 0.14) {
      cluster.trace().add(f.node + " crashes");
      f.crash(between(500, 10_000));
    } else if (p < 0.15) {
      cluster.network().isolate(f.node, between(1_000, 10_000));
    } else if (p < 0.153) {
      if (cluster.leader() != null) {
        cluster.electNew(between(1, 3_000));
      }
    } else if (p < 0.156) {
      crashLeader(between(500, 5_000));
    } else if (p < 0.16) {
      lossy(between(1_000, 5_000));
    }
  }

  private void crashAgent(SimHost h, Duration downtime) {
    if (!h.up()) {
      return;
    }
    cluster.trace().add(h.node + " crashes for " + downtime.toMillis() + "ms");
    h.crash();
    cluster.timers().schedule(downtime, () -> restart(h));
  }

  private void restart(SimHost h) {
    if (!h.up()) {
      cluster.trace().add(h.node + " restarts");
      h.start(random.split());
    }
  }

  private void crashLeader(Duration election) {
    SimCluster.SimMaster m = cluster.leader();
    if (m == null) {
      return;
    }
    cluster.crashMaster(m);
    cluster
        .timers()
        .schedule(
            election,
            () -> {
              if (cluster.leader() == null) {
                cluster.electNew(Duration.ZERO);
              }
            });
  }

  private void lossy(Duration spell) {
    cluster.trace().add("lossy network for " + spell.toMillis() + "ms");
    cluster.network().lossRate = 0.1;
    cluster.timers().schedule(spell, () -> cluster.network().lossRate = 0);
  }

  /** Ends every fault: the network heals, a leader exists, every agent is up, frameworks quiet. */
  void heal() {
    cluster.trace().add("healing");
    cluster.network().lossRate = 0;
    cluster.network().healAll();
    if (cluster.leader() == null) {
      cluster.electNew(Duration.ZERO);
    }
    for (SimCluster.SimMaster m : cluster.masters) {
      if (m != cluster.leader()) {
        cluster.crashMaster(m);
      }
    }
    cluster.hosts.forEach(this::restart);
    cluster.frameworks.forEach(f -> f.quiet = true);
  }
}
