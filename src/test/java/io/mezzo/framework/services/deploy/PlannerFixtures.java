package io.mezzo.framework.services.deploy;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.Attribute;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.OfferId;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.Value;
import io.mezzo.framework.services.app.AppDefinition;
import io.mezzo.framework.services.app.AppDefinition.Constraint;
import io.mezzo.framework.services.app.AppDefinition.Container;
import io.mezzo.framework.services.app.AppDefinition.HealthCheckDef;
import io.mezzo.framework.services.app.AppDefinition.KillSelection;
import io.mezzo.framework.services.app.AppDefinition.Network;
import io.mezzo.framework.services.app.AppDefinition.PortDefinition;
import io.mezzo.framework.services.app.AppDefinition.PortMapping;
import io.mezzo.framework.services.app.AppDefinition.ReadinessCheckDef;
import io.mezzo.framework.services.app.AppDefinition.UnreachableStrategy;
import io.mezzo.framework.services.app.AppDefinition.UpgradeStrategy;
import io.mezzo.framework.services.app.AppDefinition.VersionInfo;
import io.mezzo.framework.services.app.PathId;
import io.mezzo.framework.services.instance.Instance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Fluent builders for apps, instances and offers in planner and matcher tests. */
public final class PlannerFixtures {
  private PlannerFixtures() {}

  public static final Instant V1 = Instant.parse("2026-01-01T00:00:00Z");
  public static final Instant V2 = Instant.parse("2026-01-02T00:00:00Z");

  public static AppBuilder app(String id) {
    return new AppBuilder(id);
  }

  public static InstanceBuilder instance(String task) {
    return new InstanceBuilder(task);
  }

  public static OfferBuilder offer(String agent) {
    return new OfferBuilder(agent);
  }

  public static final class AppBuilder {
    private final String id;
    private int instances = 1;
    private double cpus = 1;
    private double mem = 128;
    private double disk = 0;
    private int gpus = 0;
    private final List<Constraint> constraints = new ArrayList<>();
    private Container container;
    private final List<Network> networks = new ArrayList<>();
    private final List<PortDefinition> ports = new ArrayList<>();
    private boolean requirePorts;
    private final List<HealthCheckDef> health = new ArrayList<>();
    private final List<ReadinessCheckDef> readiness = new ArrayList<>();
    private final List<PathId> deps = new ArrayList<>();
    private UpgradeStrategy upgrade = new UpgradeStrategy(1, 1);
    private KillSelection kill = KillSelection.YOUNGEST_FIRST;
    private double backoff = 1;
    private double factor = 1.15;
    private double maxDelay = 300;
    private String cmd = "sleep 1000";
    private String role = "*";
    private final List<String> accepted = new ArrayList<>();
    private Instant version = V1;
    private Instant configAt = V1;

    AppBuilder(String id) {
      this.id = id;
    }

    public AppBuilder instances(int n) {
      instances = n;
      return this;
    }

    public AppBuilder resources(double cpus, double mem) {
      this.cpus = cpus;
      this.mem = mem;
      return this;
    }

    public AppBuilder disk(double d) {
      disk = d;
      return this;
    }

    public AppBuilder gpus(int g) {
      gpus = g;
      return this;
    }

    public AppBuilder constraint(String field, String op, String value) {
      constraints.add(new Constraint(field, op, value));
      return this;
    }

    public AppBuilder ports(int... defined) {
      for (int p : defined) {
        ports.add(new PortDefinition(p, "tcp", null, Map.of()));
      }
      return this;
    }

    public AppBuilder requirePorts() {
      requirePorts = true;
      return this;
    }

    /** DOCKER with BRIDGE networking; each entry is a hostPort (null: none). */
    public AppBuilder bridge(Integer... hostPorts) {
      List<PortMapping> m = new ArrayList<>();
      for (Integer h : hostPorts) {
        m.add(new PortMapping(80, h, 0, "tcp", null, Map.of()));
      }
      container = new Container("DOCKER", null, m, List.of());
      networks.add(new Network("container/bridge", null, Map.of()));
      return this;
    }

    public AppBuilder healthCheck() {
      health.add(new HealthCheckDef("MESOS_HTTP", "/", 0, null, null, 300, 60, 20, 3, 15, null));
      return this;
    }

    public AppBuilder readinessCheck() {
      readiness.add(
          new ReadinessCheckDef("ready", "HTTP", "/", "http", 30, 10, List.of(200), false));
      return this;
    }

    public AppBuilder dependsOn(String... ids) {
      for (String d : ids) {
        deps.add(PathId.parse(d));
      }
      return this;
    }

    public AppBuilder upgrade(double min, double over) {
      upgrade = new UpgradeStrategy(min, over);
      return this;
    }

    public AppBuilder killSelection(KillSelection k) {
      kill = k;
      return this;
    }

