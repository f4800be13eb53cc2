package io.mezzo.security.acl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mezzo.security.Caller;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ViewFilterTest {
  /** ops sees everything; ana sees what runs as her team's user "ana-svc"; nobody else sees any. */
  private static final Acls ACLS =
      Acls.parse(
          "view.json",
          """
          {"permissive": false,
           "view_frameworks": [
             {"principals": {"values": ["ops"]}, "users": {"type": "ANY"}},
             {"principals": {"values": ["ana"]}, "users": {"values": ["ana-svc"]}}],
           "view_tasks": [
             {"principals": {"values": ["ops"]}, "users": {"type": "ANY"}},
             {"principals": {"values": ["ana"]}, "users": {"values": ["ana-svc"]}}],
           "view_executors": [
             {"principals": {"values": ["ops"]}, "users": {"type": "ANY"}},
             {"principals": {"values": ["ana"]}, "users": {"values": ["ana-svc"]}}],
           "access_sandboxes": [
             {"principals": {"values": ["ana"]}, "users": {"values": ["ana-svc"]}}],
           "view_roles": [
             {"principals": {"type": "ANY"}, "roles": {"values": ["shared", "team/%"]}}]}
          """);

  record Framework(String name, String user) {}

  record Task(String name, String user, String frameworkUser) {}

  private static final List<Framework> FRAMEWORKS =
      List.of(new Framework("web", "ana-svc"), new Framework("batch", "bo-svc"));
  private static final List<Task> TASKS =
      List.of(
          new Task("web-1", null, "ana-svc"),
          new Task("web-2", "", "ana-svc"),
          new Task("web-root", "root", "ana-svc"),
          new Task("batch-1", "ana-svc", "bo-svc"),
          new Task("batch-2", null, "bo-svc"));

  @Test
  void aPrincipalSeesOnlyTheFrameworksAndTasksOfUsersItMayView() {
    ViewFilter ana = filter("ana");
    assertThat(ana.frameworks(FRAMEWORKS, Framework::user))
        .extracting(Framework::name)
        .containsExactly("web");
    // A task's own user decides; the framework's stands in only when the task names none.
    assertThat(ana.tasks(TASKS, Task::user, Task::frameworkUser))
        .extracting(Task::name)
        .containsExactly("web-1", "web-2", "batch-1");
    assertThat(ana.executors(TASKS, Task::user, Task::frameworkUser))
        .extracting(Task::name)
        .containsExactly("web-1", "web-2", "batch-1");
  }

  @Test
  void anOperatorWithAnySeesEverythingAndOthersNothing() {
    ViewFilter ops = filter("ops");
    assertThat(ops.frameworks(FRAMEWORKS, Framework::user)).hasSize(2);
    assertThat(ops.tasks(TASKS, Task::user, Task::frameworkUser)).hasSize(5);
    assertThat(filter("eve").frameworks(FRAMEWORKS, Framework::user)).isEmpty();
    assertThat(
            new ViewFilter(new LocalAuthorizer(ACLS), Caller.ANONYMOUS)
                .tasks(TASKS, Task::user, Task::frameworkUser))
        .isEmpty();
    assertThat(
            new ViewFilter(new LocalAuthorizer(ACLS), Caller.NODE)
                .tasks(TASKS, Task::user, Task::frameworkUser))
        .hasSize(5);
  }

  @Test
  void sandboxesFollowAccessSandboxesNotTheViews() {
    assertThat(filter("ana").sandbox(null, "ana-svc")).isTrue();
    assertThat(filter("ana").sandbox("root", "ana-svc")).isFalse();
    // ops may view every task but was given no access_sandboxes entry.
    assertThat(filter("ops").sandbox(null, "ana-svc")).isFalse();
  }

  @Test
  void rolesAreFilteredWithNestedRoles() {
    assertThat(filter("eve").roles(List.of("shared", "team/a", "team", "secret"), r -> r))
        .containsExactly("shared", "team/a");
  }

  @Test
  void eachUserIsAskedOncePerFilter() {
    List<String> asked = new ArrayList<>();
    Authorizer counting =
        (caller, action, object) -> {
          asked.add(action.aclName() + ":" + object);
          return Decision.allowed("test");
        };
    ViewFilter f = new ViewFilter(counting, Caller.of("ana"));
    f.tasks(TASKS, Task::user, Task::frameworkUser);
    f.tasks(TASKS, Task::user, Task::frameworkUser);
    assertThat(asked).containsExactly("view_tasks:ana-svc", "view_tasks:root", "view_tasks:bo-svc");
  }

  @Test
  void aFilterNeedsItsAuthorizerAndCaller() {
    assertThatThrownBy(() -> new ViewFilter(null, Caller.ANONYMOUS))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static ViewFilter filter(String principal) {
    return new ViewFilter(new LocalAuthorizer(ACLS), Caller.of(principal));
  }
}
