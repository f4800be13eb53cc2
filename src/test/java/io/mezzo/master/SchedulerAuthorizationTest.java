package io.mezzo.master;

import static io.mezzo.master.MasterHarness.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.CommandInfo;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.Filters;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.TaskGroupInfo;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.api.v1.scheduler.Event;
import io.mezzo.master.scheduler.FrameworkStream;
import io.mezzo.security.AuthenticationFlags;
import io.mezzo.security.Caller;
import io.mezzo.security.acl.Acls;
import io.mezzo.security.acl.LocalAuthorizer;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The scheduler API under authentication and ACLs, through a whole master: principal binding on
 * SUBSCRIBE and every later call, register_frameworks for every role, run_tasks for every task.
 */
class SchedulerAuthorizationTest {
  static final String ACLS =
      """
      {"permissive": false,
       "register_frameworks": [
         {"principals": {"values": ["alice", "bob", "ops"]}, "roles": {"values": ["*", "web"]}},
         {"principals": {"values": ["alice"]}, "roles": {"values": ["prod"]}}],
       "run_tasks": [
         {"principals": {"values": ["ops"]}, "users": {"values": ["root"]}},
         {"principals": {"type": "NONE"}, "users": {"values": ["root"]}},
         {"principals": {"type": "ANY"}, "users": {"type": "ANY"}}]}
      """;

  private final MasterHarness h =
      new MasterHarness(
          MasterConfig.defaults()
              .withSecurity(
                  AuthenticationFlags.OFF, new LocalAuthorizer(Acls.parse("test", ACLS))));

  private static final Caller ALICE = Caller.of("alice");
  private static final Caller BOB = Caller.of("bob");

  @AfterEach
  void stop() {
    h.close();
  }

  static FrameworkInfo.Builder info(String principal) {
    return FrameworkInfo.builder()
        .user("nobody")
        .name("fw")
        .failoverTimeout(60.0)
        .checkpoint(false)
        .principal(principal);
  }

  /** SUBSCRIBE as {@code caller}; the framework's id once SUBSCRIBED came, else null. */
  private MasterHarness.Fw subscribe(Caller caller, FrameworkInfo info, CallResult[] result) {
    MasterHarness.Fw fw = h.new Fw(info);
    CallResult r = get(h.master.subscribe(Call.subscribe(info), fw.stream, caller));
    if (result != null) {
      result[0] = r;
    }
    h.settle();
    List<Event> subscribed = fw.stream.ofType(Event.Type.SUBSCRIBED);
    fw.id = subscribed.isEmpty() ? info.id() : subscribed.get(0).subscribed().frameworkId();
    return fw;
  }

  private MasterHarness.Fw subscribed(Caller caller, FrameworkInfo info) {
    MasterHarness.Fw fw = subscribe(caller, info, null);
    assertThat(fw.stream.ofType(Event.Type.SUBSCRIBED))
        .as("events %s", fw.stream.events())
        .hasSize(1);
    return fw;
  }

  private CallResult call(MasterHarness.Fw fw, Call call, Caller caller) {
    CallResult r = get(h.master.call(call, fw.stream.id(), caller));
    h.settle();
    return r;
  }

  private String principalOf(FrameworkId id) {
    return get(h.master.inspect(s -> s.frameworks().get(id).info().principal()));
  }

  private int frameworkCount() {
    return get(h.master.inspect(s -> s.frameworks().size()));
  }

  private static String error(MasterHarness.Fw fw) {
    List<Event> errors = fw.stream.ofType(Event.Type.ERROR);
    assertThat(errors).as("events %s", fw.stream.events()).hasSize(1);
    assertThat(fw.stream.closed()).isTrue();
    return errors.get(0).error().message();
  }

  // ---- principal binding ----

  @Test
  void aFrameworkNamingAnotherPrincipalIsRefused403BeforeItsStreamOpens() {
    CallResult[] r = new CallResult[1];
    MasterHarness.Fw fw = subscribe(ALICE, info("bob").build(), r);

    assertThat(r[0].status()).isEqualTo(403);
    assertThat(r[0].message())
        .isEqualTo(
            "Authenticated principal 'alice' does not match principal 'bob' set in FrameworkInfo");
    assertThat(fw.stream.events()).isEmpty();
    assertThat(frameworkCount()).isZero();
  }

  @Test
  void aFrameworkNamingNoPrincipalGetsTheAuthenticatedOne() {
    MasterHarness.Fw fw = subscribed(ALICE, info(null).build());

    assertThat(principalOf(fw.id)).isEqualTo("alice");
  }

