package io.mezzo.loadgen;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 4: the first offer for a new framework. With the agents registered and idle, {@code
 * frameworks} new frameworks subscribe one after the other; each one's latency is from sending
 * SUBSCRIBE to its first OFFERS event. A framework declines what it gets and tears down before the
 * next subscribes, so each finds the whole cluster free.
 */
public final class FirstOfferScenario implements Scenario {
  @Override
  public String title() {
    return "4: first offer for a new framework";
  }

  @Override
  public LinkedHashMap<String, Double> run(Options o, int run) throws Exception {
    int frameworks = Math.max(1, o.integer("frameworks"));
    Duration timeout = Duration.ofSeconds(o.integer("timeout"));
    LinkedHashMap<String, Double> out = new LinkedHashMap<>();
    try (MasterUnderTest master = o.master("first-offer-" + run);
        AgentFleet fleet = o.agents(master, AgentFleet.Mode.SLEEP, run);
        FrameworkFleet fws = o.frameworks(master)) {
      out.put("agents registered in s", fleet.register(timeout));
      FrameworkFleet.TaskShape shape = o.taskShape();
      Samples latency = new Samples();
      double cpu0 = master.cpuSeconds();
      for (int i = 0; i < frameworks; i++) {
        long nanos = fws.add("new-" + i, 0, shape).get(timeout.toSeconds(), TimeUnit.SECONDS);
        latency.add(nanos);
        fws.teardownAll().get(timeout.toSeconds(), TimeUnit.SECONDS);
      }
      out.put("first offer p50 ms", latency.percentile(50) / 1e6);
      out.put("first offer p99 ms", latency.percentile(99) / 1e6);
      out.put("first offer max ms", latency.max() / 1e6);
      out.put("master CPU s", master.cpuSeconds() - cpu0);
      System.out.println("  (" + EndToEndScenario.firstError(fleet, fws) + ")");
      out.put("failed calls", (double) (fws.callFailures.get() + fleet.callFailures()));
      out.put("agent streams lost", (double) fleet.streamsLost());
    }
    return out;
  }
}
