package io.mezzo.sim;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.OfferId;
import io.mezzo.core.concurrent.PumpedQueue;
import io.mezzo.core.concurrent.SerialContext;
import io.mezzo.core.time.ManualTimers;
import io.mezzo.master.Master;
import io.mezzo.master.MasterConfig;
import io.mezzo.master.allocator.AllocatorConfig;
import io.mezzo.master.allocator.HierarchicalDrfAllocator;
import io.mezzo.master.state.InMemoryStateStore;
import io.mezzo.master.state.StateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The simulated cluster of one seed: masters sharing one store (one leads; a deposed one may live
 * on as a zombie for a while), agents on {@link SimHost}s, {@link SimFramework}s, the {@link
 * SimNetwork} between them, all on one {@link PumpedQueue} with {@link ManualTimers}. {@link
 * #runFor} moves time to each due timer in turn and drains the queue in between, so a run is a pure
 * function of the seed. See {@link ClusterSimulationTest} for the fault model.
 */
final class SimCluster {
  static final int QUEUE_LIMIT = 200_000;

  private final SplittableRandom random;
  private final ManualTimers timers = new ManualTimers();
  private final PumpedQueue queue = new PumpedQueue();
  private final Trace trace = new Trace(timers.clock());
  private final SimNetwork network;
  private final UpdateLedger ledger = new UpdateLedger();
  private final StateStore store = new InMemoryStateStore();
  private final MasterConfig masterConfig;
  final List<SimMaster> masters = new ArrayList<>();
  final List<SimHost> hosts = new ArrayList<>();
  final List<SimFramework> frameworks = new ArrayList<>();
  private final Map<AgentId, SimHost> agentIds = new HashMap<>();
  private final Set<OfferId> offersSeen = new HashSet<>();
  private final List<String> failures = new ArrayList<>();
  private final Instant start = timers.clock().instant();
  private SimMaster leader;
  private int newestRecovered = -1;

  /** One master incarnation; {@code gen} orders them (a newer one is elected later). */
  final class SimMaster {
    final int gen;
    final String node;
    final Master master;
    final SerialContext context;
    boolean crashed;
    boolean recovered;

    SimMaster(int gen) {
      this.gen = gen;
      this.node = "m" + gen;
      this.context = SerialContext.pumped("master-" + node, queue);
      this.master =
          new Master(
              masterConfig,
              node,
              new ProbedStore(this),
              new HierarchicalDrfAllocator(
                  masterConfig.allocator(), new SplittableRandom(random.nextLong())),
              timers,
              context);
    }
  }

  /** The shared store as one master sees it: every successful write is checked for fencing. */
  private final class ProbedStore implements StateStore {
    private final SimMaster owner;

    ProbedStore(SimMaster owner) {
      this.owner = owner;
    }

    @Override
    public Optional<Versioned> read(String name) {
      return store.read(name);
    }

    @Override
    public long write(String name, byte[] data, long expectedVersion) {
      return probed("'" + name + "'", () -> store.write(name, data, expectedVersion));
    }

    @Override
    public Map<String, Versioned> readAll(String collection) {
      return store.readAll(collection);
    }

    @Override
    public void commit(String fence, long fenceVersion, List<Op> ops) {
      probed(
          "a batch of " + ops.size(),
          () -> {
            store.commit(fence, fenceVersion, ops);
            return 0L;
          });
    }

    private long probed(String what, java.util.function.LongSupplier write) {
      try {
        long v = write.getAsLong();
        if (owner.gen < newestRecovered) {
          fail(
              "at most one acting leader: deposed "
                  + owner.node
                  + " wrote "
                  + what
                  + " after m"
                  + newestRecovered
                  + " had taken over");
        }
        return v;
      } catch (StaleVersionException e) {
        trace.add(owner.node + " fenced: " + e.getMessage());
        if (owner.gen == newestRecovered && !owner.crashed) {
          fail("at most one acting leader: the leader " + owner.node + " was fenced: " + e);
        }
        throw e;
      }
    }
  }

  SimCluster(long seed, Path workDir, int agents, int frameworkCount) {
    this.random = new SplittableRandom(seed);
    this.network = new SimNetwork(timers, random.split(), trace);
    AllocatorConfig alloc =
        new AllocatorConfig(
            Duration.ofMillis(500), AllocatorConfig.defaults().minAllocatable(), "drf");
    MasterConfig d = MasterConfig.defaults();
    this.masterConfig =
        new MasterConfig(
            d.hostname(),
            d.ip(),
            d.port(),
            Duration.ofSeconds(2),
            3,
            Duration.ofSeconds(5),
            Duration.ofSeconds(5),
            d.maxCompletedFrameworks(),
            alloc);
    electNew(Duration.ZERO);
    for (int i = 0; i < agents; i++) {
      SimHost h = new SimHost(this, "a" + i, workDir.resolve("a" + i));
      hosts.add(h);
      h.start(random.split());
    }
    for (int i = 0; i < frameworkCount; i++) {
      SimFramework f = new SimFramework(this, "f" + i, i % 2 == 1, random.split());
      frameworks.add(f);
      f.subscribe();
    }
  }

  // ---- accessors for the parts ----

  ManualTimers timers() {
    return timers;
  }

  PumpedQueue queue() {
    return queue;
  }

  SimNetwork network() {
    return network;
  }

  UpdateLedger ledger() {
    return ledger;
  }

  Trace trace() {
    return trace;
  }

  SplittableRandom random() {
    return random;
  }

  /** The master a detector would name now, or null between a leader's crash and the election. */
  SimMaster leader() {
    return leader;
  }

  Optional<SimHost> hostOf(AgentId id) {
    return Optional.ofNullable(agentIds.get(id));
  }

  void agentRegistered(AgentId id, SimHost host) {
    agentIds.put(id, host);
  }

  void offerSeen(String framework, Offer offer) {
    if (!offersSeen.add(offer.id())) {
      fail(
          "no resource offered twice: "
              + framework
              + " got offer "
              + offer.id().value()
              + " again");
    }
  }

  void fail(String failure) {
    trace.add("VIOLATION " + failure);
    failures.add(failure);
  }

  List<String> failures() {
    failures.addAll(ledger.takeViolations());
    return failures;
  }

  // ---- masters ----

  /**
   * Elects a new master on the shared store. The old leader, if alive, is a zombie for {@code
   * zombie} (it has not yet heard it was deposed) and then dies, as Mezzo's deposed masters exit.
   */
  void electNew(Duration zombie) {
    SimMaster old = leader;
    SimMaster m = new SimMaster(masters.size());
    masters.add(m);
    leader = m;
    trace.add("elected " + m.node + (old == null ? "" : ", " + old.node + " deposed"));
    m.master
        .start()
        .whenComplete(
            (ok, e) -> {
              if (e != null) {
                fail(m.node + " could not recover: " + e);
                return;
              }
              m.recovered = true;
              newestRecovered = Math.max(newestRecovered, m.gen);
            });
    if (old != null && !old.crashed) {
      if (zombie.isZero()) {
        crashMaster(old);
      } else {
        timers.schedule(zombie, () -> crashMaster(old));
      }
    }
  }

  void crashMaster(SimMaster m) {
    if (m.crashed) {
      return;
    }
    trace.add(m.node + " dies");
    m.crashed = true;
    m.context.close(Duration.ZERO);
    network.crash(m.node);
    if (leader == m) {
      leader = null;
    }
  }

  /** Runs a read on a live master's context and pumps until it is answered. */
  <T> Optional<T> inspect(SimMaster m, Function<io.mezzo.master.MasterState, T> reader) {
    if (m.crashed || !m.recovered) {
      return Optional.empty();
    }
    CompletableFuture<T> f = m.master.inspect(reader).toCompletableFuture();
    queue.runUntilIdle(QUEUE_LIMIT);
    return f.isDone() && !f.isCompletedExceptionally() ? Optional.of(f.join()) : Optional.empty();
  }

  // ---- time ----

  Duration elapsed() {
    return Duration.between(start, timers.clock().instant());
  }

  /** Moves time forward by {@code d}, running each timer at its due time and draining the queue. */
  void runFor(Duration d) {
    Instant target = timers.clock().instant().plus(d);
    queue.runUntilIdle(QUEUE_LIMIT);
    while (true) {
      List<Instant> due = timers.dueTimes();
      Instant now = timers.clock().instant();
      if (due.isEmpty() || due.get(0).isAfter(target)) {
        timers.advance(Duration.between(now, target));
        queue.runUntilIdle(QUEUE_LIMIT);
        return;
      }
      Instant next = due.get(0).isBefore(now) ? now : due.get(0);
      timers.advance(Duration.between(now, next));
      queue.runUntilIdle(QUEUE_LIMIT);
    }
  }
}
