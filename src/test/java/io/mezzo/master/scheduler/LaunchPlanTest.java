package io.mezzo.master.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.AgentInfo;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.core.resources.Resources;
import io.mezzo.master.registry.AgentEntry;
import io.mezzo.master.registry.FrameworkEntry;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The task ids an ACCEPT validates against are handed out as one read-only view, not copied per
 * task: the copy made an ACCEPT cost O(tasks × the framework's live tasks) (scale issue,
 * docs/benchmarks.md "Load generator").
 */
class LaunchPlanTest {
  private static final FrameworkId FW = FrameworkId.of("m-0001");
  private static final AgentId AGENT = AgentId.of("m-S0");

  private static LaunchPlan plan() {
    FrameworkInfo info = FrameworkInfo.builder().user("u").name("fw").id(FW).build();
    FrameworkEntry fw = new FrameworkEntry(FW, info, FrameworkEntry.State.CONNECTED, Instant.EPOCH);
    AgentEntry agent =
        new AgentEntry(
            AGENT,
            new AgentInfo("h", 5051, List.of(), List.of(), AGENT),
            Resources.parse("cpus:4;mem:1024"),
            "http://h:5051",
            Instant.EPOCH);
    return new LaunchPlan(fw, agent, "*", Resources.parse("cpus:4;mem:1024"), null, null);
  }

  @Test
  void taskIdsFollowTheLaunchesOfTheCallWithoutACopyPerTask() {
    LaunchPlan plan = plan();
    Set<String> ids = plan.taskIds();
    assertThat(ids).isEmpty();

    plan.launched(Resources.parse("cpus:1;mem:128"), List.of("t1", "t2"));

    assertThat(ids).containsExactlyInAnyOrder("t1", "t2");
    assertThat(plan.taskIds()).isSameAs(ids);
    assertThat(plan.available()).isEqualTo(Resources.parse("cpus:3;mem:896"));
  }

  @Test
  void theViewCannotChangeThePlan() {
    LaunchPlan plan = plan();
    assertThatThrownBy(() -> plan.taskIds().add("forged"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(plan.taskIds()).isEmpty();
  }
}
