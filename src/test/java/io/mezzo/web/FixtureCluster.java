package io.mezzo.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * A made-up cluster in the exact JSON shapes of Mesos's legacy endpoints (MESOS-API.md §4.3):
 * {@code /master/state}, {@code /metrics/snapshot}, {@code /master/roles}, and a virtual sandbox
 * file system for {@code /files/browse} and {@code /files/read}. Three agents (one inactive), three
 * frameworks with running, finished and failed tasks, a completed framework, outstanding offers.
 * Each sandbox's {@code stdout} grows by one line a second, so a UI following it has something to
 * follow. Times are relative to the injected clock.
 */
final class FixtureCluster {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String FW_SERVICES = "5a1b-fixture-0001";
  static final String FW_JOBS = "5a1b-fixture-0002";
  static final String FW_SPARK = "5a1b-fixture-0003";
  static final String AGENT_A = "5a1b-fixture-S0";
  static final String AGENT_B = "5a1b-fixture-S1";
  static final String AGENT_C = "5a1b-fixture-S2";

  private final LongSupplier clockMillis;
  private final double started;

  FixtureCluster(LongSupplier clockMillis) {
    this.clockMillis = clockMillis;
    this.started = clockMillis.getAsLong() / 1000.0;
  }

  private long elapsed() {
    return Math.round(now() - started);
  }

  private double now() {
    return clockMillis.getAsLong() / 1000.0;
  }

  /**
   * A task as Mesos's state shows it; {@code states} are spaced {@code step} seconds apart, ending
   * now-ago.
   */
  private ObjectNode task(
      String id,
      String name,
      String fw,
      String agent,
      double cpus,
      double mem,
      double ago,
      double step,
      String... states) {
    ObjectNode t = JSON.createObjectNode();
    t.put("id", id)
        .put("name", name)
        .put("framework_id", fw)
        .put("executor_id", "")
        .put("slave_id", agent)
        .put("state", states[states.length - 1])
        .put("role", "*")
        .put("user", "mezzo");
    t.set("resources", resources(cpus, mem, 64, null));
    ArrayNode statuses = t.putArray("statuses");
    double t0 = now() - ago - step * (states.length - 1);
    for (int i = 0; i < states.length; i++) {
      statuses.addObject().put("state", states[i]).put("timestamp", t0 + i * step);
    }
    return t;
  }

  private static ObjectNode resources(double cpus, double mem, double disk, String ports) {
    ObjectNode r = JSON.createObjectNode();
    r.put("cpus", cpus).put("gpus", 0.0).put("mem", mem).put("disk", disk);
    if (ports != null) {
      r.put("ports", ports);
    }
    return r;
  }

  record Agent(
      String id, String host, double cpus, double mem, double disk, boolean active, String attrs) {}

  private final List<Agent> agents =
      List.of(
          new Agent(AGENT_A, "agent-a.fixture", 8, 16384, 102400, true, "rack:r1,zone:east"),
          new Agent(AGENT_B, "agent-b.fixture", 4, 8192, 51200, true, "rack:r2,zone:east"),
          new Agent(AGENT_C, "agent-c.fixture", 4, 8192, 51200, false, "rack:r3,zone:west"));

  private List<ObjectNode> activeTasks(String fw) {
    List<ObjectNode> out = new ArrayList<>();
    switch (fw) {
      case FW_SERVICES -> {
        out.add(
            task(
                "web.instance-1",
                "web",
                fw,
                AGENT_A,
                1,
                1024,
                30,
                2,
                "TASK_STAGING",
                "TASK_STARTING",
                "TASK_RUNNING"));
        out.add(
            task(
                "web.instance-2",
                "web",
                fw,
                AGENT_B,
                1,
                1024,
                40,
                2,
                "TASK_STAGING",
                "TASK_STARTING",
                "TASK_RUNNING"));
        out.add(
            task(
                "api.5d6f8a7e-1c0b-4a8e-9a53-2f1e0c9b7d41",
                "api",
                fw,
                AGENT_A,
                2,
                2048,
                300,
                3,
                "TASK_STAGING",
                "TASK_STARTING",
                "TASK_RUNNING"));
      }
      case FW_JOBS ->
          out.add(
              task(
                  "nightly-report-7",
                  "nightly-report",
                  fw,
                  AGENT_B,
                  0.5,
                  512,
                  2,
                  1,
                  "TASK_STAGING",
                  "TASK_STARTING"));
      case FW_SPARK -> {
        out.add(
            task(
                "spark-exec-1",
                "spark executor 1",
                fw,
                AGENT_A,
                3,
                6144,
                120,
                4,
                "TASK_STAGING",
                "TASK_STARTING",
                "TASK_RUNNING"));
        // Executors come and go, so the charts have something to show: 0 to 2 more, changing every
        // 20 s.
        long extra = (elapsed() / 20) % 3;
        for (int i = 2; i < 2 + extra; i++) {
          out.add(
              task(
                  "spark-exec-" + i,
                  "spark executor " + i,
                  fw,
                  i % 2 == 0 ? AGENT_B : AGENT_A,
                  1,
                  2048,
                  5,
                  2,
                  "TASK_STAGING",
                  "TASK_STARTING",
                  "TASK_RUNNING"));
        }
      }
      default -> {}
    }
    return out;
  }

