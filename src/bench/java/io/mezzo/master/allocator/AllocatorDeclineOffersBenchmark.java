package io.mezzo.master.allocator;

import io.mezzo.core.resources.Range;
import io.mezzo.core.resources.Resources;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Port of Mesos's {@code HierarchicalAllocator_BENCHMARK_Test.DeclineOffers}: agents {@code
 * cpus:24;mem:4096;disk:4096;ports:[31000-32000]}, frameworks all in role {@code *}, each agent
 * already running a task of one framework (round robin) with {@code cpus:16;mem:1024;disk:1024} and
 * 16 single-port fragments, like Mesos's {@code fragment()}. One measured invocation is one
 * allocation cycle over all agents; between cycles (not measured) every offer is declined with a
 * one-day refuse filter, so each cycle must find, for every agent, the next framework that has not
 * refused it yet.
 *
 * <p>Mode: single shot, so each iteration is exactly one cycle and the filter state after k
 * iterations is the same in every fork.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 20)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class AllocatorDeclineOffersBenchmark {

  private static final Duration REFUSE = Duration.ofDays(1);

  @Param({"1000x100", "10000x1000"})
  public String agentsXframeworks;

  private HierarchicalDrfAllocator allocator;
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private List<Allocation> offers = List.of();

  @Setup(Level.Trial)
  public void addAgentsAndFrameworks() {
    String[] size = agentsXframeworks.split("x");
    int agents = Integer.parseInt(size[0]);
    int frameworks = Integer.parseInt(size[1]);
    AllocatorConfig config = AllocatorConfig.defaults();
    allocator = new HierarchicalDrfAllocator(config, new SplittableRandom(42));
    for (int f = 0; f < frameworks; f++) {
      allocator.addFramework("framework-" + f, Set.of("*"), Set.of(), true);
    }
    Resources agent = Resources.parse("cpus:24;mem:4096;disk:4096;ports:[31000-32000]");
    Resources.Builder task = Resources.builder().add(Resources.parse("cpus:16;mem:1024;disk:1024"));
    for (int i = 0; i < 16; i++) {
      task.ranges("ports", Range.of(31000 + i * 62L));
    }
    Resources used = task.build();
    for (int a = 0; a < agents; a++) {
      allocator.addAgent("agent-" + a, agent, Map.of("framework-" + (a % frameworks), used));
    }
  }

  @Setup(Level.Iteration)
  public void declineLastOffers() {
    for (Allocation offer : offers) {
      allocator.recoverResources(
          offer.frameworkId(), offer.agentId(), offer.resources(), REFUSE, now);
    }
    offers = List.of();
    now = now.plus(allocator.config.allocationInterval());
  }

  @Benchmark
  public List<Allocation> allocationCycle() {
    offers = allocator.allocate(now);
    return offers;
  }
}
