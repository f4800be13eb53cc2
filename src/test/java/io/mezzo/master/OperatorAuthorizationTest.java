package io.mezzo.master;

import static io.mezzo.master.MasterHarness.get;
import static io.mezzo.master.MasterHarness.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.CommandInfo;
import io.mezzo.api.v1.DurationInfo;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.master.Call;
import io.mezzo.api.v1.master.Event;
import io.mezzo.api.v1.master.Response;
import io.mezzo.master.operator.LegacyStateJson;
import io.mezzo.master.operator.LegacySummaryJson;
import io.mezzo.master.operator.Visibility;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.security.AuthenticationFlags;
import io.mezzo.security.Caller;
import io.mezzo.security.acl.Acls;
import io.mezzo.security.acl.LocalAuthorizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The operator API and the state views decided by the master's authorizer, as Mesos decides them:
 * two frameworks, of users alice and bob; {@code viewer} may view only alice's things, {@code ops}
 * everything, and only {@code ops} may change anything. Refusals are 403 naming the action and the
 * principal, and change nothing.
 */
class OperatorAuthorizationTest {
  private static final String ACLS =
      """
      {"permissive": false,
       "register_frameworks": [{"principals": {"type": "ANY"}, "roles": {"type": "ANY"}}],
       "run_tasks": [{"principals": {"type": "ANY"}, "users": {"type": "ANY"}}],
       "view_frameworks": [
         {"principals": {"values": ["viewer", "alice"]}, "users": {"values": ["alice"]}},
         {"principals": {"values": ["ops"]}, "users": {"type": "ANY"}}],
       "view_tasks": [
         {"principals": {"values": ["viewer", "alice"]}, "users": {"values": ["alice"]}},
         {"principals": {"values": ["ops"]}, "users": {"type": "ANY"}}],
       "view_executors": [
         {"principals": {"values": ["viewer", "alice"]}, "users": {"values": ["alice"]}},
         {"principals": {"values": ["ops"]}, "users": {"type": "ANY"}}],
       "view_roles": [
         {"principals": {"values": ["viewer"]}, "roles": {"values": ["web"]}},
         {"principals": {"values": ["ops"]}, "roles": {"type": "ANY"}}],
       "view_flags": [{"principals": {"values": ["ops"]}, "flags": {"type": "ANY"}}],
       "set_log_level": [{"principals": {"values": ["ops"]}, "level": {"type": "ANY"}}],
       "mark_agents_gone": [{"principals": {"values": ["ops"]}, "agents": {"type": "ANY"}}],
       "drain_agents": [{"principals": {"values": ["ops"]}, "agents": {"type": "ANY"}}],
       "deactivate_agents": [{"principals": {"values": ["ops"]}, "agents": {"type": "ANY"}}],
       "reactivate_agents": [{"principals": {"values": ["ops"]}, "agents": {"type": "ANY"}}],
       "teardown_frameworks": [
         {"principals": {"values": ["ops"]}, "framework_principals": {"type": "ANY"}},
         {"principals": {"values": ["alice"]}, "framework_principals": {"values": ["alice"]}}]}
      """;

  private static final Caller VIEWER = Caller.of("viewer");
  private static final Caller OPS = Caller.of("ops");
  private static final Caller ALICE = Caller.of("alice");

  private final MasterHarness h =
      new MasterHarness(
          MasterConfig.defaults()
              .withAgentPing(Duration.ofSeconds(1), 3)
              .withSecurity(
                  AuthenticationFlags.OFF, new LocalAuthorizer(Acls.parse("test", ACLS))));

  @AfterEach
  void stop() {
    h.close();
  }

  private CallResult call(Call call, Caller caller) {
    CallResult r = get(h.master.operatorCall(call, caller));
    h.settle();
    return r;
  }

  private Response read(Call.Type type, Caller caller) {
    CallResult r = call(Call.of(type), caller);
    assertThat(r.status()).as(r.message()).isEqualTo(200);
    return (Response) r.body();
  }

