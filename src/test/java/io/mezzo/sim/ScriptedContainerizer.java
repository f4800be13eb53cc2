package io.mezzo.sim;

import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.agent.containerizer.Containerizer;
import io.mezzo.agent.containerizer.Termination;
import io.mezzo.api.v1.ContainerId;
import io.mezzo.api.v1.ResourceMapping;
import io.mezzo.api.v1.TaskId;
import io.mezzo.core.resources.Resources;
import io.mezzo.core.time.Timers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A containerizer whose containers run no process: each "runs" for the sim-time its task's command
 * names and then exits with the code it names, e.g. {@code run_for=1500 exit_code=0} (Nomad's mock
 * driver). It belongs to a simulated host, not to an agent: containers outlive an agent crash, and
 * the agent that restarts on the host recovers them — as real processes do.
 *
 * <p>It is also the ground truth of the simulation: {@link #running} says which tasks really run.
 * Single-threaded: used only on the simulation's pumping thread; futures complete there, on launch
 * at once and on exit from a timer.
 */
final class ScriptedContainerizer implements Containerizer {
  private final Timers timers;
  private final Map<ContainerId, Container> containers = new LinkedHashMap<>();

  ScriptedContainerizer(Timers timers) {
    this.timers = timers;
  }

  /** One scripted container and how it ended. */
  static final class Container {
    final ContainerId id;
    final TaskId task;
    final Resources resources;
    final CompletableFuture<Optional<Termination>> ended = new CompletableFuture<>();
    Timers.Cancellable exit;

    Container(ContainerId id, TaskId task, Resources resources) {
      this.id = id;
      this.task = task;
      this.resources = resources;
    }

    boolean running() {
      return !ended.isDone();
    }

    void end(Termination t) {
      if (exit != null) {
        exit.cancel();
      }
      ended.complete(Optional.of(t));
    }
  }

  @Override
  public String name() {
    return "mesos";
  }

  @Override
  public CompletionStage<Set<ContainerId>> recover(List<ContainerConfig> checkpointed) {
    Set<ContainerId> known = new LinkedHashSet<>();
    for (ContainerConfig c : checkpointed) {
      if (!containers.containsKey(c.containerId())) {
        // Checkpointed but never started here (the agent died mid-launch): it ended unseen.
        Container gone = new Container(c.containerId(), c.task().taskId(), Resources.empty());
        gone.end(new Termination(null, false, null, "Container was never started"));
        containers.put(gone.id, gone);
      }
      known.add(c.containerId());
    }
    return CompletableFuture.completedFuture(known);
  }

  @Override
  public CompletionStage<LaunchResult> launch(ContainerConfig config) {
    if (containers.containsKey(config.containerId())) {
      return CompletableFuture.completedFuture(LaunchResult.ALREADY_LAUNCHED);
    }
    String script = config.task().command() == null ? "" : config.task().command().value();
    long runFor = field(script, "run_for", 1000);
    int exitCode = (int) field(script, "exit_code", 0);
    Container c =
        new Container(
            config.containerId(),
            config.task().taskId(),
            ResourceMapping.toCore(config.resources()));
    c.exit =
        timers.schedule(
            Duration.ofMillis(runFor),
            () ->
                c.end(
                    new Termination(
                        exitCode, false, null, "Command exited with status " + exitCode)));
    containers.put(c.id, c);
    return CompletableFuture.completedFuture(LaunchResult.SUCCESS);
  }

  private static long field(String script, String name, long otherwise) {
    for (String part : script.split(" ")) {
      if (part.startsWith(name + "=")) {
        return Long.parseLong(part.substring(name.length() + 1));
      }
    }
    return otherwise;
  }

  @Override
  public CompletionStage<Optional<Termination>> wait(ContainerId id) {
    Container c = containers.get(id);
    return c == null ? CompletableFuture.completedFuture(Optional.empty()) : c.ended.copy();
  }

  @Override
  public CompletionStage<Optional<Termination>> destroy(ContainerId id, Duration gracePeriod) {
    Container c = containers.get(id);
    if (c == null) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    if (c.running()) {
      // The task honours SIGTERM halfway through its grace period.
      Duration after = gracePeriod.dividedBy(2);
      Runnable kill =
          () -> c.end(new Termination(null, true, null, "Container destroyed (SIGTERM)"));
      if (after.isZero()) {
        kill.run();
      } else {
        timers.schedule(after, kill);
      }
    }
    return c.ended.copy();
  }

  @Override
  public CompletionStage<Set<ContainerId>> containers() {
    Set<ContainerId> live = new LinkedHashSet<>();
    containers.values().stream().filter(Container::running).forEach(c -> live.add(c.id));
    return CompletableFuture.completedFuture(live);
  }

  /** The containers still running: the truth the invariants compare the cluster's view with. */
  List<Container> running() {
    List<Container> out = new ArrayList<>();
    containers.values().stream().filter(Container::running).forEach(out::add);
    return out;
  }

  /** Every container this host ever ran, by task id (a task id may have run once per host). */
  Optional<Container> lastOf(TaskId task) {
    Container found = null;
    for (Container c : containers.values()) {
      if (c.task.equals(task)) {
        found = c;
      }
    }
    return Optional.ofNullable(found);
  }
}
