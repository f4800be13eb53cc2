package io.mezzo.ops;

import io.mezzo.agent.Agent;
import io.mezzo.agent.AgentSnapshot;
import io.mezzo.api.v1.TaskState;
import io.mezzo.bootstrap.MezzoNode;
import io.mezzo.master.Master;
import io.mezzo.master.MasterMetrics;
import io.mezzo.master.MasterSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

/**
 * Prometheus metrics ({@code /q/metrics}). Gauges read a summary copied from the master's context
 * once a second, so a scrape never waits on (or slows) the master.
 */
@ApplicationScoped
public class MezzoMetrics {
  private final MezzoNode node;
  private final MeterRegistry registry;
  private final Vertx vertx;
  private final AtomicReference<MasterSummary> master = new AtomicReference<>();
  private final AtomicReference<AgentSnapshot> agent = new AtomicReference<>();

  public MezzoMetrics(MezzoNode node, MeterRegistry registry, Vertx vertx) {
    this.node = node;
    this.registry = registry;
    this.vertx = vertx;
  }

  void start(@Observes StartupEvent ev) {
    node.master().ifPresent(this::bindMaster);
    node.agent(Agent.class).ifPresent(a -> bindAgent());
    vertx.setPeriodic(1000, id -> refresh());
  }

  private void refresh() {
    node.master().ifPresent(m -> m.inspect(MasterSummary::of).thenAccept(master::set));
    node.agent(Agent.class).ifPresent(a -> a.snapshot().thenAccept(agent::set));
  }

  private void bindMaster(Master m) {
    masterGauge("mezzo.master.agents", "state", "connected", MasterSummary::agentsConnected);
    masterGauge("mezzo.master.agents", "state", "disconnected", MasterSummary::agentsDisconnected);
    masterGauge("mezzo.master.agents", "state", "unreachable", MasterSummary::agentsUnreachable);
    masterGauge(
        "mezzo.master.frameworks", "state", "connected", MasterSummary::frameworksConnected);
    masterGauge(
        "mezzo.master.frameworks", "state", "disconnected", MasterSummary::frameworksDisconnected);
    masterGauge("mezzo.master.offers.outstanding", null, null, MasterSummary::outstandingOffers);
    for (TaskState s : TaskState.values()) {
      masterGauge("mezzo.master.tasks", "state", s.name(), sum -> sum.tasks(s));
    }
    for (String r : new String[] {"cpus", "mem", "disk"}) {
      masterGauge("mezzo.master.resources.total", "resource", r, sum -> sum.total().scalar(r));
      masterGauge("mezzo.master.resources.used", "resource", r, sum -> sum.used().scalar(r));
      masterGauge("mezzo.master.resources.offered", "resource", r, sum -> sum.offered().scalar(r));
    }
    MasterMetrics mm = m.metrics();
    Gauge.builder("mezzo.allocator.allocation.run.last", mm, MasterMetrics::lastAllocationMillis)
        .baseUnit("milliseconds")
        .description("Duration of the last allocation cycle")
        .register(registry);
    FunctionCounter.builder(
            "mezzo.allocator.allocation.run.time", mm, MasterMetrics::totalAllocationSeconds)
        .baseUnit("seconds")
        .description("Time spent in allocation cycles")
        .register(registry);
    for (TaskState s : TaskState.values()) {
      if (s.isTerminal()) {
        FunctionCounter.builder("mezzo.master.tasks.ended", mm, x -> x.tasksEnded(s))
            .tag("state", s.name())
            .description("Tasks that reached this terminal state (Mesos master/tasks_*)")
            .register(registry);
      }
    }
    for (MasterMetrics.Counter c : MasterMetrics.Counter.values()) {
      FunctionCounter.builder("mezzo." + c.mesosName().replace('/', '.'), mm, x -> x.get(c))
          .description("Mesos metric " + c.mesosName())
          .register(registry);
    }
  }

  private void masterGauge(
      String name, String tag, String value, ToDoubleFunction<MasterSummary> f) {
    Gauge.Builder<AtomicReference<MasterSummary>> b =
        Gauge.builder(
            name,
            master,
            ref -> {
              MasterSummary s = ref.get();
              return s == null ? Double.NaN : f.applyAsDouble(s);
            });
    if (tag != null) {
      b.tag(tag, value);
    }
    b.register(registry);
  }

  private void bindAgent() {
    Gauge.builder(
            "mezzo.agent.registered",
            agent,
            ref -> ref.get() != null && ref.get().isRegistered() ? 1 : 0)
        .register(registry);
    for (TaskState s : TaskState.values()) {
      Gauge.builder(
              "mezzo.agent.tasks",
              agent,
              ref -> ref.get() == null ? Double.NaN : ref.get().tasksByState().getOrDefault(s, 0L))
          .tag("state", s.name())
          .register(registry);
    }
  }
}