  @Test
  void anotherPrincipalCannotTakeOverAFrameworkById() {
    MasterHarness.Fw alice = subscribed(ALICE, info("alice").build());
    int aliceEvents = alice.stream.events().size();

    // Bob names himself (or nobody, which binds him) and alice's id: refused on his own stream.
    MasterHarness.Fw bob = subscribe(BOB, info(null).id(alice.id).build(), null);
    assertThat(error(bob)).startsWith("Changing framework's principal is not allowed");
    // Bob naming alice is refused before any stream.
    CallResult[] r = new CallResult[1];
    subscribe(BOB, info("alice").id(alice.id).build(), r);
    assertThat(r[0].status()).isEqualTo(403);

    assertThat(alice.stream.closed()).isFalse();
    assertThat(alice.stream.events()).hasSize(aliceEvents);
    assertThat(alice.stream.ofType(Event.Type.ERROR)).isEmpty();
    assertThat(principalOf(alice.id)).isEqualTo("alice");
    FrameworkStream current = get(h.master.inspect(s -> s.frameworks().get(alice.id).stream()));
    assertThat(current).isSameAs(alice.stream);
  }

  @Test
  void afterAMasterRestartTheRegistryStillKnowsWhoOwnsAFramework() {
    MasterHarness.Fw alice = subscribed(ALICE, info("alice").build());
    h.master.close();
    try (MasterHarness restarted = new MasterHarness(h.store, h.config)) {
      MasterHarness.Fw bob = restarted.new Fw(info(null).build());
      get(
          restarted.master.subscribe(
              Call.subscribe(info(null).id(alice.id).build()), bob.stream, BOB));
      restarted.settle();
      MasterHarness.Fw again = restarted.new Fw(info(null).build());
      get(
          restarted.master.subscribe(
              Call.subscribe(info(null).id(alice.id).build()), again.stream, ALICE));
      restarted.settle();

      assertThat(error(bob)).startsWith("Changing framework's principal is not allowed");
      assertThat(again.stream.ofType(Event.Type.SUBSCRIBED)).hasSize(1);
    }
  }

  @Test
  void theSamePrincipalFailsItsFrameworkOver() {
    MasterHarness.Fw first = subscribed(ALICE, info("alice").build());

    MasterHarness.Fw again = subscribed(ALICE, info(null).id(first.id).build());

    assertThat(again.id).isEqualTo(first.id);
    assertThat(first.stream.ofType(Event.Type.ERROR)).hasSize(1); // "Framework failed over"
  }

  @Test
  void everyOtherCallMustComeFromTheFrameworksPrincipal() {
    MasterHarness.Fw alice = subscribed(ALICE, info("alice").build());

    CallResult r = call(alice, Call.of(Call.Type.TEARDOWN, alice.id), BOB);

    assertThat(r.status()).isEqualTo(403);
    assertThat(r.message())
        .isEqualTo(
            "Authenticated principal 'bob' does not match principal 'alice' set in FrameworkInfo");
    assertThat(frameworkCount()).isEqualTo(1);
    assertThat(alice.stream.closed()).isFalse();
    assertThat(
            call(alice, Call.reconcile(alice.id, new Call.Reconcile(List.of())), ALICE).isSuccess())
        .isTrue();
  }

  @Test
  void anonymousCallersKeepTodaysBehaviourAndAreDecidedByTheNamedPrincipal() {
    MasterHarness.Fw fw = subscribed(Caller.ANONYMOUS, info("alice").role("prod").build());

    assertThat(
            call(fw, Call.reconcile(fw.id, new Call.Reconcile(List.of())), Caller.ANONYMOUS)
                .isSuccess())
        .isTrue();
    MasterHarness.Fw nobody = subscribe(Caller.ANONYMOUS, info(null).build(), null);
    assertThat(error(nobody))
        .startsWith("an anonymous caller may not register_frameworks with role '*'");
  }

  @Test
  void theNodesOwnFrameworksAreNotRestricted() {
    MasterHarness.Fw fw = subscribed(Caller.NODE, info(null).role("anything").build());

    assertThat(principalOf(fw.id)).isNull();
  }

  // ---- register_frameworks ----

  @Test
  void aRoleThePrincipalMayNotUseEndsTheSubscription() {
    MasterHarness.Fw bob = subscribe(BOB, info(null).role("prod").build(), null);

    assertThat(error(bob))
        .startsWith("principal 'bob' may not register_frameworks with role 'prod'");
    assertThat(frameworkCount()).isZero();
  }

  @Test
  void everyRoleOfAMultiRoleFrameworkIsChecked() {
    FrameworkInfo multi =
        info(null)
            .roles(List.of("web", "prod"))
            .capabilities(
                List.of(new FrameworkInfo.Capability(FrameworkInfo.Capability.Type.MULTI_ROLE)))
            .build();

    assertThat(error(subscribe(BOB, multi, null)))
        .startsWith("principal 'bob' may not register_frameworks with role 'prod'");
    subscribed(ALICE, multi);
  }

