package io.mezzo.sim;

import io.mezzo.api.v1.AgentId;
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
import io.mezzo.master.scheduler.FrameworkStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A scheduler driven by the seed: it subscribes to the leading master over the {@link SimNetwork},
 * launches small scripted tasks on some offers and declines the rest, acknowledges every update,
 * kills and reconciles now and then, and re-subscribes with its {@code FrameworkID} whenever its
 * stream ends. What it knows of its tasks survives its own crash (real schedulers persist it), so
 * the final check can ask whether that knowledge matches the truth.
 */
final class SimFramework {
  static final double TASK_CPUS = 0.5;
  static final double TASK_MEM = 256;

  final String node;
  final boolean partitionAware;
  private final SimCluster cluster;
  private final SplittableRandom random;
  private FrameworkId id;
  private SimCluster.SimMaster master;
  private Stream stream;
  private int streams;
  private boolean subscribed;
  private boolean down;
  private int launched;

  /** Quiet: launches nothing and kills nothing, so the cluster can settle for the final check. */
  boolean quiet;

  /** The latest state this framework learned of each task it launched (null: none yet). */
  final Map<TaskId, Known> tasks = new LinkedHashMap<>();

  static final class Known {
    final AgentId agent;
    TaskState state;
    TaskStatus.Reason reason;

    Known(AgentId agent) {
      this.agent = agent;
    }
  }

  SimFramework(SimCluster cluster, String node, boolean partitionAware, SplittableRandom random) {
    this.cluster = cluster;
    this.node = node;
    this.partitionAware = partitionAware;
    this.random = random;
  }

  boolean subscribed() {
    return subscribed;
  }

  boolean down() {
    return down;
  }

  private FrameworkInfo info() {
    List<FrameworkInfo.Capability> caps = new ArrayList<>();
    if (partitionAware) {
      caps.add(new FrameworkInfo.Capability(FrameworkInfo.Capability.Type.PARTITION_AWARE));
    }
    return new FrameworkInfo(
        "sim", node, id, 7 * 24 * 3600.0, true, null, null, null, null, null, caps, null);
  }

  void subscribe() {
    if (down || stream != null) {
      return;
    }
    SimCluster.SimMaster m = cluster.leader();
    SimNetwork net = cluster.network();
    if (m == null || net.cut(node, m.node)) {
      retrySubscribe();
      return;
    }
    master = m;
    SimNetwork.Connection conn = net.connect(node, m.node);
    Stream s = new Stream(node + "-s" + ++streams, conn);
    stream = s;
    conn.onBreak(() -> streamEnded(s, "the stream broke"), () -> m.master.streamClosed(s));
    Call call = Call.subscribe(id, new Call.Subscribe(info(), null));
    conn.deliver(
        () ->
            m.master
                .subscribe(call, s)
                .whenComplete(
                    (r, e) -> {
                      if (e != null || !r.isSuccess()) {
                        String why = e != null ? e.toString() : r.status() + " " + r.message();
                        conn.deliver(() -> streamEnded(s, "SUBSCRIBE refused: " + why));
                      }
                    }));
  }

  private void retrySubscribe() {
    cluster.timers().schedule(Duration.ofMillis(500 + random.nextLong(2500)), this::subscribe);
  }

  private void streamEnded(Stream s, String why) {
    if (s != stream) {
      return;
    }
    cluster.trace().add(node + " lost its stream: " + why);
    stream = null;
    subscribed = false;
    retrySubscribe();
  }

  /** The scheduler process dies; it comes back after {@code downtime} and re-subscribes. */
  void crash(Duration downtime) {
    if (down) {
      return;
    }
    down = true;
    stream = null;
    subscribed = false;
    cluster.network().crash(node);
    cluster
        .timers()
        .schedule(
            downtime,
            () -> {
              down = false;
              cluster.trace().add(node + " restarts");
              subscribe();
            });
  }

  private void onEvent(Stream s, Event event) {
    if (s != stream || down) {
      return;
    }
    switch (event.type()) {
      case SUBSCRIBED -> {
        id = event.subscribed().frameworkId();
        subscribed = true;
        cluster.trace().add(node + " subscribed to " + master.node + " as " + id.value());
        reconcile(true);
      }
      case OFFERS -> event.offers().offers().forEach(this::offered);
      case UPDATE -> updated(event.update().status());
      case ERROR -> {
        cluster.trace().add(node + " got ERROR: " + event.error().message());
        streamEnded(s, "ERROR event");
      }
      default -> {}
    }
  }