    public AppBuilder backoff(double seconds, double factor, double max) {
      this.backoff = seconds;
      this.factor = factor;
      this.maxDelay = max;
      return this;
    }

    public AppBuilder cmd(String c) {
      cmd = c;
      return this;
    }

    public AppBuilder role(String r) {
      role = r;
      return this;
    }

    public AppBuilder acceptedRoles(String... roles) {
      accepted.addAll(List.of(roles));
      return this;
    }

    /** A change of any kind at {@code v}. */
    public AppBuilder version(Instant v) {
      version = v;
      return this;
    }

    /** A configuration change at {@code v} (the version too). */
    public AppBuilder config(Instant v) {
      version = v;
      configAt = v;
      return this;
    }

    public AppDefinition build() {
      return new AppDefinition(
          PathId.parse(id),
          cmd,
          null,
          null,
          Map.of(),
          instances,
          cpus,
          mem,
          disk,
          gpus,
          constraints,
          List.of(),
          container,
          networks,
          ports,
          requirePorts,
          health,
          readiness,
          deps,
          upgrade,
          new UnreachableStrategy(false, 300, 600),
          kill,
          null,
          backoff,
          factor,
          maxDelay,
          Map.of(),
          accepted,
          role,
          version,
          new VersionInfo(version, configAt));
    }
  }

  public static final class InstanceBuilder {
    private final String task;
    private String app = "/web";
    private Instant version = V1;
    private String agent = "a1";
    private String host = "h1";
    private TaskState state = TaskState.TASK_RUNNING;
    private Boolean healthy;
    private Boolean ready;
    private Instance.Goal goal = Instance.Goal.RUNNING;
    private Instant stagedAt = V1;
    private Instant startedAt = V1;

    InstanceBuilder(String task) {
      this.task = task;
    }

    public InstanceBuilder app(String a) {
      app = a;
      return this;
    }

    public InstanceBuilder version(Instant v) {
      version = v;
      return this;
    }

    public InstanceBuilder on(String agent, String host) {
      this.agent = agent;
      this.host = host;
      return this;
    }

    public InstanceBuilder state(TaskState s) {
      state = s;
      return this;
    }

    public InstanceBuilder healthy(Boolean h) {
      healthy = h;
      return this;
    }

    public InstanceBuilder ready(Boolean r) {
      ready = r;
      return this;
    }

    public InstanceBuilder stopping() {
      goal = Instance.Goal.STOPPED;
      return this;
    }

    public InstanceBuilder started(Instant at) {
      startedAt = at;
      stagedAt = at;
      return this;
    }

    public Instance build() {
      return new Instance(
          TaskId.of(task),
          PathId.parse(app),
          version,
          new AgentId(agent),
          host,
          List.of(),
          stagedAt,
          state == TaskState.TASK_RUNNING ? startedAt : null,
          state,
          healthy,
          ready,
          null,
          goal,
          null);
    }
  }

  public static final class OfferBuilder {
    private final String agent;
    private String host;
    private String id;
    private final List<Resource> resources = new ArrayList<>();
    private final List<Attribute> attributes = new ArrayList<>();

    OfferBuilder(String agent) {
      this.agent = agent;
      this.host = agent + ".example";
      this.id = "o-" + agent;
    }

    public OfferBuilder host(String h) {
      host = h;
      return this;
    }

    public OfferBuilder id(String i) {
      id = i;
      return this;
    }

    public OfferBuilder scalar(String name, double v) {
      return scalar(name, v, "*");
    }

    public OfferBuilder scalar(String name, double v, String role) {
      resources.add(
          new Resource(name, Value.Type.SCALAR, new Value.Scalar(v), null, null, role, null, null));
      return this;
    }

    public OfferBuilder cpusMem(double cpus, double mem) {
      return scalar("cpus", cpus).scalar("mem", mem);
    }

    public OfferBuilder ports(long begin, long end) {
      return ports(begin, end, "*");
    }

    public OfferBuilder ports(long begin, long end, String role) {
      resources.add(
          new Resource(
              "ports",
              Value.Type.RANGES,
              null,
              new Value.Ranges(List.of(new Value.Range(begin, end))),
              null,
              role,
              null,
              null));
      return this;
    }

    public OfferBuilder text(String name, String value) {
      attributes.add(new Attribute(name, Value.Type.TEXT, null, null, null, new Value.Text(value)));
      return this;
    }

    public OfferBuilder number(String name, double value) {
      attributes.add(
          new Attribute(name, Value.Type.SCALAR, new Value.Scalar(value), null, null, null));
      return this;
    }

    public OfferBuilder attribute(Attribute a) {
      attributes.add(a);
      return this;
    }

    public Offer build() {
      return new Offer(
          new OfferId(id),
          new FrameworkId("fw"),
          new AgentId(agent),
          host,
          null,
          new Resource.AllocationInfo("*"),
          resources,
          attributes,
          List.of());
    }
  }
}
