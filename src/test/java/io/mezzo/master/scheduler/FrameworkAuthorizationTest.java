package io.mezzo.master.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.v1.CommandInfo;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.security.Caller;
import io.mezzo.security.acl.Acls;
import io.mezzo.security.acl.Authorizer;
import io.mezzo.security.acl.Decision;
import io.mezzo.security.acl.LocalAuthorizer;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameworkAuthorizationTest {
  private static final Authorizer AUTHZ =
      new LocalAuthorizer(
          Acls.parse(
              "test",
              """
              {"register_frameworks": [
                 {"principals": {"values": ["alice"]}, "roles": {"values": ["*", "web"]}},
                 {"principals": {"type": "ANY"}, "roles": {"type": "NONE"}}],
               "run_tasks": [
                 {"principals": {"type": "NONE"}, "users": {"values": ["root"]}}]}
              """));

  private static final FrameworkInfo FW =
      FrameworkInfo.builder().user("fwuser").name("n").principal("alice").build();

  static CommandInfo as(String user) {
    return new CommandInfo(null, null, true, "true", null, user);
  }

  static ExecutorInfo executor(String user) {
    return new ExecutorInfo(
        ExecutorInfo.Type.CUSTOM, new ExecutorId("e"), null, as(user), null, null, null, null);
  }

  static TaskInfo task(ExecutorInfo executor, CommandInfo command) {
    return new TaskInfo(
        "t",
        new TaskId("t"),
        null,
        List.of(),
        executor,
        command,
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

  @Test
  void aTaskRunsAsItsCommandsUserElseItsExecutorsElseTheFrameworks() {
    assertThat(FrameworkAuthorization.runAs(FW, task(executor("e"), as("t")))).isEqualTo("t");
    assertThat(FrameworkAuthorization.runAs(FW, task(executor("e"), null))).isEqualTo("e");
    assertThat(FrameworkAuthorization.runAs(FW, task(executor(null), null))).isEqualTo("fwuser");
    assertThat(FrameworkAuthorization.runAs(FW, task(null, as(null)))).isEqualTo("fwuser");
    FrameworkInfo noUser = FrameworkInfo.builder().user("").name("n").build();
    assertThat(FrameworkAuthorization.runAs(noUser, task(null, as(null)))).isNull();
  }

  @Test
  void runTasksIsDecidedForThatUser() {
    Decision root =
        FrameworkAuthorization.runTask(AUTHZ, Caller.of("alice"), FW, task(null, as("root")));

    assertThat(root.allowed()).isFalse();
    assertThat(root.reason()).startsWith("principal 'alice' may not run_tasks as user 'root'");
    assertThat(
            FrameworkAuthorization.runTask(AUTHZ, Caller.of("alice"), FW, task(null, null))
                .allowed())
        .isTrue();
    // The node's own frameworks are decided under the principal they name (as built-in Marathon
    // is under 'marathon'); one naming none is the node itself.
    assertThat(
            FrameworkAuthorization.runTask(AUTHZ, Caller.NODE, FW, task(null, as("root")))
                .allowed())
        .isFalse();
    FrameworkInfo unnamed = FrameworkInfo.builder().user("fwuser").name("n").build();
    assertThat(
            FrameworkAuthorization.runTask(AUTHZ, Caller.NODE, unnamed, task(null, as("root")))
                .allowed())
        .isTrue();
  }

  @Test
  void registrationNeedsEveryRoleAndTheDefaultRoleWhenNoneIsNamed() {
    assertThat(FrameworkAuthorization.registration(AUTHZ, Caller.of("alice"), FW).allowed())
        .isTrue();
    FrameworkInfo multi =
        FrameworkInfo.builder()
            .user("u")
            .name("n")
            .roles(List.of("web", "prod"))
            .capabilities(
                List.of(new FrameworkInfo.Capability(FrameworkInfo.Capability.Type.MULTI_ROLE)))
            .build();
    Decision refused = FrameworkAuthorization.registration(AUTHZ, Caller.of("alice"), multi);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.reason())
        .startsWith("principal 'alice' may not register_frameworks with role 'prod'");
    assertThat(FrameworkAuthorization.registration(AUTHZ, Caller.of("bob"), FW).reason())
        .startsWith("principal 'bob' may not register_frameworks with role '*'");
  }
}
