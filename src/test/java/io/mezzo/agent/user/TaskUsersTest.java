package io.mezzo.agent.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mezzo.api.v1.CommandInfo;
import io.mezzo.api.v1.FrameworkInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskUsersTest {
  private static final UserLookup USERS =
      new UserLookup(
          () ->
              List.of(
                  "root:x:0:0:root:/root:/bin/bash",
                  "# a comment line",
                  "alice:x:1000:1000:Alice:/home/alice:/bin/sh",
                  "broken:x:notanumber:1:b:/:/bin/sh",
                  "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin"),
          () ->
              List.of(
                  "root:x:0:",
                  "alice:x:1000:",
                  "docker:x:998:alice,bob",
                  "audio:x:29: bob , alice",
                  "weird:x:zz:alice"));

  private static FrameworkInfo framework(String user) {
    return FrameworkInfo.builder().user(user).name("f").build();
  }

  private static CommandInfo command(String user) {
    return new CommandInfo(null, null, true, "true", null, user);
  }

  private final TaskUsers asRoot = new TaskUsers(true, USERS, 0, "root");

  @Test
  void findsAUsersIdsHomeAndSupplementaryGroups() {
    assertThat(USERS.byName("alice"))
        .contains(new UserAccount("alice", 1000, 1000, List.of(998, 29), "/home/alice"));
    assertThat(USERS.byName("ghost")).isEmpty();
    assertThat(USERS.byName("broken")).isEmpty();
  }

  @Test
  void theCommandsUserWinsOverTheFrameworks() {
    assertThat(asRoot.resolve(framework("nobody"), command("alice")))
        .map(UserAccount::uid)
        .contains(1000);
  }

  @Test
  void theFrameworksUserIsUsedWhenTheCommandNamesNone() {
    assertThat(asRoot.resolve(framework("nobody"), command(null)))
        .map(UserAccount::uid)
        .contains(65534);
  }

  @Test
  void anEmptyUserOrTheAgentsOwnRunsWithoutSwitching() {
    assertThat(asRoot.resolve(framework(""), command(null))).isEmpty();
    assertThat(asRoot.resolve(framework("nobody"), command(""))).isEmpty();
    assertThat(asRoot.resolve(framework("root"), command(null))).isEmpty();
    assertThat(asRoot.resolve(null, null)).isEmpty();
  }

  @Test
  void switchingOffRunsEveryTaskAsTheAgent() {
    TaskUsers off = new TaskUsers(false, USERS, 0, "root");
    assertThat(off.resolve(framework("alice"), command("ghost"))).isEmpty();
  }

  @Test
  void anUnknownUserIsRefusedByName() {
    assertThatThrownBy(() -> asRoot.resolve(framework("ghost"), command(null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'ghost'")
        .hasMessageContaining("FrameworkInfo.user")
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> asRoot.resolve(framework("root"), command("ghost")))
        .hasMessageContaining("'ghost' (CommandInfo.user)");
  }

  @Test
  void aNonRootAgentCannotRunAsSomebodyElse() {
    TaskUsers asAlice = new TaskUsers(true, USERS, 1000, "alice");
    assertThat(asAlice.resolve(framework("alice"), command(null))).isEmpty();
    assertThatThrownBy(() -> asAlice.resolve(framework("nobody"), command(null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("runs as 'alice' (uid 1000)")
        .hasMessageContaining("'nobody'")
        .hasMessageContaining("mezzo.agent.switch-user=false");
  }
}
