package io.mezzo.master.election;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts a contender's transitions for {@code /metrics/snapshot}, on a standby as on the leader
 * (the master's own metrics exist only while it leads). Thread-safe.
 */
public final class ElectionMetrics {
  /** One transition of the election, with its metrics key. */
  public enum Transition {
    /** A fresh election node was created (first time, or after losing the old one). */
    CONTENDING("master/election/contending"),
    ELECTED("master/election/elected"),
    /** The lease ran out or was revoked (session lost, node gone, write fenced). */
    LEASE_LOST("master/election/lease_lost"),
    /** This master stopped leading (after losing its lease or seeing another master lead). */
    DEPOSED("master/election/deposed"),
    /** A fresh election node after having lost the previous one or its session: back as standby. */
    REJOINED("master/election/rejoined");

    private final String key;

    Transition(String key) {
      this.key = key;
    }

    public String key() {
      return key;
    }
  }

  private final Map<Transition, AtomicLong> counts = new LinkedHashMap<>();

  public ElectionMetrics() {
    for (Transition t : Transition.values()) {
      counts.put(t, new AtomicLong());
    }
  }

  public void count(Transition t) {
    counts.get(t).incrementAndGet();
  }

  public long get(Transition t) {
    return counts.get(t).get();
  }

  /** Every counter under its key. */
  public Map<String, Double> snapshot() {
    Map<String, Double> out = new LinkedHashMap<>();
    counts.forEach((t, n) -> out.put(t.key(), (double) n.get()));
    return out;
  }
}