  @Test
  void updateFrameworkNeedsRegisterFrameworksForItsNewRoles() {
    MasterHarness.Fw bob = subscribed(BOB, info(null).build());
    FrameworkInfo toProd = info("bob").id(bob.id).role("prod").build();

    CallResult refused =
        call(bob, Call.updateFramework(bob.id, new Call.UpdateFramework(toProd, null)), BOB);

    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.message())
        .startsWith("principal 'bob' may not register_frameworks with role 'prod'");
    String role = get(h.master.inspect(s -> s.frameworks().get(bob.id).info().role()));
    assertThat(role).isNull();
    FrameworkInfo toWeb = info("bob").id(bob.id).role("web").build();
    assertThat(
            call(bob, Call.updateFramework(bob.id, new Call.UpdateFramework(toWeb, null)), BOB)
                .isSuccess())
        .isTrue();
  }

  // ---- run_tasks ----

  static TaskInfo task(String id, Offer offer, String user) {
    return new TaskInfo(
        id,
        new TaskId(id),
        offer.agentId(),
        List.of(Resource.scalar("cpus", 1), Resource.scalar("mem", 64)),
        null,
        new CommandInfo(null, null, true, "sleep 1", null, user),
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

  private CallResult launch(MasterHarness.Fw fw, Caller caller, Offer offer, Call.Operation op) {
    Call.Accept accept = new Call.Accept(List.of(offer.id()), List.of(op), new Filters(0.0));
    return call(fw, Call.accept(fw.id, accept), caller);
  }

  @Test
  void aTaskAsARefusedUserEndsUnauthorizedWhileTheOthersRunAndItsResourcesGoBack() {
    MasterHarness.Ag agent = h.registerAgent("cpus:4;mem:1024");
    MasterHarness.Fw alice = subscribed(ALICE, info(null).build());
    h.allocate();
    Offer offer = alice.lastOffer();

    CallResult r =
        launch(
            alice,
            ALICE,
            offer,
            Call.Operation.launch(
                List.of(task("as-root", offer, "root"), task("as-fw", offer, null))));

    assertThat(r.isSuccess()).isTrue();
    TaskStatus refused =
        alice.updates().stream()
            .filter(s -> s.taskId().value().equals("as-root"))
            .findFirst()
            .orElseThrow();
    assertThat(refused.state()).isEqualTo(TaskState.TASK_ERROR);
    assertThat(refused.reason()).isEqualTo(TaskStatus.Reason.REASON_TASK_UNAUTHORIZED);
    assertThat(refused.message()).startsWith("principal 'alice' may not run_tasks as user 'root'");
    assertThat(agent.launched()).extracting(t -> t.taskId().value()).containsExactly("as-fw");
    h.allocate();
    assertThat(alice.lastOffer().resources())
        .filteredOn(res -> res.name().equals("cpus"))
        .singleElement()
        .satisfies(cpus -> assertThat(cpus.scalar().value()).isEqualTo(3.0));
  }

  @Test
  void aPrincipalAllowedRootRunsAsRoot() {
    MasterHarness.Ag agent = h.registerAgent("cpus:4;mem:1024");
    MasterHarness.Fw ops = subscribed(Caller.of("ops"), info(null).user("root").build());
    h.allocate();
    Offer offer = ops.lastOffer();

    launch(ops, Caller.of("ops"), offer, Call.Operation.launch(List.of(task("t", offer, null))));

    assertThat(agent.launched()).extracting(t -> t.taskId().value()).containsExactly("t");
  }

  @Test
  void oneRefusedTaskOfAGroupEndsTheWholeGroup() {
    MasterHarness.Ag agent = h.registerAgent("cpus:4;mem:1024");
    MasterHarness.Fw alice = subscribed(ALICE, info(null).build());
    h.allocate();
    Offer offer = alice.lastOffer();
    ExecutorInfo executor =
        new ExecutorInfo(
            ExecutorInfo.Type.DEFAULT,
            new ExecutorId("g"),
            null,
            null,
            null,
            List.of(Resource.scalar("cpus", 0.1), Resource.scalar("mem", 32)),
            null,
            null);

    launch(
        alice,
        ALICE,
        offer,
        Call.Operation.launchGroup(
            executor,
            new TaskGroupInfo(List.of(task("a", offer, null), task("b", offer, "root")))));

    assertThat(alice.updates()).hasSize(2);
    assertThat(alice.updates())
        .allSatisfy(
            s -> {
              assertThat(s.state()).isEqualTo(TaskState.TASK_ERROR);
              assertThat(s.reason()).isEqualTo(TaskStatus.Reason.REASON_TASK_GROUP_UNAUTHORIZED);
              assertThat(s.message()).contains("Task 'b'", "may not run_tasks as user 'root'");
            });
    assertThat(agent.channel.ofType(AgentEvent.Type.RUN_TASK_GROUP)).isEmpty();
  }
}
