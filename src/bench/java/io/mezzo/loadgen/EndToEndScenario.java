package io.mezzo.loadgen;

import java.time.Duration;
import java.util.LinkedHashMap;

/**
 * Scenario 3: simulated agents and frameworks end to end. Every framework launches its share of the
 * tasks as fast as offers allow; the fake containerizer reports TASK_RUNNING at once and
 * TASK_FINISHED as soon as RUNNING is acknowledged. The clock runs from the first ACCEPT to the
 * last TASK_RUNNING (launch rate) and to the last TASK_FINISHED (completion rate).
 */
public final class EndToEndScenario implements Scenario {
  @Override
  public String title() {
    return "3: end to end, simulated agents and frameworks";
  }

  @Override
  public LinkedHashMap<String, Double> run(Options o, int run) throws Exception {
    int frameworks = Math.max(1, o.integer("frameworks"));
    int tasks = o.integer("tasks");
    Duration timeout = Duration.ofSeconds(o.integer("timeout"));
    LinkedHashMap<String, Double> out = new LinkedHashMap<>();
    try (MasterUnderTest master = o.master("e2e-" + run);
        AgentFleet fleet = o.agents(master, AgentFleet.Mode.FINISH, run);
        FrameworkFleet fws = o.frameworks(master)) {
      out.put("agents registered in s", fleet.register(timeout));
      double cpu0 = master.cpuSeconds();
      FrameworkFleet.TaskShape shape = o.taskShape();
      fws.addShares("fw-", frameworks, tasks, shape);
      Progress.await(
          "e2e run " + run,
          timeout,
          () -> fws.finished.get() + fws.otherTerminal.get() >= tasks,
          () ->
              String.format(
                  "launched %d, running seen %d, finished %d, other %d; agents: %d updates, %d failed calls; %s",
                  fws.launched.get(),
                  fws.running.get(),
                  fws.finished.get(),
                  fws.otherTerminal.get(),
                  fleet.updatesSent(),
                  fleet.callFailures(),
                  firstError(fleet, fws)));
      double cpu = master.cpuSeconds() - cpu0;
      double launchSeconds = (fws.lastRunningNanos.get() - fws.firstAcceptNanos.get()) / 1e9;
      double finishSeconds = (fws.lastTerminalNanos.get() - fws.firstAcceptNanos.get()) / 1e9;
      Samples lat = fws.acceptToRunning();
      out.put("tasks/s (ACCEPT → last RUNNING)", tasks / launchSeconds);
      out.put("tasks/s (ACCEPT → last FINISHED)", tasks / finishSeconds);
      out.put("ACCEPT → RUNNING p50 ms", lat.percentile(50) / 1e6);
      out.put("ACCEPT → RUNNING p99 ms", lat.percentile(99) / 1e6);
      out.put("ACCEPT → RUNNING max ms", lat.max() / 1e6);
      out.put("master CPU s", cpu);
      out.put("master CPU ms per task", cpu * 1000 / tasks);
      out.put("tasks not finished", (double) fws.otherTerminal.get());
      System.out.println("  (" + EndToEndScenario.firstError(fleet, fws) + ")");
      out.put("failed calls", (double) (fws.callFailures.get() + fleet.callFailures()));
      out.put("agent streams lost", (double) fleet.streamsLost());
      out.put("master heap after full GC MiB", master.heapAfterFullGc() / 1048576.0);
      fws.teardownAll().get();
    }
    return out;
  }

  static String firstError(AgentFleet fleet, FrameworkFleet fws) {
    String e = fws.firstError() != null ? fws.firstError() : fleet.firstError();
    return e == null ? "no errors" : "first error: " + e;
  }
}
