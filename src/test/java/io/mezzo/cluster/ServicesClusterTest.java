package io.mezzo.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mezzo.api.v1.TaskState;
import io.mezzo.framework.sdk.ClientStarter;
import io.mezzo.framework.sdk.FrameworkContext;
import io.mezzo.framework.services.HttpReadinessProbe;
import io.mezzo.framework.services.InMemoryFrameworkStore;
import io.mezzo.framework.services.PlannedDecisions;
import io.mezzo.framework.services.ReadinessProbe;
import io.mezzo.framework.services.ServicesConfig;
import io.mezzo.framework.services.ServicesEvent;
import io.mezzo.framework.services.ServicesFramework;
import io.mezzo.framework.services.ServicesSnapshot;
import io.mezzo.framework.services.app.AppDefinition;
import io.mezzo.framework.services.app.AppJson;
import io.mezzo.framework.services.app.PathId;
import io.mezzo.framework.services.instance.Instance;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The services framework on the SDK against a real in-process master and real agents (attributes
 * {@code rack:r<n>}, hostnames {@code agent<n>}): apps deploy, heal, move off lost agents, restart
 * without dropping below their minimum health capacity, and a framework restarted mid-deployment
 * over the same store finishes it without a duplicate instance.
 */
class ServicesClusterTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final PathId WEB = PathId.parse("/web");
  private static final String AGENT = "cpus:2;mem:1024;disk:1024;ports:[31000-31100]";
  @TempDir Path work;
  private InProcessCluster cluster;
  private final InMemoryFrameworkStore store = new InMemoryFrameworkStore();
  private final List<ServicesFramework> frameworks = new ArrayList<>();
  private final List<ServicesEvent> events = new CopyOnWriteArrayList<>();
  private int seed = 100;

  @AfterEach
  void stop() {
    frameworks.forEach(ServicesFramework::stop);
    if (cluster != null) {
      cluster.close();
    }
  }

  private ServicesFramework framework() {
    return framework(new HttpReadinessProbe());
  }

  private ServicesFramework framework(ReadinessProbe probe) {
    ServicesFramework f =
        new ServicesFramework(
            ServicesConfig.defaults(),
            new PlannedDecisions(new SplittableRandom(++seed)),
            ClientStarter.sdkClient(new SplittableRandom(++seed)),
            new SplittableRandom(++seed),
            probe);
    f.start(
        new FrameworkContext(
            URI.create("http://127.0.0.1:5050"), store, cluster.timers, cluster.connections()));
    frameworks.add(f);
    await().atMost(WAIT).until(() -> snapshot(f).frameworkId() != null);
    f.subscribe(events::add);
    return f;
  }

  private static AppDefinition app(String json) {
    try {
      return AppJson.parse(new ObjectMapper().readTree(json), PathId.ROOT);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static AppDefinition web(int instances, String extra) {
    return app(
        "{\"id\": \"/web\", \"cmd\": \"sleep 600\", \"cpus\": 0.1, \"mem\": 32, \"instances\": "
            + instances
            + ", \"constraints\": [[\"hostname\", \"UNIQUE\"]]"
            + extra
            + "}");
  }

  private static ServicesSnapshot snapshot(ServicesFramework f) {
    try {
      return f.snapshot().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static void deploy(ServicesFramework f, AppDefinition app) {
    InProcessCluster.get(f.deploy(root -> root.withApp(app, root.version()), false));
  }

  private static List<Instance> running(ServicesFramework f) {
    return snapshot(f).instances().getOrDefault(WEB, List.of()).stream()
        .filter(i -> i.state() == TaskState.TASK_RUNNING && i.goal() == Instance.Goal.RUNNING)
        .toList();
  }

  private static boolean settled(ServicesFramework f, int n) {
    ServicesSnapshot s = snapshot(f);
    return s.deployments().isEmpty() && running(f).size() == n;
  }

  @Test
  void threeInstancesRunAndOneKilledByHandIsReplaced() throws IOException {
    cluster = new InProcessCluster(work);
    for (int i = 0; i < 3; i++) {
      cluster.addAgent(AGENT);
    }
    ServicesFramework f = framework();
    deploy(f, web(3, ""));
    await().atMost(WAIT).until(() -> settled(f, 3));
    assertThat(running(f)).extracting(Instance::host).doesNotHaveDuplicates();

    Instance victim = running(f).get(0);
    killProcessOf(victim.taskId().value());
    await()
        .atMost(WAIT)
        .until(
            () ->
                settled(f, 3)
                    && running(f).stream().noneMatch(i -> i.taskId().equals(victim.taskId())));
    assertThat(events)
        .anySatisfy(
            e -> {
              assertThat(e).isInstanceOf(ServicesEvent.StatusUpdate.class);
              ServicesEvent.StatusUpdate u = (ServicesEvent.StatusUpdate) e;
              assertThat(u.instance().taskId()).isEqualTo(victim.taskId());
              assertThat(u.status().state().isTerminal()).isTrue();
            });
  }

  @Test
  void instancesOfALostAgentMoveToAnother() {
    cluster = new InProcessCluster(work);
    cluster.addAgent(AGENT);
    cluster.addAgent(AGENT);
    ServicesFramework f = framework();
    deploy(
        f,
        web(
            2,
            ", \"unreachableStrategy\": {\"inactiveAfterSeconds\": 1, \"expungeAfterSeconds\": 3}"));
    await().atMost(WAIT).until(() -> settled(f, 2));
    Instance lost = running(f).get(0);
    int n = Integer.parseInt(lost.host().replace("agent", ""));
    cluster.addAgent(AGENT);
    cluster.agents.get(n).stop();
    await()
        .atMost(WAIT)
        .until(
            () ->
                running(f).size() == 2
                    && running(f).stream().noneMatch(i -> i.host().equals(lost.host())));
  }

  @Test
  void aRollingRestartNeverDropsBelowMinimumHealthCapacity() {
    cluster = new InProcessCluster(work);
    for (int i = 0; i < 4; i++) {
      cluster.addAgent(AGENT);
    }
    ServicesFramework f = framework();
    deploy(
        f,
        web(
            3,
            ", \"upgradeStrategy\": {\"minimumHealthCapacity\": 0.5, \"maximumOverCapacity\": 0}"));
    await().atMost(WAIT).until(() -> settled(f, 3));
    Set<String> before = new HashSet<>();
    running(f).forEach(i -> before.add(i.taskId().value()));
    InProcessCluster.get(f.restart(WEB, false));
    int lowest = Integer.MAX_VALUE;
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!settled(f, 3) && System.nanoTime() < deadline) {
      lowest = Math.min(lowest, running(f).size());
    }
    assertThat(settled(f, 3)).as("restart finished").isTrue();
    assertThat(lowest).as("running instances at any time").isGreaterThanOrEqualTo(2);
    assertThat(running(f)).extracting(i -> i.taskId().value()).doesNotContainAnyElementsOf(before);
  }

  @Test
  void aFrameworkRestartedMidDeploymentFinishesItWithoutDuplicates() {
    cluster = new InProcessCluster(work);
    cluster.addAgent(AGENT);
    cluster.addAgent(AGENT);
    ServicesFramework first = framework();
    deploy(first, web(3, "")); // hostname:UNIQUE: only two fit until a third agent comes
    await().atMost(WAIT).until(() -> running(first).size() == 2);
    assertThat(snapshot(first).deployments()).hasSize(1);
    assertThat(snapshot(first).queue())
        .singleElement()
        .satisfies(q -> assertThat(q.count()).isOne());
    String id = snapshot(first).frameworkId().value();
    first.stop();
    frameworks.remove(first);

    ServicesFramework second = framework();
    assertThat(snapshot(second).frameworkId().value()).isEqualTo(id);
    cluster.addAgent(AGENT);
    await().atMost(WAIT).until(() -> settled(second, 3));
    long tasksEver =
        InProcessCluster.get(
            cluster.master.inspect(
                s -> {
                  var fw = s.frameworks().get(io.mezzo.api.v1.FrameworkId.of(id));
                  return (long) fw.tasks().size() + fw.completedTasks().size();
                }));
    assertThat(tasksEver).as("tasks the master ever saw for the framework").isEqualTo(3);
  }

  /** Kills the process of a task as an operator would, found by its MESOS_TASK_ID. */
  private static void killProcessOf(String taskId) throws IOException {
    List<ProcessHandle> found = new ArrayList<>();
    try (var procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.filter(x -> x.getFileName().toString().matches("\\d+")).toList()) {
        try {
          String env = new String(Files.readAllBytes(p.resolve("environ")));
          if (env.contains("MESOS_TASK_ID=" + taskId + "\0")) {
            ProcessHandle.of(Long.parseLong(p.getFileName().toString())).ifPresent(found::add);
          }
        } catch (IOException | RuntimeException gone) {
          // not ours, or ended while we looked
        }
      }
    }
    assertThat(found).as("processes of task %s", taskId).isNotEmpty();
    found.forEach(ProcessHandle::destroyForcibly);
  }

  /**
   * The in-process agents are named {@code agent<n>}, which no resolver knows, but all run on this
   * machine: the real HTTP probe is pointed at 127.0.0.1 with the instance's port and path.
   */
  private static ReadinessProbe onLocalhost(ReadinessProbe probe) {
    return (uri, timeout) ->
        probe.probe(URI.create("http://127.0.0.1:" + uri.getPort() + uri.getRawPath()), timeout);
  }

  private static AppDefinition httpd(String path) {
    return app(
        "{\"id\": \"/web\", \"cpus\": 0.1, \"mem\": 32, \"instances\": 1,"
            + " \"cmd\": \"mkdir -p www && echo ok > www/ready && exec busybox httpd -f -p $PORT0"
            + " -h www\", \"portDefinitions\": [{\"port\": 0, \"name\": \"http\"}],"
            + " \"readinessChecks\": [{\"name\": \"ready\", \"portName\": \"http\","
            + " \"path\": \""
            + path
            + "\", \"intervalSeconds\": 2, \"timeoutSeconds\": 1}]}");
  }

  @Test
  void aDeploymentWaitsForARealServerToAnswerItsReadinessCheck() {
    cluster = new InProcessCluster(work);
    cluster.addAgent(AGENT);
    ServicesFramework f = framework(onLocalhost(new HttpReadinessProbe()));
    deploy(f, httpd("/missing"));
    // busybox answers 404: running but not ready, so the deployment waits.
    await()
        .atMost(WAIT)
        .until(
            () ->
                !running(f).isEmpty()
                    && snapshot(f).readinessOf(WEB).stream().anyMatch(r -> !r.ready()));
    assertThat(snapshot(f).deployments()).hasSize(1);
    assertThat(running(f).get(0).ready()).isNull();

    InProcessCluster.get(f.deploy(root -> root.withApp(httpd("/ready"), root.version()), true));
    await().atMost(WAIT).until(() -> settled(f, 1));
    assertThat(running(f)).singleElement().satisfies(i -> assertThat(i.ready()).isTrue());
  }
}
