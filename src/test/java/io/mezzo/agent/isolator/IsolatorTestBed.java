package io.mezzo.agent.isolator;

import io.mezzo.agent.TestTasks;
import io.mezzo.agent.containerizer.ContainerConfig;
import io.mezzo.agent.containerizer.process.ProcessContainerizer;
import io.mezzo.agent.state.Paths;
import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.CommandInfo;
import io.mezzo.api.v1.ContainerId;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.Value;
import io.mezzo.core.time.SystemTimers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** A process containerizer with the isolators under test, real processes in temp sandboxes. */
public final class IsolatorTestBed implements AutoCloseable {
  public static final Duration WAIT = Duration.ofSeconds(60);
  public final SystemTimers timers = new SystemTimers("isolator-test");
  public final ExecutorService blocking = Executors.newCachedThreadPool();
  private final Path work;
  public ProcessContainerizer containerizer;

  public IsolatorTestBed(Path work) {
    this.work = work;
  }

  public ProcessContainerizer start(List<Isolator> isolators) {
    containerizer = new ProcessContainerizer(timers, isolators);
    return containerizer;
  }

  public ContainerConfig config(String id, String command, Resource... resources) {
    return config(work, id, command, resources);
  }

  /** A shell task's container config with a sandbox under {@code work}. */
  public static ContainerConfig config(
      Path work, String id, String command, Resource... resources) {
    TaskInfo task =
        new TaskInfo(
            "task " + id,
            TaskId.of(id),
            null,
            List.of(resources),
            null,
            CommandInfo.shell(command),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    Paths.Run run =
        new Paths(work)
            .run(
                AgentId.of("agent-S0"),
                FrameworkId.of("fw"),
                ExecutorId.of(id),
                ContainerId.of(UUID.randomUUID().toString()));
    return new ContainerConfig(run, task, TestTasks.framework("fw"));
  }

  public static Resource ports(long begin, long end) {
    return new Resource(
        "ports",
        Value.Type.RANGES,
        null,
        new Value.Ranges(List.of(new Value.Range(begin, end))),
        null,
        null,
        null,
        null);
  }

  public static <T> T get(CompletionStage<T> s) throws Exception {
    return s.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  /** Destroys every container left, so no test leaves a process behind. */
  @Override
  public void close() throws Exception {
    if (containerizer != null) {
      for (ContainerId id : get(containerizer.containers())) {
        get(containerizer.destroy(id));
      }
      containerizer.close();
    }
    blocking.shutdownNow();
    timers.close();
  }
}
