package io.mezzo.framework.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskState;
import io.mezzo.framework.sdk.FrameworkStore;
import io.mezzo.framework.services.app.AppDefinition;
import io.mezzo.framework.services.app.Group;
import io.mezzo.framework.services.app.PathId;
import io.mezzo.framework.services.deploy.Deployment;
import io.mezzo.framework.services.instance.HealthRecord;
import io.mezzo.framework.services.instance.Instance;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServicesStoreTest {
  private static final Instant T = Instant.parse("2026-01-02T03:04:05.678Z");

  private static AppDefinition richApp() {
    AppDefinition a = Apps.app("/prod/web", 2);
    return new AppDefinition(
            a.id(),
            null,
            List.of("python3", "-m", "http.server"),
            "nobody",
            Map.of("A", "1"),
            2,
            0.5,
            64,
            10,
            0,
            List.of(new AppDefinition.Constraint("hostname", "UNIQUE", null)),
            List.of(new AppDefinition.FetchUri("http://x/y.tgz", true, false, false, null)),
            new AppDefinition.Container(
                "DOCKER",
                new AppDefinition.Docker("nginx", false, false, List.of()),
                List.of(new AppDefinition.PortMapping(80, 0, 0, "tcp", "http", Map.of())),
                List.of(new AppDefinition.VolumeDef("/data", "/tmp", "RW"))),
            List.of(new AppDefinition.Network("container/bridge", null, Map.of())),
            List.of(),
            false,
            List.of(
                new AppDefinition.HealthCheckDef(
                    "MESOS_HTTP", "/", 0, null, null, 300, 60, 20, 3, 15, "IPv4")),
            List.of(),
            List.of(PathId.parse("/prod/db")),
            a.upgradeStrategy(),
            a.unreachableStrategy(),
            a.killSelection(),
            5L,
            1,
            1.15,
            300,
            Map.of("team", "web"),
            List.of("*"),
            "marathon",
            null,
            null)
        .withVersion(T, new AppDefinition.VersionInfo(T, T));
  }

  @Test
  void everyDocumentReadsBackAsWritten() {
    InMemoryFrameworkStore docs = new InMemoryFrameworkStore();
    ServicesState s = new ServicesState();
    AppDefinition app = richApp();
    s.root = Group.empty(PathId.ROOT, T).withApp(app, T);
    s.frameworkId = FrameworkId.of("fw-9");
    Deployment d =
        new Deployment(
            "d1",
            T,
            Group.empty(PathId.ROOT, T),
            s.root,
            List.of(app.id()),
            List.of(
                new Deployment.Step(
                    List.of(
                        new Deployment.Action(Deployment.ActionType.StartApplication, app.id())))),
            1);
    s.deployments.put("d1", d);
    AppRecord r = s.record(app.id());
    r.remember(app, 50);
    r.failures = 2;
    r.delayUntil = T.plusSeconds(3);
    r.lastFailure = new ServicesSnapshot.TaskFailure("t0", "TASK_FAILED", "boom", "h", T, T);
    s.put(
        new Instance(
            TaskId.of("prod_web.1"),
            app.id(),
            T,
            AgentId.of("a1"),
            "h1",
            List.of(31000),
            T,
            null,
            TaskState.TASK_RUNNING,
            true,
            null,
            null,
            Instance.Goal.RUNNING,
            null));
    ServicesStore store = new ServicesStore(docs);
    store.saveFrameworkId(s.frameworkId);
    store.saveRoot(s);
    store.saveApp(s, app.id());

    ServicesState back = new ServicesState();
    new ServicesStore(docs).load(back);
    assertThat(back.frameworkId).isEqualTo(s.frameworkId);
    assertThat(back.root).isEqualTo(s.root);
    assertThat(back.deployments).isEqualTo(s.deployments);
    AppRecord rb = back.apps.get(app.id());
    assertThat(rb.instances).isEqualTo(r.instances);
    assertThat(rb.history).isEqualTo(r.history);
    assertThat(rb.failures).isEqualTo(2);
    assertThat(rb.delayUntil).isEqualTo(r.delayUntil);
    assertThat(rb.lastFailure).isEqualTo(r.lastFailure);
    assertThat(back.instance(TaskId.of("prod_web.1"))).isPresent();
  }

  @Test
  void anInstanceStoredBeforeHealthHistoryWasKeptStillLoads() throws Exception {
    InMemoryFrameworkStore docs = new InMemoryFrameworkStore();
    ServicesState s = new ServicesState();
    AppDefinition app = Apps.app("/web", 1);
    s.root = Group.empty(PathId.ROOT, T).withApp(app, T);
    s.record(app.id());
    s.put(
        new Instance(
            TaskId.of("web.1"),
            app.id(),
            T,
            AgentId.of("a1"),
            "h1",
            List.of(31000),
            T,
            T,
            TaskState.TASK_RUNNING,
            true,
            null,
            null,
            Instance.Goal.RUNNING,
            null,
            new HealthRecord(0, T, T, null, null)));
    ServicesStore store = new ServicesStore(docs);
    store.saveRoot(s);
    store.saveApp(s, app.id());
    // Rewrite the app document as an older build wrote it: no "health" on any instance.
    String name = "app:" + app.id().safeName();
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.JsonNode doc = json.readTree(docs.text(name));
    doc.findParents("health")
        .forEach(n -> ((com.fasterxml.jackson.databind.node.ObjectNode) n).remove("health"));
    assertThat(doc.toString()).doesNotContain("\"health\"");
    docs.write(name, json.writeValueAsBytes(doc), docs.read(name).orElseThrow().version());

    ServicesState back = new ServicesState();
    new ServicesStore(docs).load(back);
    assertThat(back.instance(TaskId.of("web.1")))
        .hasValueSatisfying(
            i -> {
              assertThat(i.healthy()).isTrue();
              assertThat(i.health()).isNull();
            });
  }

  @Test
  void aWriteOverSomeoneElsesIsRefused() {
    InMemoryFrameworkStore docs = new InMemoryFrameworkStore();
    ServicesStore mine = new ServicesStore(docs);
    ServicesStore theirs = new ServicesStore(docs);
    ServicesState s = new ServicesState();
    mine.saveRoot(s);
    theirs.load(new ServicesState());
    theirs.saveRoot(s);
    assertThatThrownBy(() -> mine.saveRoot(s)).isInstanceOf(FrameworkStore.StaleException.class);
  }
}
