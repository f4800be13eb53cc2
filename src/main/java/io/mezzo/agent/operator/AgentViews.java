package io.mezzo.agent.operator;

import io.mezzo.agent.AgentConfig;
import io.mezzo.agent.AgentSnapshot;
import io.mezzo.agent.ContainerReport;
import io.mezzo.agent.containerizer.ContainerUsage;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.ResourceStatistics;
import io.mezzo.api.v1.Task;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.agent.Response;
import io.mezzo.core.resources.Resources;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The agent's state in the v1 operator wire form ({@code mesos.v1.agent.Response} parts), its flags
 * under Mesos agent flag names, and its metrics under Mesos's {@code slave/*} names. Pure functions
 * of an {@link AgentSnapshot}; any thread.
 */
public final class AgentViews {
  private AgentViews() {}

  /** GET_STATE: GET_TASKS, GET_EXECUTORS and GET_FRAMEWORKS of one snapshot. */
  public static Response.GetState state(AgentSnapshot s) {
    return new Response.GetState(
        AgentReads.tasks(s), AgentReads.executors(s), AgentReads.frameworks(s));
  }

  /** A task as the agent knows it: its launch resources and its latest status. */
  public static Task task(AgentId agent, AgentSnapshot.TaskView t) {
    return new Task(
        t.name(),
        t.taskId(),
        t.frameworkId(),
        t.executorId(),
        agent,
        t.state(),
        t.resources(),
        t.latest() == null ? List.of() : List.of(t.latest()),
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

  /** The command executor of a task, named as Mesos names it. */
  public static ExecutorInfo executor(AgentSnapshot.TaskView t) {
    return new ExecutorInfo(
        null,
        t.executorId(),
        t.frameworkId(),
        null,
        null,
        t.resources(),
        "Command Executor (Task: " + t.taskId().value() + ")",
        null);
  }

  /** GET_CONTAINERS: each running container with its status and measured use. */
  public static List<Response.GetContainers.Container> containers(List<ContainerReport> reports) {
    List<Response.GetContainers.Container> out = new ArrayList<>();
    for (ContainerReport r : reports) {
      out.add(
          new Response.GetContainers.Container(
              r.frameworkId(),
              r.executorId(),
              r.executorName(),
              r.containerId(),
              r.status(),
              statistics(r.usage())));
    }
    return out;
  }

  public static ResourceStatistics statistics(ContainerUsage u) {
    return new ResourceStatistics(
        u.timestamp(),
        u.processes(),
        u.cpusUserTimeSecs(),
        u.cpusSystemTimeSecs(),
        u.cpusLimit(),
        u.memLimitBytes(),
        u.memRssBytes());
  }

  /** The agent's settings under the names of the Mesos agent flags they correspond to. */
  public static Map<String, String> flags(AgentConfig c) {
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put("work_dir", c.workDir().toAbsolutePath().toString());
    flags.put("hostname", c.hostname());
    flags.put("port", Integer.toString(c.port()));
    flags.put("advertise_url", c.endpoint());
    flags.put("resources", c.resources());
    flags.put("attributes", c.attributes());
    flags.put("containerizers", String.join(",", c.containerizers()));
    flags.put("registration_backoff_factor", seconds(c.registrationBackoffFactor()));
    flags.put("executor_shutdown_grace_period", seconds(c.killGracePeriod()));
    flags.put("checkpoint", "true");
    flags.put("switch_user", Boolean.toString(c.switchUser()));
    flags.put("gc_delay", seconds(c.gc().delay()));
    flags.put("disk_watch_interval", seconds(c.gc().diskWatchInterval()));
    flags.put("gc_disk_headroom", Double.toString(c.gc().diskHeadroom()));
    flags.put("max_concurrent_launches", Integer.toString(c.maxConcurrentLaunches()));
    return flags;
  }

  private static String seconds(Duration d) {
    return (d.toMillis() / 1000.0) + "secs";
  }

  /** The agent's metrics under Mesos's names (MESOS-API.md §5.2). */
  public static Map<String, Double> metrics(AgentSnapshot s, Instant started, Instant now) {
    Map<String, Double> m = new TreeMap<>();
    m.put("slave/registered", s.isRegistered() ? 1.0 : 0.0);
    m.put("slave/uptime_secs", Duration.between(started, now).toMillis() / 1000.0);
    Resources total = s.resources() == null ? Resources.empty() : s.resources();
    Resources used = s.used() == null ? Resources.empty() : s.used();
    for (String r : new String[] {"cpus", "mem", "disk", "gpus"}) {
      double t = total.scalar(r);
      double u = used.scalar(r);
      m.put("slave/" + r + "_total", t);
      m.put("slave/" + r + "_used", u);
      m.put("slave/" + r + "_percent", t == 0 ? 0.0 : u / t);
    }
    Map<TaskState, Long> byState = s.tasksByState();
    for (TaskState st : TaskState.values()) {
      if (st != TaskState.TASK_UNKNOWN) {
        m.put(
            "slave/" + st.name().toLowerCase().replaceFirst("^task_", "tasks_"),
            (double) byState.getOrDefault(st, 0L));
      }
    }
    // An executor runs while any of its tasks does (a default executor has several).
    long running =
        s.frameworks().stream()
            .flatMap(f -> f.executors().stream())
            .filter(e -> e.tasks().stream().anyMatch(t -> !t.state().isTerminal()))
            .count();
    m.put("slave/executors_running", (double) running);
    m.put("slave/executors_terminating", 0.0);
    m.put("slave/executors_registering", 0.0);
    m.put("slave/executors_terminated", (double) s.completedTasks().size());
    m.putAll(s.gc().metrics());
    m.put("system/cpus_total", (double) Runtime.getRuntime().availableProcessors());
    double load =
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    m.put("system/load_1min", load < 0 ? 0.0 : load);
    return m;
  }

  /** For agent-side lookups by framework. */
  static Map<FrameworkId, AgentSnapshot.FrameworkView> byId(AgentSnapshot s) {
    Map<FrameworkId, AgentSnapshot.FrameworkView> out = new LinkedHashMap<>();
    s.frameworks().forEach(f -> out.put(f.info().id(), f));
    return out;
  }
}
