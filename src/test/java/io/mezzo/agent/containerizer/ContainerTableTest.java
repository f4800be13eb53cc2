package io.mezzo.agent.containerizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mezzo.agent.TestTasks;
import io.mezzo.agent.state.Paths;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.ContainerId;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.FrameworkId;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The lifecycle rules every containerizer gets from its table, without any process or engine. */
class ContainerTableTest {
  private final ContainerTable<Plain> table = new ContainerTable<>();
  private int next;

  /** The smallest record: nothing beyond the lifecycle. */
  private static final class Plain extends ContainerRecord {
    Plain(ContainerConfig config) {
      super(config);
    }
  }

  private Plain fresh() {
    String id = "c" + next++;
    Paths.Run run =
        new Paths(Path.of("/nonexistent"))
            .run(AgentId.of("a"), FrameworkId.of("fw"), ExecutorId.of(id), ContainerId.of(id));
    return new Plain(new ContainerConfig(run, TestTasks.shellTask(id, "true"), null));
  }

  private static Termination exited(int status) {
    return new Termination(status, false, null, "Command exited with status " + status);
  }

  @Test
  void aLaunchedContainerRunsThenTerminatesAndEveryWaiterLearnsHow() {
    Plain c = table.launching(fresh());
    CompletableFuture<Optional<Termination>> early = table.await(c.id()).toCompletableFuture();
    c.running();

    assertThat(table.terminate(c, exited(3))).isTrue();

    assertThat(early).isCompletedWithValue(Optional.of(exited(3)));
    assertThat(table.await(c.id()).toCompletableFuture())
        .isCompletedWithValue(Optional.of(exited(3)));
    assertThat(table.ids()).isEmpty();
    assertThat(table.knows(c.id())).as("remembered for a late wait").isTrue();
  }

  @Test
  void aSecondReportOfTheSameEndChangesNothing() {
    Plain c = table.launching(fresh());
    table.terminate(c, exited(1));

    assertThat(table.terminate(c, exited(2))).isFalse();
    assertThat(table.await(c.id()).toCompletableFuture())
        .isCompletedWithValue(Optional.of(exited(1)));
  }

  @Test
  void aKnownIdCannotBeLaunchedAgainLiveOrEnded() {
    Plain c = table.launching(fresh());
    Plain twin = new Plain(c.config());

    assertThatThrownBy(() -> table.launching(twin))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cannot go from LAUNCHING to LAUNCHING: container c0 is already known");
    table.terminate(c, exited(0));
    assertThatThrownBy(() -> table.launching(new Plain(c.config())))
        .hasMessage("cannot go from TERMINATED to LAUNCHING: container c0 is already known");
  }

  @Test
  void transitionsOutOfOrderNameBothStates() {
    Plain c = table.launching(fresh());
    assertThatThrownBy(c::destroying)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cannot go from LAUNCHING to DESTROYING: container c0 must be RUNNING");
    c.running();
    assertThatThrownBy(c::running)
        .hasMessage("cannot go from RUNNING to RUNNING: container c0 must be LAUNCHING");
    c.destroying();
    assertThat(c.state()).isEqualTo(ContainerRecord.State.DESTROYING);
  }

  @Test
  void aRecoveredContainerEntersRunning() {
    Plain c = table.recovered(fresh());

    assertThat(c.state()).isEqualTo(ContainerRecord.State.RUNNING);
    assertThat(table.ids()).containsExactly(c.id());
    assertThat(table.live(c.id())).containsSame(c);
  }

  @Test
  void unknownIdsAnswerEmptyAtOnce() {
    ContainerId unknown = ContainerId.of("nope");

    assertThat(table.await(unknown).toCompletableFuture()).isCompletedWithValue(Optional.empty());
    assertThat(table.live(unknown)).isEmpty();
    assertThat(table.knows(unknown)).isFalse();
  }

  @Test
  void aRecordOfAnotherTableCannotBeTerminatedHere() {
    Plain stranger = fresh();
    assertThatThrownBy(() -> table.terminate(stranger, exited(0)))
        .hasMessage("cannot go from LAUNCHING to TERMINATED: container c0 is not here");
  }

  @Test
  void onlyTheNewestEndsAreRemembered() {
    Plain first = table.launching(fresh());
    table.terminate(first, exited(0));
    for (int i = 0; i < ContainerTable.TERMINATED_KEPT; i++) {
      table.terminate(table.launching(fresh()), exited(0));
    }

    assertThat(table.knows(first.id())).isFalse();
    assertThat(table.await(first.id()).toCompletableFuture())
        .isCompletedWithValue(Optional.empty());
  }
}
