package io.mezzo.master;

import io.mezzo.api.v1.scheduler.Event;
import io.mezzo.core.concurrent.SerialContext;
import io.mezzo.core.time.Timers;
import io.mezzo.master.agents.AgentHealthMonitor;
import io.mezzo.master.allocator.Allocation;
import io.mezzo.master.change.Decider;
import io.mezzo.master.offer.OfferMaker;
import io.mezzo.master.operator.OperatorCalls;
import io.mezzo.master.registry.FrameworkEntry;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The master's own timers: allocation (on a period and on request), agent health and heartbeats,
 * framework heartbeats, and the one-off end of {@code agent_reregister_timeout} after recovery.
 * Everything runs on the master's context, only while the master runs ({@code stopped} false) and
 * its lease is valid ({@link TermGuard#check}); a stopped master's loops end at their next tick.
 */
final class MasterLoops {
  private final MasterConfig config;
  private final Timers timers;
  private final SerialContext context;
  private final MasterState state;
  private final TermGuard guard;
  private final AgentHealthMonitor health;
  private final OperatorCalls operator;
  private final Consumer<Decider> decide;
  private final BooleanSupplier stopped;
  private boolean allocationPending;

  MasterLoops(
      MasterConfig config,
      Timers timers,
      SerialContext context,
      MasterState state,
      TermGuard guard,
      AgentHealthMonitor health,
      OperatorCalls operator,
      Consumer<Decider> decide,
      BooleanSupplier stopped) {
    this.config = config;
    this.timers = timers;
    this.context = context;
    this.state = state;
    this.guard = guard;
    this.health = health;
    this.operator = operator;
    this.decide = decide;
    this.stopped = stopped;
  }

  /** Starts every loop; on the context, once the registry is recovered. */
  void start() {
    every(config.allocator().allocationInterval(), this::allocate);
    every(config.agentPingTimeout(), () -> decide.accept(health::check));
    every(
        config.frameworkHeartbeatInterval(),
        () -> {
          for (FrameworkEntry fw : state.frameworks().values()) {
            fw.send(Event.heartbeat());
          }
          operator.subscribers().heartbeat();
        });
    every(
        Duration.ofMillis(Math.max(100, config.agentPingTimeout().toMillis() / 3)),
        () -> decide.accept(health::heartbeatAgents));
    // Agents of the recovered registry that have not re-registered within agent_reregister_timeout
    // are marked unreachable, once, as Mesos does after a failover.
    timers.schedule(
        config.agentReregisterTimeout(),
        () ->
            context.execute(
                () -> {
                  if (!stopped.getAsBoolean()) {
                    decide.accept(health::recoveredAgentsTimedOut);
                  }
                }));
  }

  /** Asks for one allocation soon; requests made before it runs coalesce into it. */
  void requestAllocation() {
    if (allocationPending || stopped.getAsBoolean()) {
      return;
    }
    allocationPending = true;
    context.execute(
        () -> {
          allocationPending = false;
          allocate();
        });
  }

  private void allocate() {
    if (stopped.getAsBoolean() || !guard.check()) {
      return;
    }
    long t0 = System.nanoTime();
    List<Allocation> allocations = state.allocator().allocate(state.now());
    state.metrics().allocationRun(System.nanoTime() - t0);
    if (!allocations.isEmpty()) {
      decide.accept(v -> OfferMaker.offer(v, allocations));
    }
  }

  /** Runs {@code task} on the context every {@code period} until the master stops. */
  private void every(Duration period, Runnable task) {
    timers.schedule(
        period,
        () ->
            context.execute(
                () -> {
                  if (stopped.getAsBoolean()) {
                    return;
                  }
                  try {
                    // An expired lease stops every loop's effect at once; the node closes this
                    // master when it steps down, which ends the loops.
                    if (guard.check()) {
                      task.run();
                    }
                  } finally {
                    every(period, task);
                  }
                }));
  }
}