  private List<ObjectNode> completedTasks(String fw) {
    List<ObjectNode> out = new ArrayList<>();
    if (fw.equals(FW_JOBS)) {
      // A report finishes every 30 s.
      for (long i = elapsed() / 30; i > 0; i--) {
        out.add(
            task(
                "nightly-report-" + (100 + i),
                "nightly-report",
                fw,
                AGENT_B,
                0.5,
                512,
                elapsed() - i * 30,
                5,
                "TASK_STAGING",
                "TASK_STARTING",
                "TASK_RUNNING",
                "TASK_FINISHED"));
      }
      out.add(
          task(
              "nightly-report-6",
              "nightly-report",
              fw,
              AGENT_B,
              0.5,
              512,
              600,
              20,
              "TASK_STAGING",
              "TASK_STARTING",
              "TASK_RUNNING",
              "TASK_FINISHED"));
      out.add(
          task(
              "nightly-report-5",
              "nightly-report",
              fw,
              AGENT_A,
              0.5,
              512,
              900,
              15,
              "TASK_STAGING",
              "TASK_STARTING",
              "TASK_RUNNING",
              "TASK_FAILED"));
    }
    if (fw.equals(FW_SERVICES)) {
      out.add(
          task(
              "web.instance-0",
              "web",
              fw,
              AGENT_C,
              1,
              1024,
              1200,
              30,
              "TASK_STAGING",
              "TASK_RUNNING",
              "TASK_KILLED"));
    }
    return out;
  }

  private ObjectNode framework(String id, String name, List<String> roles, boolean withOffer) {
    ObjectNode f = JSON.createObjectNode();
    f.put("id", id)
        .put("name", name)
        .put("pid", "")
        .put("hostname", "scheduler.fixture")
        .put("user", "mezzo")
        .put("active", true)
        .put("connected", true)
        .put("recovered", false)
        .put("checkpoint", true)
        .put("failover_timeout", 604800.0)
        .put("registered_time", started - 3000)
        .put("unregistered_time", 0)
        .put("principal", name)
        .put("webui_url", "");
    ArrayNode r = f.putArray("roles");
    roles.forEach(r::add);
    f.putArray("capabilities").add("MULTI_ROLE").add("PARTITION_AWARE");
    List<ObjectNode> tasks = activeTasks(id);
    double cpus = 0;
    double mem = 0;
    double disk = 0;
    ArrayNode ta = f.putArray("tasks");
    for (ObjectNode t : tasks) {
      ta.add(t);
      cpus += t.path("resources").path("cpus").asDouble();
      mem += t.path("resources").path("mem").asDouble();
      disk += t.path("resources").path("disk").asDouble();
    }
    f.set("used_resources", resources(cpus, mem, disk, null));
    f.set("resources", resources(cpus, mem, disk, null));
    ArrayNode offers = f.putArray("offers");
    if (withOffer) {
      ObjectNode o = offers.addObject();
      o.put("id", id + "-O17").put("framework_id", id).put("slave_id", AGENT_B);
      o.set("resources", resources(1, 2048, 10240, "[31000-31099]"));
      f.set("offered_resources", resources(1, 2048, 10240, null));
    } else {
      f.set("offered_resources", resources(0, 0, 0, null));
    }
    ArrayNode done = f.putArray("completed_tasks");
    completedTasks(id).forEach(done::add);
    f.putArray("unreachable_tasks");
    f.putArray("executors");
    f.putArray("labels");
    return f;
  }

