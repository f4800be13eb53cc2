package io.mezzo.loadgen;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;

/**
 * Scenario 5: the master's heap per agent and per running task, each after a full GC: once with no
 * agents, once with the agents registered, once with the tasks running (the fake containerizer
 * keeps them in TASK_RUNNING).
 */
public final class HeapScenario implements Scenario {
  @Override
  public String title() {
    return "5: master heap per agent and per running task";
  }

  @Override
  public LinkedHashMap<String, Double> run(Options o, int run) throws Exception {
    int frameworks = Math.max(1, o.integer("frameworks"));
    int tasks = o.integer("tasks");
    Duration timeout = Duration.ofSeconds(o.integer("timeout"));
    LinkedHashMap<String, Double> out = new LinkedHashMap<>();
    try (MasterUnderTest master = o.master("heap-" + run);
        AgentFleet fleet = o.agents(master, AgentFleet.Mode.SLEEP, run);
        FrameworkFleet fws = o.frameworks(master)) {
      long empty = master.heapAfterFullGc();
      out.put("agents registered in s", fleet.register(timeout));
      long withAgents = master.heapAfterFullGc();
      FrameworkFleet.TaskShape shape = o.taskShape();
      fws.addShares("fw-", frameworks, tasks, shape);
      Progress.await(
          "heap run " + run,
          timeout,
          () -> fws.running.get() >= tasks && fleet.tasksRunning() >= tasks,
          () ->
              String.format(
                  "launched %d, running seen %d, on agents %d; %s",
                  fws.launched.get(),
                  fws.running.get(),
                  fleet.tasksRunning(),
                  EndToEndScenario.firstError(fleet, fws)));
      long withTasks = master.heapAfterFullGc();
      if (!o.text("histogram").isEmpty()) {
        Path file = Path.of(o.text("histogram") + "-" + run + ".txt");
        Files.writeString(file, master.classHistogram());
        System.out.println("  (class histogram with the tasks running: " + file + ")");
      }
      out.put("heap empty MiB", empty / 1048576.0);
      out.put("heap with agents MiB", withAgents / 1048576.0);
      out.put("heap with tasks MiB", withTasks / 1048576.0);
      out.put("KiB per agent", (withAgents - empty) / 1024.0 / Math.max(1, o.integer("agents")));
      out.put("KiB per running task", (withTasks - withAgents) / 1024.0 / Math.max(1, tasks));
      System.out.println("  (" + EndToEndScenario.firstError(fleet, fws) + ")");
      out.put("failed calls", (double) (fws.callFailures.get() + fleet.callFailures()));
      fws.teardownAll().get();
    }
    return out;
  }
}
