package io.mezzo.master;

import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.AgentInfo;
import io.mezzo.api.v1.CommandInfo;
import io.mezzo.api.v1.Filters;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.ResourceMapping;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.api.v1.scheduler.Event;
import io.mezzo.core.resources.Resources;
import io.mezzo.core.time.ManualTimers;
import io.mezzo.master.allocator.AllocatorConfig;
import io.mezzo.master.allocator.HierarchicalDrfAllocator;
import io.mezzo.master.election.Term;
import io.mezzo.master.state.InMemoryStateStore;
import io.mezzo.master.state.StateStore;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A master built from constructors with hand-moved time, an in-memory store, and recorded framework
 * and agent streams: the whole offer loop without HTTP or processes.
 */
final class MasterHarness implements AutoCloseable {
  final ManualTimers timers = new ManualTimers();
  final StateStore store;
  final MasterConfig config;
  final Master master;

  MasterHarness() {
    this(new InMemoryStateStore());
  }

  MasterHarness(StateStore store) {
    this(store, MasterConfig.defaults());
  }

  /** A master with {@code base}'s settings (its authorizer, say) and the harness's agent pings. */
  MasterHarness(MasterConfig base) {
    this(new InMemoryStateStore(), base);
  }

  MasterHarness(StateStore store, MasterConfig base) {
    this(store, base, Term.STANDALONE);
  }

  /** An elected master of {@code term}: it acts only while the term's lease is valid. */
  MasterHarness(Term term) {
    this(new InMemoryStateStore(), MasterConfig.defaults(), term);
  }

  MasterHarness(StateStore store, MasterConfig base, Term term) {
    this.store = store;
    this.config = base.withAgentPing(Duration.ofSeconds(1), 3);
    this.master =
        new Master(
            config,
            "m1",
            store,
            new HierarchicalDrfAllocator(AllocatorConfig.defaults(), new SplittableRandom(7)),
            timers,
            io.mezzo.core.logging.Verbosity.UNWIRED,
            term);
    get(master.start());
  }

  /** Waits until the master has processed everything queued so far (twice: work queues work). */
  void settle() {
    for (int i = 0; i < 3; i++) {
      get(master.inspect(s -> null));
    }
  }

  /**
   * Moves time in 100 ms steps, letting the master catch up after each, because periodic loops
   * re-arm themselves on the master's context.
   */
  void advance(Duration d) {
    Duration left = d;
    Duration step = Duration.ofMillis(100);
    while (!left.isZero() && !left.isNegative()) {
      Duration s = left.compareTo(step) < 0 ? left : step;
      timers.advance(s);
      for (Ag ag : agents) {
        if (!ag.silent && ag.id != null) {
          get(master.agentCall(AgentCall.heartbeat(ag.id)));
        }
      }
      settle();
      left = left.minus(s);
    }
  }

