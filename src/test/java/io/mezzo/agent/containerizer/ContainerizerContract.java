package io.mezzo.agent.containerizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mezzo.api.v1.ContainerId;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Containerizer} promises (house rule 6), run for real against each: the process
 * one with real processes, the Docker one against a real engine. A subclass supplies the
 * containerizer under test, a way to rebuild it over the same state (an agent restart), and a
 * config that runs a shell command in the sandbox with 0.1 cpus and 32 MB.
 *
 * <p>Commands wait for a file the test makes in the sandbox ({@code go}) instead of for time, so no
 * test depends on the machine's speed.
 */
public abstract class ContainerizerContract {
  protected static final Duration WAIT = Duration.ofSeconds(60);

  /** A shell line that runs until the test creates {@code go} in the sandbox, then exits 0. */
  protected static final String UNTIL_GO = "while [ ! -e go ]; do sleep 0.1; done";

  /** The containerizer under test, the same one for the whole test unless {@link #rebuild}. */
  protected abstract Containerizer containerizer();

  /**
   * Closes the containerizer under test and builds a new one over the same work dir and engine, as
   * a restarted agent does; {@link #containerizer()} answers the new one from then on.
   */
  protected abstract Containerizer rebuild();

  /** A config this containerizer runs: {@code /bin/sh -c shell} in a fresh sandbox. */
  protected abstract ContainerConfig shell(String taskId, String shell);

  protected static <T> T get(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  private ContainerConfig launched(String taskId, String shell) throws Exception {
    ContainerConfig c = shell(taskId, shell);
    assertThat(get(containerizer().launch(c))).isEqualTo(Containerizer.LaunchResult.SUCCESS);
    return c;
  }

  /**
   * Launches a command that installs {@code trap} and then waits for {@code go}, and returns only
   * once the trap is in place: a signal that came before it would meet the default disposition
   * (death, or nothing at all for pid 1 of a Docker container), which under load is a real race.
   */
  private ContainerConfig trapping(String taskId, String trap) throws Exception {
    ContainerConfig c = launched(taskId, trap + "; touch trapped; " + UNTIL_GO);
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> Files.exists(c.sandbox().resolve("trapped")));
    return c;
  }

  private static void go(ContainerConfig c) throws Exception {
    Files.writeString(c.sandbox().resolve("go"), "go\n");
  }

  @Test
  void aLaunchedContainerRunsUntilItsCommandExitsAndReportsTheExitCode() throws Exception {
    ContainerConfig c = launched("exits-3", UNTIL_GO + "; exit 3");
    CompletableFuture<Optional<Termination>> end =
        containerizer().wait(c.containerId()).toCompletableFuture();

    assertThat(get(containerizer().containers())).containsExactly(c.containerId());
    assertThat(get(containerizer().status(c.containerId())).executorPid()).isPositive();
    assertThat(end).isNotDone();
    go(c);

    Termination t = get(end).orElseThrow();
    assertThat(t.exitStatus()).isEqualTo(3);
    assertThat(t.destroyed()).isFalse();
    assertThat(t.limitation()).isNull();
    assertThat(t.message()).endsWith("exited with status 3");
    assertThat(get(containerizer().containers())).isEmpty();
    assertThat(get(containerizer().wait(c.containerId()))).as("a late wait").contains(t);
  }

  @Test
  void destroyWithAGracePeriodEndsACooperativeCommandWithSigterm() throws Exception {
    // An explicit trap, because a shell that is pid 1 of a Docker container ignores SIGTERM.
    ContainerConfig c = trapping("cooperative", "trap 'exit 143' TERM");

    Termination t =
        get(containerizer().destroy(c.containerId(), Duration.ofSeconds(60))).orElseThrow();

    assertThat(t.destroyed()).isTrue();
    assertThat(t.exitStatus()).as("the trap's status, not SIGKILL's").isEqualTo(143);
  }

