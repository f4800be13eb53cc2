package io.mezzo.agent.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.agent.Agent;
import io.mezzo.agent.AgentSnapshot;
import io.mezzo.agent.ContainerReport;
import io.mezzo.agent.containerizer.ContainerUsage;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.ContainerId;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskState;
import io.mezzo.api.v1.TaskStatus;
import io.mezzo.core.resources.Attributes;
import io.mezzo.core.resources.Resources;
import io.mezzo.security.Caller;
import io.mezzo.security.acl.Acls;
import io.mezzo.security.acl.Authorizer;
import io.mezzo.security.acl.LocalAuthorizer;
import io.mezzo.security.acl.ViewFilter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What one caller sees of an agent: frameworks by view_frameworks, executors by view_executors,
 * tasks by view_tasks, each on the right user, and what a hidden framework or executor holds hidden
 * with it; containers by view_containers on their executor's user.
 */
class VisibleStateTest {
  private static final FrameworkId WEB = FrameworkId.of("web");
  private static final FrameworkId PAY = FrameworkId.of("pay");
  private static final Path BOX = Path.of("/w/box");

  /** bob sees the "web" user's frameworks, executors and tasks, and nothing run as "secret". */
  private static final Authorizer BOB_SEES_WEB =
      new LocalAuthorizer(
          Acls.parse(
              "test",
              """
              {"view_frameworks": [
                 {"principals": {"values": ["bob"]}, "users": {"values": ["web"]}},
                 {"principals": {"type": "NONE"}, "users": {"type": "ANY"}}],
               "view_executors": [
                 {"principals": {"values": ["bob"]}, "users": {"values": ["web"]}},
                 {"principals": {"type": "NONE"}, "users": {"type": "ANY"}}],
               "view_tasks": [
                 {"principals": {"values": ["bob"]}, "users": {"values": ["web"]}},
                 {"principals": {"type": "NONE"}, "users": {"type": "ANY"}}],
               "view_containers": [
                 {"principals": {"values": ["bob"]}, "users": {"values": ["web"]}},
                 {"principals": {"type": "NONE"}, "users": {"type": "ANY"}}]}
              """));

  private static AgentSnapshot.TaskView task(FrameworkId fw, String id, String user) {
    return new AgentSnapshot.TaskView(
        fw,
        TaskId.of(id),
        id,
        TaskState.TASK_RUNNING,
        ExecutorId.of(id),
        ContainerId.of("c-" + id),
        BOX,
        List.of(),
        null,
        user);
  }

  private static AgentSnapshot.ExecutorView executor(AgentSnapshot.TaskView t) {
    return new AgentSnapshot.ExecutorView(
        t.executorId(), t.containerId(), "mesos", BOX, List.of(t));
  }

  /**
   * A "web" framework with a task of its own user and one run as "secret"; a "pay" framework; a
   * completed task of each; "pay" also completed.
   */
  private static AgentSnapshot snapshot() {
    FrameworkInfo web = FrameworkInfo.builder().user("web").name("web").id(WEB).build();
    FrameworkInfo pay = FrameworkInfo.builder().user("pay").name("pay").id(PAY).build();
    return new AgentSnapshot(
        Agent.State.REGISTERED,
        AgentId.of("S0"),
        "m1",
        "host",
        "http://127.0.0.1:5051",
        Resources.parse("cpus:2;mem:1024"),
        Resources.parse("cpus:1;mem:64"),
        Attributes.parse("rack:a"),
        List.of(
            new AgentSnapshot.FrameworkView(
                web, List.of(executor(task(WEB, "w1", null)), executor(task(WEB, "w2", "secret")))),
            new AgentSnapshot.FrameworkView(pay, List.of(executor(task(PAY, "p1", null))))),
        List.of(task(WEB, "w0", null), task(PAY, "p0", null)),
        List.of(pay),
        io.mezzo.agent.gc.GcCounts.NONE);
  }

  private static List<String> taskIds(AgentSnapshot s) {
    List<String> out = new java.util.ArrayList<>();
    s.tasks().forEach(t -> out.add(t.taskId().value()));
    s.completedTasks().forEach(t -> out.add(t.taskId().value()));
    return out;
  }

  @Test
  void aCallerSeesOnlyWhatItsViewActionsAllowAndTotalsStay() {
    AgentSnapshot seen =
        VisibleState.of(snapshot(), new ViewFilter(BOB_SEES_WEB, Caller.of("bob")));
    assertThat(seen.frameworks()).extracting(f -> f.info().id()).containsExactly(WEB);
    assertThat(seen.frameworks().get(0).executors())
        .as("the executor run as 'secret' is hidden with its task")
        .extracting(e -> e.executorId().value())
        .containsExactly("w1");
    assertThat(taskIds(seen)).containsExactly("w1", "w0");
    assertThat(seen.completedFrameworks()).isEmpty();
    assertThat(seen.resources()).isEqualTo(snapshot().resources());
    assertThat(seen.used()).isEqualTo(snapshot().used());
  }

  @Test
  void theNodeAndAPermissiveAuthorizerSeeEverything() {
    for (ViewFilter view :
        List.of(
            new ViewFilter(BOB_SEES_WEB, Caller.NODE),
            new ViewFilter(Authorizer.permissive(), Caller.ANONYMOUS))) {
      AgentSnapshot seen = VisibleState.of(snapshot(), view);
      assertThat(taskIds(seen)).containsExactly("w1", "w2", "p1", "w0", "p0");
      assertThat(seen.completedFrameworks()).hasSize(1);
    }
  }

  @Test
  void anonymousSeesNothingWhenEveryEntryNamesPrincipals() {
    AgentSnapshot seen =
        VisibleState.of(snapshot(), new ViewFilter(BOB_SEES_WEB, Caller.ANONYMOUS));
    assertThat(seen.frameworks()).isEmpty();
    assertThat(seen.completedTasks()).isEmpty();
  }

  @Test
  void containersAreFilteredByTheirExecutorsUser() {
    List<ContainerReport> reports =
        List.of(report(WEB, "w1"), report(WEB, "w2"), report(PAY, "p1"), report(WEB, "unknown"));
    List<ContainerReport> seen =
        VisibleState.containers(reports, snapshot(), BOB_SEES_WEB, Caller.of("bob"));
    assertThat(seen).extracting(r -> r.executorId().value()).containsExactly("w1");
    assertThat(VisibleState.containers(reports, snapshot(), BOB_SEES_WEB, Caller.NODE)).hasSize(4);
  }

  private static ContainerReport report(FrameworkId fw, String executor) {
    ContainerId id = ContainerId.of("c-" + executor);
    return new ContainerReport(
        fw,
        ExecutorId.of(executor),
        executor,
        id,
        new TaskStatus.ContainerStatus(id, null, 42),
        ContainerUsage.at(1.0));
  }
}