  private MasterHarness.Fw framework(String user, String principal, String role) {
    return h.subscribe(
        FrameworkInfo.builder()
            .user(user)
            .name(user + "-fw")
            .principal(principal)
            .role(role)
            .failoverTimeout(0.0)
            .checkpoint(false)
            .capabilities(List.of())
            .build());
  }

  /** A task of {@code fw} that runs as {@code user} rather than its framework's user. */
  private static TaskInfo taskAs(String id, Offer offer, String user) {
    TaskInfo t = task(id, offer, 0.25, 32);
    CommandInfo c = t.command();
    return new TaskInfo(
        t.name(),
        t.taskId(),
        t.agentId(),
        t.resources(),
        t.executor(),
        new CommandInfo(c.uris(), c.environment(), c.shell(), c.value(), c.arguments(), user),
        t.container(),
        t.healthCheck(),
        t.check(),
        t.killPolicy(),
        t.data(),
        t.labels(),
        t.discovery(),
        t.maxCompletionTime(),
        t.limits());
  }

  private record Cluster(MasterHarness.Ag agent, MasterHarness.Fw alice, MasterHarness.Fw bob) {}

  /**
   * alice's framework runs "a1" and "a-as-bob" (its command's user is bob) and finished "a-done";
   * bob's runs "b1".
   */
  private Cluster cluster() {
    var agent = h.registerAgent("cpus:4;mem:1024");
    var alice = framework("alice", "alice", "web");
    var bob = framework("bob", "bob", "batch");
    h.allocate();
    Offer a = alice.lastOffer();
    alice.launch(
        a, task("a1", a, 0.25, 32), taskAs("a-as-bob", a, "bob"), task("a-done", a, 0.25, 32));
    agent.update(alice, "a-done", TaskState.TASK_FINISHED);
    alice.acknowledge(alice.lastUpdate());
    h.advance(Duration.ofSeconds(6));
    Offer b = bob.lastOffer();
    bob.launch(b, task("b1", b, 0.25, 32));
    return new Cluster(agent, alice, bob);
  }

  private static List<String> taskIds(Response.GetTasks tasks) {
    List<String> ids = new ArrayList<>();
    tasks.tasks().forEach(t -> ids.add(t.taskId().value()));
    tasks.completedTasks().forEach(t -> ids.add(t.taskId().value()));
    return ids;
  }

  private static List<String> frameworkUsers(Response.GetFrameworks f) {
    List<String> users = new ArrayList<>();
    f.frameworks().forEach(x -> users.add(x.frameworkInfo().user()));
    return users;
  }

  // ---- views -----------------------------------------------------------------------------------

  @Test
  void getStateShowsAViewerOnlyTheFrameworkAndTasksOfUsersItMayView() {
    cluster();

    Response.GetState viewer = read(Call.Type.GET_STATE, VIEWER).getState();
    Response.GetState ops = read(Call.Type.GET_STATE, OPS).getState();

    assertThat(frameworkUsers(viewer.getFrameworks())).containsExactly("alice");
    assertThat(taskIds(viewer.getTasks()))
        .as("a task is viewed by its own user, its framework's only when it names none")
        .containsExactlyInAnyOrder("a1", "a-done");
    assertThat(viewer.getAgents().agents()).as("Mesos has no ACL on viewing agents").hasSize(1);
    assertThat(frameworkUsers(ops.getFrameworks())).containsExactlyInAnyOrder("alice", "bob");
    assertThat(taskIds(ops.getTasks())).containsExactlyInAnyOrder("a1", "a-as-bob", "a-done", "b1");
  }

  @Test
  void getTasksAndGetFrameworksFilterTheSameWayAndAnAnonymousCallerSeesNothing() {
    cluster();

    assertThat(taskIds(read(Call.Type.GET_TASKS, VIEWER).getTasks()))
        .containsExactlyInAnyOrder("a1", "a-done");
    assertThat(frameworkUsers(read(Call.Type.GET_FRAMEWORKS, VIEWER).getFrameworks()))
        .containsExactly("alice");
    assertThat(taskIds(read(Call.Type.GET_TASKS, Caller.ANONYMOUS).getTasks())).isEmpty();
    assertThat(frameworkUsers(read(Call.Type.GET_FRAMEWORKS, Caller.ANONYMOUS).getFrameworks()))
        .isEmpty();
    assertThat(taskIds(read(Call.Type.GET_TASKS, Caller.NODE).getTasks())).hasSize(4);
  }