  private void offered(Offer offer) {
    cluster.offerSeen(node, offer);
    Resources r = ResourceMapping.toCore(offer.resources());
    int fit = (int) Math.min(r.scalar("cpus") / TASK_CPUS, r.scalar("mem") / TASK_MEM);
    if (quiet || fit == 0 || random.nextDouble() < 0.3) {
      send(
          Call.decline(
              id, new Call.Decline(List.of(offer.id()), new Filters(quiet ? 3600.0 : 1.0))));
      return;
    }
    List<TaskInfo> batch = new ArrayList<>();
    int n = 1 + random.nextInt(Math.min(fit, 3));
    for (int i = 0; i < n; i++) {
      String tid = node + "-t" + ++launched;
      // One task in ten runs for an hour, so tasks still run when the final check reconciles.
      long runFor = random.nextDouble() < 0.1 ? 3_600_000 : 200 + random.nextLong(40_000);
      int exit = random.nextDouble() < 0.7 ? 0 : 1 + random.nextInt(3);
      batch.add(
          new TaskInfo(
              tid,
              new TaskId(tid),
              offer.agentId(),
              List.of(Resource.scalar("cpus", TASK_CPUS), Resource.scalar("mem", TASK_MEM)),
              null,
              CommandInfo.shell("run_for=" + runFor + " exit_code=" + exit),
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null));
      tasks.put(new TaskId(tid), new Known(offer.agentId()));
    }
    cluster.trace().add(node + " launches " + n + " task(s) on " + offer.id().value());
    Call.Accept accept =
        new Call.Accept(List.of(offer.id()), List.of(Call.Operation.launch(batch)), null);
    send(Call.accept(id, accept));
  }

  private void updated(TaskStatus status) {
    cluster.ledger().delivered(node, status);
    Known k = tasks.computeIfAbsent(status.taskId(), t -> new Known(status.agentId()));
    k.state = status.state();
    k.reason = status.reason();
    if (status.uuid() != null) {
      Call.Acknowledge ack = new Call.Acknowledge(status.agentId(), status.taskId(), status.uuid());
      send(Call.acknowledge(id, ack));
    }
  }

  /** Kills one task it believes is not over yet, if any. */
  void killOne() {
    List<TaskId> live = new ArrayList<>();
    tasks.forEach(
        (t, k) -> {
          if (k.state == null || !k.state.isTerminal()) {
            live.add(t);
          }
        });
    if (quiet || live.isEmpty()) {
      return;
    }
    TaskId victim = live.get(random.nextInt(live.size()));
    cluster.trace().add(node + " kills " + victim.value());
    send(Call.kill(id, new Call.Kill(victim, tasks.get(victim).agent, null)));
  }

  /** Explicit reconciliation of every task not known to be over, or implicit. */
  void reconcile(boolean explicit) {
    reconcile(explicit, false);
  }

  /**
   * Explicit reconciliation of the tasks not known to be over, or of all (a task a framework heard
   * was LOST may run again once its agent re-registers), or implicit (empty list).
   */
  void reconcile(boolean explicit, boolean all) {
    List<Call.Reconcile.Task> asked = new ArrayList<>();
    if (explicit) {
      tasks.forEach(
          (t, k) -> {
            if (all || k.state == null || !k.state.isTerminal()) {
              asked.add(new Call.Reconcile.Task(t, k.agent));
            }
          });
      if (asked.isEmpty()) {
        return;
      }
    }
    send(Call.reconcile(id, new Call.Reconcile(asked)));
  }

  private void send(Call call) {
    Stream s = stream;
    SimCluster.SimMaster m = master;
    if (!subscribed || s == null) {
      return;
    }
    cluster
        .network()
        .request(node, m.node, () -> m.master.call(call, s.id()))
        .whenComplete(
            (r, e) -> {
              if (e == null && !r.isSuccess() && r.status() != 403) {
                cluster.trace().add(node + " " + call.type() + " answered " + r);
              }
            });
  }

  /** This framework's end of one subscription, as the master writes to it. */
  private final class Stream implements FrameworkStream {
    private final String id;
    private final SimNetwork.Connection conn;

    Stream(String id, SimNetwork.Connection conn) {
      this.id = id;
      this.conn = conn;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public void send(Event event) {
      conn.deliver(() -> onEvent(this, event));
    }

    @Override
    public void close() {
      conn.close(false);
    }
  }
}
