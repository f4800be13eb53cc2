package io.mezzo.loadgen;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 8: the scheduler API under load. {@code frameworks} frameworks, subscribed to a master
 * with {@code agents} agents and declining every offer, together send {@code rate} calls a second
 * for {@code duration} seconds (REVIVE and explicit RECONCILE, alternating, open loop: a call does
 * not wait for the previous one). The figure is each call's latency to its 202.
 */
public final class SchedulerApiScenario implements Scenario {
  @Override
  public String title() {
    return "8: scheduler API under load";
  }

  @Override
  public LinkedHashMap<String, Double> run(Options o, int run) throws Exception {
    int frameworks = Math.max(1, o.integer("frameworks"));
    int rate = Math.max(1, o.integer("rate"));
    Duration duration = Duration.ofSeconds(o.integer("duration"));
    Duration timeout = Duration.ofSeconds(o.integer("timeout"));
    LinkedHashMap<String, Double> out = new LinkedHashMap<>();
    try (MasterUnderTest master = o.master("api-" + run);
        AgentFleet fleet = o.agents(master, AgentFleet.Mode.FINISH, run);
        FrameworkFleet fws = o.frameworks(master)) {
      out.put("agents registered in s", fleet.register(timeout));
      FrameworkFleet.TaskShape shape = o.taskShape();
      CompletableFuture<?>[] subscribed = new CompletableFuture<?>[frameworks];
      for (int i = 0; i < frameworks; i++) {
        subscribed[i] = fws.add("api-" + i, 0, shape);
      }
      CompletableFuture.allOf(subscribed).get(timeout.toSeconds(), TimeUnit.SECONDS);
      Duration period = Duration.ofMillis(Math.max(1, 1000L * frameworks / rate));
      double cpu0 = master.cpuSeconds();
      long start = System.nanoTime();
      long sent =
          fws.pacedCalls(period, duration)
              .get(duration.toSeconds() + timeout.toSeconds(), TimeUnit.SECONDS);
      double seconds = (System.nanoTime() - start) / 1e9;
      Samples lat = fws.callLatency();
      out.put("calls sent", (double) sent);
      out.put("calls/s", sent / seconds);
      out.put("call p50 ms", lat.percentile(50) / 1e6);
      out.put("call p99 ms", lat.percentile(99) / 1e6);
      out.put("call max ms", lat.max() / 1e6);
      out.put("master CPU s", master.cpuSeconds() - cpu0);
      System.out.println("  (" + EndToEndScenario.firstError(fleet, fws) + ")");
      out.put("failed calls", (double) (fws.callFailures.get() + fleet.callFailures()));
      fws.teardownAll().get();
    }
    return out;
  }
}
