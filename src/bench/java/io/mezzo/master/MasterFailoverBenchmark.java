package io.mezzo.master;

import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.AgentInfo;
import io.mezzo.api.v1.CommandInfo;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.core.time.ManualTimers;
import io.mezzo.master.agents.AgentChannel;
import io.mezzo.master.agents.AgentSecrets;
import io.mezzo.master.allocator.AllocatorConfig;
import io.mezzo.master.allocator.HierarchicalDrfAllocator;
import io.mezzo.master.registry.Registry;
import io.mezzo.master.registry.RegistryStore;
import io.mezzo.master.state.InMemoryStateStore;
import io.mezzo.master.state.StateStore;
import io.mezzo.security.Caller;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A port of Mesos's {@code MasterFailover_BENCHMARK_Test.AgentReregistrationDelay}
 * (src/tests/master_benchmarks.cpp): a new leading master recovers a registry of N agents, and N
 * simulated agents, each running T/N tasks of one framework, re-register with it. One run is the
 * time from the start of recovery ({@link Master#start}) until every agent has its REGISTERED
 * reply. The agents call the master's agent API directly (no HTTP), as Mesos's benchmark has its
 * agents in the master's process; they present their link secrets, so a re-registration changes
 * nothing durable, as after a real failover. The registry is in memory; loading it from ZooKeeper
 * is measured by RegistryAtScaleIT.
 *
 * <p>A load generator with a {@code main} (not JMH: one run is seconds, and a fresh master per run
 * is the measured thing). Arguments: {@code agents tasks-per-agent warm-ups runs}; it prints each
 * run and the median. See docs/benchmarks.md for the command line.
 */
public final class MasterFailoverBenchmark {
  private static final Caller AGENT = new Caller(null, false);
  private final StateStore store = new InMemoryStateStore();
  private final List<AgentCall> calls = new ArrayList<>();
  private int iteration;

  /** Discards what the master sends: the reply is what the benchmark waits for. */
  private static final AgentChannel DISCARD =
      new AgentChannel() {
        @Override
        public void send(AgentEvent event) {}

        @Override
        public void close() {}
      };

  public static void main(String[] args) throws Exception {
    int agents = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int tasksPerAgent = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int warmups = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    int runs = args.length > 3 ? Integer.parseInt(args[3]) : 5;
    MasterFailoverBenchmark bench = new MasterFailoverBenchmark();
    bench.registry(agents, tasksPerAgent);
    List<Long> measured = new ArrayList<>();
    for (int i = 0; i < warmups + runs; i++) {
      System.gc();
      long ms = bench.failover();
      boolean warmup = i < warmups;
      System.out.printf(
          "%s %d: %d agents x %d tasks re-registered %d ms after recovery started%n",
          warmup ? "warm-up" : "run", i + 1, agents, tasksPerAgent, ms);
      if (!warmup) {
        measured.add(ms);
      }
    }
    List<Long> sorted = new ArrayList<>(measured);
    sorted.sort(null);
    System.out.printf(
        "MasterFailoverBenchmark %d agents / %d tasks: median %d ms of %s%n",
        agents, agents * tasksPerAgent, sorted.get(sorted.size() / 2), measured);
  }

  private void registry(int agents, int tasksPerAgent) {
    FrameworkInfo framework =
        FrameworkInfo.builder()
            .user("root")
            .name("benchmark")
            .id(new FrameworkId("m0-0000"))
            .failoverTimeout(3600.0)
            .checkpoint(true)
            .build();
    RegistryStore registry = new RegistryStore(store);
    Registry r = registry.recover().withFramework(new Registry.KnownFramework(framework, false));
    for (int a = 0; a < agents; a++) {
      AgentId id = new AgentId("m0-S" + a);
      AgentInfo info =
          new AgentInfo(
              "agent-" + a,
              5051,
              List.of(Resource.scalar("cpus", 24), Resource.scalar("mem", 4096)),
              null,
              id);
      String secret = "secret-" + a;
      r =
          r.withAgent(
              new Registry.AdmittedAgent(
                  info,
                  "http://agent-" + a + ":5051",
                  Registry.AgentState.ADMITTED,
                  null,
                  AgentSecrets.hash(secret)));
      List<AgentCall.RunningTask> tasks = new ArrayList<>(tasksPerAgent);
      for (int t = 0; t < tasksPerAgent; t++) {
        String taskId = "task-" + a + "-" + t;
        TaskInfo task =
            new TaskInfo(
                taskId,
                new TaskId(taskId),
                id,
                List.of(Resource.scalar("cpus", 1), Resource.scalar("mem", 128)),
                null,
                CommandInfo.shell("sleep 1000"),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        TaskStatus running =
            TaskStatus.builder(task.taskId(), TaskState.TASK_RUNNING).agentId(id).build();
        tasks.add(new AgentCall.RunningTask(framework.id(), task, TaskState.TASK_RUNNING, running));
      }
      calls.add(
          AgentCall.subscribe(
                  new AgentCall.Register(
                      info, "http://agent-" + a + ":5051", "bench", List.of(framework), tasks))
              .withSecret(secret));
    }
    registry.save(r);
  }

  /** One failover: a new master recovers, every agent re-registers; the elapsed ms. */
  private long failover() throws Exception {
    Master master =
        new Master(
            MasterConfig.defaults(),
            "m" + (++iteration),
            store,
            new HierarchicalDrfAllocator(AllocatorConfig.defaults(), new SplittableRandom(7)),
            new ManualTimers());
    try {
      long started = System.nanoTime();
      master.start().toCompletableFuture().get(10, TimeUnit.MINUTES);
      CompletableFuture<?>[] replies = new CompletableFuture<?>[calls.size()];
      for (int i = 0; i < replies.length; i++) {
        replies[i] = master.agentSubscribe(calls.get(i), DISCARD, AGENT).toCompletableFuture();
      }
      CompletableFuture.allOf(replies).get(10, TimeUnit.MINUTES);
      long ms = (System.nanoTime() - started) / 1_000_000;
      int refused = 0;
      for (CompletableFuture<?> reply : replies) {
        if (((CallResult) reply.get()).status() != 200) {
          refused++;
        }
      }
      if (refused > 0) {
        throw new IllegalStateException(refused + " agent(s) were refused re-registration");
      }
      return ms;
    } finally {
      master.close();
    }
  }
}
