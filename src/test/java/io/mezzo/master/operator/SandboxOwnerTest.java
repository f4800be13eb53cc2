package io.mezzo.master.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.CommandInfo;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.core.resources.Resources;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.master.registry.TaskEntry;
import io.mezzo.security.Caller;
import io.mezzo.security.acl.Acls;
import io.mezzo.security.acl.Authorizer;
import io.mezzo.security.acl.Decision;
import io.mezzo.security.acl.LocalAuthorizer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Whose sandbox a path is, as the master works it out before proxying, and the access decision it
 * makes on that user for the caller.
 */
class SandboxOwnerTest {
  private static final FrameworkId FW = FrameworkId.of("F1");
  private static final AgentId AGENT = new AgentId("S0");
  private static final Authorizer OPS_OR_ALICE =
      new LocalAuthorizer(
          Acls.parse(
              "test",
              """
              {"access_sandboxes": [
                {"principals": {"values": ["ops"]}, "users": {"type": "ANY"}},
                {"principals": {"values": ["alice"]}, "users": {"values": ["alice"]}},
                {"principals": {"type": "NONE"}, "users": {"type": "ANY"}}]}
              """));

  private static FrameworkEntry framework() {
    FrameworkInfo info = FrameworkInfo.builder().user("fw-user").name("fw").id(FW).build();
    FrameworkEntry fw = new FrameworkEntry(FW, info, FrameworkEntry.State.CONNECTED, Instant.EPOCH);
    add(fw, task("plain", null, null));
    add(fw, task("as-alice", command("alice"), null));
    ExecutorInfo custom =
        new ExecutorInfo(
            ExecutorInfo.Type.CUSTOM,
            ExecutorId.of("custom"),
            FW,
            command("carol"),
            null,
            List.of(),
            null,
            null,
            null,
            null,
            null,
            null);
    TaskEntry done =
        new TaskEntry(FW, AGENT, task("run-by-custom", null, custom), Resources.empty(), "*");
    fw.tasks().put(done.key(), done);
    fw.complete(done);
    return fw;
  }

  private static CommandInfo command(String user) {
    return new CommandInfo(null, null, true, "true", null, user);
  }

  private static TaskInfo task(String id, CommandInfo command, ExecutorInfo executor) {
    return new TaskInfo(
        id,
        TaskId.of(id),
        AGENT,
        List.of(),
        executor,
        executor == null && command == null ? command(null) : command,
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

  private static void add(FrameworkEntry fw, TaskInfo info) {
    TaskEntry t = new TaskEntry(FW, AGENT, info, Resources.empty(), "*");
    fw.tasks().put(t.key(), t);
  }

  private static String user(String path) {
    Map<FrameworkId, FrameworkEntry> known = Map.of(FW, framework());
    return SandboxOwner.user(known::get, path);
  }

  @Test
  void aSandboxBelongsToItsExecutorsCommandUserElseItsFrameworksUser() {
    assertThat(user("/frameworks/F1/executors/as-alice/runs/latest/stdout")).isEqualTo("alice");
    assertThat(user("/frameworks/F1/executors/plain/runs/latest")).isEqualTo("fw-user");
    assertThat(user("/w/slaves/S0/frameworks/F1/executors/custom/runs/c1/stdout"))
        .as("a custom executor's own command, found through a completed task")
        .isEqualTo("carol");
  }

  @Test
  void aPathNamingNoKnownFrameworkHasNoKnownUser() {
    assertThat(user("/frameworks/F9/executors/plain/runs/latest")).isNull();
    assertThat(user("/w/slaves/S0/somewhere")).isNull();
    assertThat(user("/etc/passwd")).isNull();
  }

  @Test
  void accessIsDecidedOnTheSandboxUserAndAnUnknownOneIsAskedForEveryUser() {
    SandboxOwner.Owner alices =
        new SandboxOwner.Owner(AGENT, "http://h:5051", AgentEntry.State.CONNECTED, "alice");
    assertThat(SandboxOwner.access(OPS_OR_ALICE, Caller.of("alice"), alices, "/p").allowed())
        .isTrue();
    Decision bob = SandboxOwner.access(OPS_OR_ALICE, Caller.of("bob"), alices, "/p");
    assertThat(bob.allowed()).isFalse();
    assertThat(bob.reason()).contains("'bob'", "access_sandboxes", "'alice'");

    SandboxOwner.Owner unknown =
        new SandboxOwner.Owner(AGENT, "http://h:5051", AgentEntry.State.CONNECTED);
    assertThat(SandboxOwner.access(OPS_OR_ALICE, Caller.of("ops"), unknown, "/p").allowed())
        .isTrue();
    Decision alice = SandboxOwner.access(OPS_OR_ALICE, Caller.of("alice"), unknown, "/x/y");
    assertThat(alice.allowed())
        .as("alice's entry names users, so it cannot answer for all")
        .isFalse();
    assertThat(alice.reason()).contains("'alice'", "'/x/y'");
    assertThat(SandboxOwner.access(OPS_OR_ALICE, Caller.NODE, unknown, "/p").allowed()).isTrue();
  }
}