  /**
   * {@code /master/state} of a master at {@code self} ("host:port") led by {@code leader} (empty:
   * none).
   */
  ObjectNode state(String self, Optional<String> leader) {
    ObjectNode s = JSON.createObjectNode();
    s.put("version", "1.11.0")
        .put("git_sha", "fixture")
        .put("build_date", "2024-01-01")
        .put("start_time", started - 3600)
        .put("elected_time", started - 3590)
        .put("id", "fixture-master-" + self)
        .put("pid", "master@" + self)
        .put("hostname", host(self))
        .put("activated_slaves", 2)
        .put("deactivated_slaves", 1)
        .put("unreachable_slaves", 0)
        .put("cluster", "fixture");
    leader.ifPresent(
        l -> {
          s.put("leader", "master@" + l);
          ObjectNode li = s.putObject("leader_info");
          li.put("id", "fixture-master-" + l)
              .put("pid", "master@" + l)
              .put("hostname", host(l))
              .put("port", Integer.parseInt(l.substring(l.lastIndexOf(':') + 1)));
        });
    List<ObjectNode> frameworks =
        List.of(
            framework(FW_SERVICES, "services", List.of("web", "*"), false),
            framework(FW_JOBS, "jobs", List.of("batch"), true),
            framework(FW_SPARK, "spark-pi", List.of("analytics"), false));
    Map<String, double[]> used = new LinkedHashMap<>();
    for (ObjectNode f : frameworks) {
      for (var t : f.withArray("tasks")) {
        double[] u = used.computeIfAbsent(t.path("slave_id").asText(), k -> new double[3]);
        u[0] += t.path("resources").path("cpus").asDouble();
        u[1] += t.path("resources").path("mem").asDouble();
        u[2] += t.path("resources").path("disk").asDouble();
      }
    }
    ArrayNode slaves = s.putArray("slaves");
    int i = 1;
    for (Agent a : agents) {
      ObjectNode n = slaves.addObject();
      n.put("id", a.id())
          .put("hostname", a.host())
          .put("port", 5051)
          .put("pid", "slave(1)@10.0.0." + i++ + ":5051")
          .put("registered_time", started - 3500)
          .put("active", a.active())
          .put("deactivated", !a.active())
          .put("version", "1.11.0");
      n.set("resources", resources(a.cpus(), a.mem(), a.disk(), "[31000-32000]"));
      double[] u = used.getOrDefault(a.id(), new double[3]);
      n.set("used_resources", resources(u[0], u[1], u[2], null));
      n.set(
          "offered_resources",
          a.id().equals(AGENT_B) ? resources(1, 2048, 10240, null) : resources(0, 0, 0, null));
      n.set("unreserved_resources", resources(a.cpus(), a.mem(), a.disk(), "[31000-32000]"));
      n.putObject("reserved_resources");
      ObjectNode attrs = n.putObject("attributes");
      for (String kv : a.attrs().split(",")) {
        String[] p = kv.split(":");
        attrs.put(p[0], p[1]);
      }
      n.putArray("capabilities").add("MULTI_ROLE");
    }
    ArrayNode fws = s.putArray("frameworks");
    frameworks.forEach(fws::add);
    ArrayNode completed = s.putArray("completed_frameworks");
    ObjectNode old = JSON.createObjectNode();
    old.put("id", "5a1b-fixture-0000")
        .put("name", "hello-world")
        .put("active", false)
        .put("connected", false)
        .put("registered_time", started - 5000)
        .put("unregistered_time", started - 4000);
    old.putArray("roles").add("*");
    old.putArray("tasks");
    old.putArray("completed_tasks")
        .add(
            task(
                "hello-1",
                "hello",
                "5a1b-fixture-0000",
                AGENT_A,
                0.1,
                32,
                4000,
                1,
                "TASK_STAGING",
                "TASK_RUNNING",
                "TASK_FINISHED"));
    completed.add(old);
    s.putArray("orphan_tasks");
    s.putArray("unregistered_frameworks");
    s.putArray("recovered_slaves");
    s.putObject("flags").put("port", self.substring(self.lastIndexOf(':') + 1));
    return s;
  }