  @Test
  void tasksOfATornDownFrameworkStayFilteredAmongTheCompleted() {
    var c = cluster();
    assertThat(call(teardown(c.bob().id), OPS).status()).isEqualTo(200);

    Response.GetFrameworks viewer = read(Call.Type.GET_FRAMEWORKS, VIEWER).getFrameworks();
    Response.GetFrameworks ops = read(Call.Type.GET_FRAMEWORKS, OPS).getFrameworks();

    assertThat(ops.completedFrameworks()).hasSize(1);
    assertThat(viewer.completedFrameworks()).isEmpty();
    assertThat(taskIds(read(Call.Type.GET_TASKS, OPS).getTasks())).contains("b1");
    assertThat(taskIds(read(Call.Type.GET_TASKS, VIEWER).getTasks())).doesNotContain("b1");
  }

  @Test
  void getRolesListsOnlyTheRolesTheCallerMayView() {
    cluster();

    List<String> viewer = new ArrayList<>();
    read(Call.Type.GET_ROLES, VIEWER).getRoles().roles().forEach(r -> viewer.add(r.name()));
    List<String> ops = new ArrayList<>();
    read(Call.Type.GET_ROLES, OPS).getRoles().roles().forEach(r -> ops.add(r.name()));

    assertThat(viewer).containsExactly("web");
    assertThat(ops).contains("web", "batch");
  }