  static <T> T get(java.util.concurrent.CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  // ---- frameworks ----

  final class Fw {
    final RecordingFrameworkStream stream = new RecordingFrameworkStream();
    FrameworkId id;
    final FrameworkInfo info;

    Fw(FrameworkInfo info) {
      this.info = info;
    }

    CallResult call(Call call) {
      CallResult r = get(master.call(call, stream.id()));
      settle();
      return r;
    }

    List<Offer> offers() {
      List<Offer> all = new ArrayList<>();
      stream.ofType(Event.Type.OFFERS).forEach(e -> all.addAll(e.offers().offers()));
      return all;
    }

    Offer lastOffer() {
      List<Offer> all = offers();
      if (all.isEmpty()) {
        throw new AssertionError("no offers received; events: " + stream.events());
      }
      return all.get(all.size() - 1);
    }

    List<TaskStatus> updates() {
      return stream.ofType(Event.Type.UPDATE).stream().map(e -> e.update().status()).toList();
    }

    TaskStatus lastUpdate() {
      List<TaskStatus> u = updates();
      if (u.isEmpty()) {
        throw new AssertionError("no updates; events: " + stream.events());
      }
      return u.get(u.size() - 1);
    }

    CallResult launch(Offer offer, TaskInfo... tasks) {
      Call.Accept accept =
          new Call.Accept(
              List.of(offer.id()), List.of(Call.Operation.launch(List.of(tasks))), null);
      return call(Call.accept(id, accept));
    }

    CallResult decline(Offer offer, double refuseSeconds) {
      Call.Decline d = new Call.Decline(List.of(offer.id()), new Filters(refuseSeconds));
      return call(Call.decline(id, d));
    }

    CallResult acknowledge(TaskStatus status) {
      Call.Acknowledge a = new Call.Acknowledge(status.agentId(), status.taskId(), status.uuid());
      return call(Call.acknowledge(id, a));
    }
  }

  Fw subscribe(String name, FrameworkInfo.Capability.Type... caps) {
    List<FrameworkInfo.Capability> c = new ArrayList<>();
    for (FrameworkInfo.Capability.Type t : caps) {
      c.add(new FrameworkInfo.Capability(t));
    }
    FrameworkInfo info =
        FrameworkInfo.builder()
            .user("root")
            .name(name)
            .failoverTimeout(0.0)
            .checkpoint(false)
            .capabilities(c)
            .build();
    return subscribe(info);
  }

  Fw subscribe(FrameworkInfo info) {
    Fw fw = new Fw(info);
    Call call = Call.subscribe(info);
    CallResult r = get(master.subscribe(call, fw.stream));
    if (!r.isSuccess()) {
      throw new AssertionError("subscribe failed: " + r);
    }
    settle();
    List<Event> subscribed = fw.stream.ofType(Event.Type.SUBSCRIBED);
    if (!subscribed.isEmpty()) {
      fw.id = subscribed.get(0).subscribed().frameworkId();
    }
    return fw;
  }

  // ---- agents ----

  private final List<Ag> agents = new ArrayList<>();

  /** A scripted agent; it heartbeats while time moves unless made {@link #silent}. */
  final class Ag {
    final RecordingAgentChannel channel = new RecordingAgentChannel();
    volatile boolean silent;
    AgentId id;
    AgentInfo info;

    CallResult heartbeat() {
      CallResult r = get(master.agentCall(AgentCall.heartbeat(id)));
      settle();
      return r;
    }

    /** Sends a status update as the agent would, with a fresh uuid; returns the uuid. */
    String update(Fw fw, String taskId, TaskState state) {
      UUID u = UUID.randomUUID();
      ByteBuffer b =
          ByteBuffer.allocate(16)
              .putLong(u.getMostSignificantBits())
              .putLong(u.getLeastSignificantBits());
      String uuid = Base64.getEncoder().encodeToString(b.array());
      TaskStatus status =
          TaskStatus.builder(new TaskId(taskId), state)
              .source(TaskStatus.Source.SOURCE_EXECUTOR)
              .agentId(id)
              .uuid(uuid)
              .timestamp(1.0)
              .build();
      CallResult r = get(master.agentCall(AgentCall.statusUpdate(id, fw.id, status)));
      if (!r.isSuccess()) {
        throw new AssertionError("update refused: " + r);
      }
      settle();
      return uuid;
    }

    List<TaskInfo> launched() {
      return channel.ofType(AgentEvent.Type.RUN_TASK).stream()
          .map(e -> e.runTask().task())
          .toList();
    }
  }

  Ag registerAgent(String resources) {
    Ag ag = new Ag();
    List<Resource> wire = ResourceMapping.toWire(Resources.parse(resources), null, false);
    AgentInfo info =
        new AgentInfo(
            "host-" + UUID.randomUUID().toString().substring(0, 4), 5051, wire, null, null);
    CallResult r =
        get(
            master.agentSubscribe(
                AgentCall.subscribe(
                    new AgentCall.Register(info, "http://127.0.0.1:5051", "test", null, null)),
                ag.channel));
    if (!r.isSuccess()) {
      throw new AssertionError("register failed: " + r);
    }
    settle();
    ag.id = ag.channel.ofType(AgentEvent.Type.REGISTERED).get(0).registered().agentId();
    ag.info = info.withId(ag.id);
    agents.add(ag);
    return ag;
  }

  int offerCount() {
    return get(master.inspect(s -> s.offers().size()));
  }

  int registerAgentCount() {
    return get(master.inspect(s -> s.agents().size()));
  }

  /** Runs an allocation cycle now. */
  void allocate() {
    advance(config.allocator().allocationInterval());
  }

  static TaskInfo task(String id, Offer offer, double cpus, double mem) {
    return new TaskInfo(
        id,
        new TaskId(id),
        offer.agentId(),
        List.of(Resource.scalar("cpus", cpus), Resource.scalar("mem", mem)),
        null,
        CommandInfo.shell("echo " + id),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  @Override
  public void close() {
    master.close();
  }
}