  @Test
  void destroySendsSigkillWhenSigtermIsIgnoredForTheGracePeriod() throws Exception {
    ContainerConfig c = trapping("stubborn", "trap '' TERM");
    Duration grace = Duration.ofMillis(1500);

    long start = System.nanoTime();
    Termination t = get(containerizer().destroy(c.containerId(), grace)).orElseThrow();

    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .as("SIGTERM was ignored, so only SIGKILL after the grace period ended it")
        .isGreaterThanOrEqualTo(grace);
    assertThat(t.destroyed()).isTrue();
    assertThat(t.exitStatus()).isEqualTo(137);
    assertThat(get(containerizer().containers())).isEmpty();
  }

  @Test
  void aSecondDestroyHastensTheKillAndBothSeeTheSameEnd() throws Exception {
    ContainerConfig c = trapping("twice", "trap '' TERM");

    CompletionStage<Optional<Termination>> patient =
        containerizer().destroy(c.containerId(), Duration.ofMinutes(5));
    Termination hasty = get(containerizer().destroy(c.containerId(), Duration.ZERO)).orElseThrow();

    assertThat(get(patient)).as("the 5-minute grace did not have to run out").contains(hasty);
    assertThat(hasty.destroyed()).isTrue();
    assertThat(get(containerizer().destroy(c.containerId())))
        .as("a destroy after the end answers it again")
        .contains(hasty);
  }

  @Test
  void waitAndDestroyOfAnUnknownIdAnswerEmpty() throws Exception {
    ContainerId unknown = ContainerId.of("never-launched");

    assertThat(get(containerizer().wait(unknown))).isEmpty();
    assertThat(get(containerizer().destroy(unknown, Duration.ofSeconds(1)))).isEmpty();
    assertThat(get(containerizer().containers())).isEmpty();
    assertThat(get(containerizer().usage(unknown)).memLimitBytes()).isNull();
  }

  @Test
  void aSecondLaunchOfTheSameIdIsRefusedWhileRunningAndAfterTheEnd() throws Exception {
    ContainerConfig c = launched("duplicate", UNTIL_GO);

    assertThat(get(containerizer().launch(c)))
        .isEqualTo(Containerizer.LaunchResult.ALREADY_LAUNCHED);
    go(c);
    assertThat(get(containerizer().wait(c.containerId())).orElseThrow().exitStatus()).isZero();
    assertThat(get(containerizer().launch(c)))
        .isEqualTo(Containerizer.LaunchResult.ALREADY_LAUNCHED);
    assertThat(get(containerizer().containers())).isEmpty();
  }

  @Test
  void usageOfALiveContainerReportsItsLimits() throws Exception {
    ContainerConfig c = launched("measured", UNTIL_GO);

    ContainerUsage u = get(containerizer().usage(c.containerId()));

    assertThat(u.timestamp()).isPositive();
    assertThat(u.cpusLimit()).isEqualTo(0.1);
    assertThat(u.memLimitBytes()).isEqualTo(32L << 20);
    if (u.processes() != null) {
      assertThat(u.processes()).isPositive();
    }
    go(c);
    // Ends inside the test, so nothing still writes to the sandbox when its temp dir is removed.
    assertThat(get(containerizer().wait(c.containerId())).orElseThrow().exitStatus()).isZero();
  }

  @Test
  void aRebuiltContainerizerReattachesToARunningContainerAndReportsItsEnd() throws Exception {
    ContainerConfig c = launched("survivor", UNTIL_GO + "; exit 5");

    Containerizer restarted = rebuild();
    assertThat(get(restarted.recover(List.of(c)))).containsExactly(c.containerId());

    assertThat(get(restarted.containers())).containsExactly(c.containerId());
    assertThat(get(restarted.status(c.containerId())).executorPid()).isPositive();
    CompletableFuture<Optional<Termination>> end =
        restarted.wait(c.containerId()).toCompletableFuture();
    assertThat(end).as("the task kept running through the rebuild").isNotDone();
    go(c);
    Termination t = get(end).orElseThrow();
    assertThat(t.exitStatus()).isEqualTo(5);
    assertThat(t.destroyed()).isFalse();
    await().atMost(WAIT).until(() -> get(restarted.containers()).isEmpty());
  }
}