  @Test
  void theOperatorStreamShowsAViewerOnlyWhatItMayViewFromSubscribedOn() {
    var agent = h.registerAgent("cpus:4;mem:1024");
    var alice = framework("alice", "alice", "web");
    RecordingOperatorStream viewer = new RecordingOperatorStream();
    RecordingOperatorStream ops = new RecordingOperatorStream();
    get(h.master.operatorSubscribe(viewer, VIEWER));
    get(h.master.operatorSubscribe(ops, OPS));
    var bob = framework("bob", "bob", "batch");
    h.allocate();
    Offer a = alice.lastOffer();
    alice.launch(a, task("a1", a, 0.25, 32));
    Offer b = bob.lastOffer();
    bob.launch(b, task("b1", b, 0.25, 32));
    agent.update(bob, "b1", TaskState.TASK_RUNNING);
    agent.update(alice, "a1", TaskState.TASK_RUNNING);

    Event subscribed = viewer.ofType(Event.Type.SUBSCRIBED).get(0);
    assertThat(frameworkUsers(subscribed.subscribed().getState().getFrameworks()))
        .containsExactly("alice");
    assertThat(viewer.ofType(Event.Type.FRAMEWORK_ADDED)).isEmpty();
    assertThat(ops.ofType(Event.Type.FRAMEWORK_ADDED))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.frameworkAdded().framework().frameworkInfo().user()).isEqualTo("bob"));
    assertThat(viewer.ofType(Event.Type.TASK_ADDED))
        .extracting(e -> e.taskAdded().task().taskId().value())
        .containsExactly("a1");
    assertThat(viewer.ofType(Event.Type.TASK_UPDATED))
        .extracting(e -> e.taskUpdated().status().taskId().value())
        .containsOnly("a1")
        .isNotEmpty();
    assertThat(ops.ofType(Event.Type.TASK_UPDATED))
        .extracting(e -> e.taskUpdated().status().taskId().value())
        .contains("a1", "b1");
  }

  @Test
  void legacyStateAndSummaryShowOnlyViewableFrameworksAndTasksAndFlagsNeedViewFlags() {
    cluster();

    ObjectNode state =
        get(h.master.inspect(s -> LegacyStateJson.state(s, Map.of("k", "v"), vis(s, VIEWER))));
    ObjectNode opsState =
        get(h.master.inspect(s -> LegacyStateJson.state(s, Map.of("k", "v"), vis(s, OPS))));
    ObjectNode summary =
        get(h.master.inspect(s -> LegacySummaryJson.stateSummary(s, vis(s, VIEWER))));
    ObjectNode tasks =
        get(
            h.master.inspect(
                s ->
                    LegacySummaryJson.tasks(
                        s,
                        LegacySummaryJson.Query.parse(null, null, null, null, null),
                        vis(s, VIEWER))));

    assertThat(state.get("frameworks")).hasSize(1);
    JsonNode fw = state.get("frameworks").get(0);
    assertThat(fw.get("user").asText()).isEqualTo("alice");
    assertThat(fw.get("tasks").findValuesAsText("id")).containsExactly("a1");
    assertThat(fw.get("completed_tasks").findValuesAsText("id")).containsExactly("a-done");
    assertThat(state.has("flags")).as("no view_flags, no flags").isFalse();
    assertThat(opsState.get("flags").get("k").asText()).isEqualTo("v");
    assertThat(opsState.get("frameworks")).hasSize(2);
    assertThat(summary.get("frameworks").findValuesAsText("user")).containsExactly("alice");
    assertThat(summary.get("slaves").get(0).get("TASK_STAGING").asInt())
        .as("agents' counts stay whole, as Mesos's")
        .isEqualTo(3);
    assertThat(tasks.get("tasks").findValuesAsText("id")).containsExactlyInAnyOrder("a1", "a-done");
  }

  private static Visibility vis(MasterState s, Caller caller) {
    return Visibility.of(s, caller);
  }

  // ---- mutations -------------------------------------------------------------------------------

  private static Call teardown(FrameworkId id) {
    return new Call(
        Call.Type.TEARDOWN, null, null, null, null, null, null, new Call.Teardown(id), null);
  }

  @Test
  void teardownOfAnotherPrincipalsFrameworkIs403NamingBothAndTheFrameworkStays() {
    var c = cluster();

    CallResult r = call(teardown(c.bob().id), VIEWER);

    assertThat(r.status()).isEqualTo(403);
    assertThat(r.message())
        .contains("principal 'viewer'", "teardown_frameworks", "of principal 'bob'");
    boolean stays = get(h.master.inspect(s -> s.framework(c.bob().id).isPresent()));
    assertThat(stays).isTrue();
    assertThat(c.bob().stream.ofType(io.mezzo.api.v1.scheduler.Event.Type.ERROR)).isEmpty();
  }

  @Test
  void teardownIsAllowedToTheFrameworksOwnPrincipalAndToOps() {
    var c = cluster();

    assertThat(call(teardown(c.alice().id), ALICE).status()).isEqualTo(200);
    assertThat(call(teardown(c.bob().id), ALICE).status()).isEqualTo(403);
    assertThat(call(teardown(c.bob().id), OPS).status()).isEqualTo(200);
    boolean none = get(h.master.inspect(s -> s.frameworks().isEmpty()));
    assertThat(none).isTrue();
  }

  @Test
  void teardownOfAFrameworkWithoutPrincipalAsksAboutAnyPrincipal() {
    h.registerAgent("cpus:1;mem:128");
    var anon = framework("alice", null, "web");

    CallResult refused = call(teardown(anon.id), ALICE);

    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.message()).contains("of any principal");
    assertThat(call(teardown(anon.id), OPS).status()).isEqualTo(200);
  }

  @Test
  void teardownOfAnUnknownFrameworkIs400BeforeAnyDecision() {
    CallResult r = call(teardown(new FrameworkId("nope")), VIEWER);

    assertThat(r.status()).isEqualTo(400);
  }

  private static Call agentCall(Call.Type type, AgentId id) {
    Call.AgentRef ref = new Call.AgentRef(id);
    return switch (type) {
      case DEACTIVATE_AGENT -> new Call(type, null, null, null, null, ref, null, null, null);
      case REACTIVATE_AGENT -> new Call(type, null, null, null, null, null, ref, null, null);
      case MARK_AGENT_GONE -> new Call(type, null, null, null, null, null, null, null, ref);
      case DRAIN_AGENT ->
          new Call(
              type, null, null, null, new Call.DrainAgent(id, null, false), null, null, null, null);
      default -> throw new IllegalArgumentException(type.name());
    };
  }

  @ParameterizedTest
  @EnumSource(
      value = Call.Type.class,
      names = {"MARK_AGENT_GONE", "DRAIN_AGENT", "DEACTIVATE_AGENT", "REACTIVATE_AGENT"})
  void agentMutationsNeedTheirActionAndARefusalChangesNothing(Call.Type type) {
    var c = cluster();
    String action =
        switch (type) {
          case MARK_AGENT_GONE -> "mark_agents_gone";
          case DRAIN_AGENT -> "drain_agents";
          case DEACTIVATE_AGENT -> "deactivate_agents";
          default -> "reactivate_agents";
        };
    if (type == Call.Type.REACTIVATE_AGENT) {
      assertThat(call(agentCall(Call.Type.DEACTIVATE_AGENT, c.agent().id), OPS).status())
          .isEqualTo(200);
    }
    AgentEntry before = get(h.master.inspect(s -> s.agents().get(c.agent().id)));
    boolean deactivatedBefore = before.deactivated();
    var controlBefore =
        get(h.master.inspect(s -> s.registry().current().agentControl(c.agent().id)));

    CallResult refused = call(agentCall(type, c.agent().id), VIEWER);

    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.message())
        .isEqualTo(
            "principal 'viewer' may not "
                + action
                + ": "
                + "no entry of "
                + action
                + " allows it and the ACLs are not permissive");
    AgentEntry after = get(h.master.inspect(s -> s.agents().get(c.agent().id)));
    assertThat(after.state()).isEqualTo(AgentEntry.State.CONNECTED);
    assertThat(after.deactivated()).isEqualTo(deactivatedBefore);
    Object controlAfter =
        get(h.master.inspect(s -> s.registry().current().agentControl(c.agent().id)));
    assertThat(controlAfter).isEqualTo(controlBefore);
    assertThat(taskIds(read(Call.Type.GET_TASKS, OPS).getTasks())).contains("a1", "b1");

    assertThat(call(agentCall(type, c.agent().id), OPS).status()).isEqualTo(200);
  }

  @Test
  void getFlagsNeedsViewFlags() {
    CallResult refused = call(Call.of(Call.Type.GET_FLAGS), VIEWER);

    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.message()).startsWith("principal 'viewer' may not view_flags");
    assertThat(call(Call.of(Call.Type.GET_FLAGS), OPS).status()).isEqualTo(200);
    assertThat(call(Call.of(Call.Type.GET_FLAGS), Caller.ANONYMOUS).message())
        .startsWith("an anonymous caller may not view_flags");
  }

  @Test
  void setLoggingLevelNeedsSetLogLevel() {
    Call set =
        new Call(
            Call.Type.SET_LOGGING_LEVEL,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            new Call.SetLoggingLevel(1, new DurationInfo(1_000_000_000L)));

    CallResult refused = call(set, VIEWER);

    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.message()).startsWith("principal 'viewer' may not set_log_level");
    assertThat(call(set, OPS).status()).as("past the authorizer").isNotEqualTo(403);
  }

  @Test
  void readsWithoutAnAclOfTheirOwnAreAnsweredToEveryone() {
    for (Call.Type type :
        List.of(
            Call.Type.GET_HEALTH,
            Call.Type.GET_VERSION,
            Call.Type.GET_METRICS,
            Call.Type.GET_LOGGING_LEVEL,
            Call.Type.GET_AGENTS,
            Call.Type.GET_MASTER)) {
      assertThat(call(Call.of(type), Caller.ANONYMOUS).status()).as(type.name()).isEqualTo(200);
    }
  }
}