  /** {@code /metrics/snapshot}, consistent with {@link #state}. */
  ObjectNode metrics(ObjectNode state, boolean elected) {
    ObjectNode m = JSON.createObjectNode();
    double[] total = new double[3];
    double[] used = new double[3];
    String[] names = {"cpus", "mem", "disk"};
    for (var a : state.withArray("slaves")) {
      for (int i = 0; i < 3; i++) {
        total[i] += a.path("resources").path(names[i]).asDouble();
        used[i] += a.path("used_resources").path(names[i]).asDouble();
      }
    }
    for (int i = 0; i < 3; i++) {
      m.put("master/" + names[i] + "_total", total[i])
          .put("master/" + names[i] + "_used", used[i])
          .put("master/" + names[i] + "_percent", total[i] > 0 ? used[i] / total[i] : 0);
    }
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String k :
        List.of(
            "staging",
            "starting",
            "running",
            "killing",
            "finished",
            "failed",
            "killed",
            "lost",
            "error",
            "unreachable")) {
      counts.put(k, 0);
    }
    for (var f : state.withArray("frameworks")) {
      for (String list : List.of("tasks", "completed_tasks")) {
        for (var t : f.withArray(list)) {
          counts.merge(
              t.path("state").asText().replace("TASK_", "").toLowerCase(), 1, Integer::sum);
        }
      }
    }
    counts.forEach((k, v) -> m.put("master/tasks_" + k, v.doubleValue()));
    m.put("master/elected", elected ? 1.0 : 0.0)
        .put("master/uptime_secs", now() - started + 3600)
        .put("master/slaves_active", 2.0)
        .put("master/slaves_inactive", 1.0)
        .put("master/frameworks_active", 3.0)
        .put("master/outstanding_offers", 1.0);
    return m;
  }

  ObjectNode roles(ObjectNode state) {
    ObjectNode r = JSON.createObjectNode();
    ArrayNode roles = r.putArray("roles");
    for (var f : state.withArray("frameworks")) {
      for (var role : f.withArray("roles")) {
        ObjectNode e = roles.addObject();
        e.put("name", role.asText()).put("weight", role.asText().equals("web") ? 2.0 : 1.0);
        e.set("allocated", f.path("used_resources").deepCopy());
        e.set("offered", f.path("offered_resources").deepCopy());
        e.putObject("reserved");
        e.putArray("frameworks").add(f.path("id").asText());
        e.putObject("quota").put("role", role.asText()).putObject("limit");
      }
    }
    return r;
  }

  /**
   * Every executor's sandbox: {@code /frameworks/<fid>/executors/<eid>/runs/latest}, with its
   * agent.
   */
  Map<String, String> sandboxes(ObjectNode state) {
    Map<String, String> out = new LinkedHashMap<>();
    for (var f : state.withArray("frameworks")) {
      for (String list : List.of("tasks", "completed_tasks")) {
        for (var t : f.withArray(list)) {
          out.put(
              "/frameworks/"
                  + f.path("id").asText()
                  + "/executors/"
                  + t.path("id").asText()
                  + "/runs/latest",
              t.path("slave_id").asText());
        }
      }
    }
    return out;
  }

  /**
   * Contents of a file in a sandbox: stdout grows a line a second, stderr is short, logs/app.log
   * fixed.
   */
  byte[] file(String sandbox, String name) {
    String task = sandbox.replaceAll(".*/executors/([^/]+)/runs/latest", "$1");
    StringBuilder b = new StringBuilder();
    switch (name) {
      case "stdout" -> {
        b.append("Starting task ").append(task).append('\n');
        long lines = 20 + Math.round(now() - started);
        for (long i = 1; i <= lines; i++) {
          b.append(String.format("[%s] tick %d — all systems nominal%n", task, i));
        }
      }
      case "stderr" ->
          b.append("I0101 00:00:00.000 exec.cpp:162] Version: 1.11.0\n")
              .append("I0101 00:00:00.001 exec.cpp:236] Executor registered on agent\n");
      case "logs/app.log" -> b.append("app started\n");
      default -> {
        return null;
      }
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  static final List<String> FILES = List.of("stdout", "stderr", "logs/app.log");

  private static String host(String hostPort) {
    return hostPort.substring(0, hostPort.lastIndexOf(':'));
  }
}
