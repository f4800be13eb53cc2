package io.mezzo.cluster;

import static io.mezzo.testing.ProtoOracle.Schema.SCHEDULER_EVENT;
import static org.awaitility.Awaitility.await;

import io.mezzo.api.v1.CommandInfo;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.Filters;
import io.mezzo.api.v1.MesosJson;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.api.v1.scheduler.Event;
import io.mezzo.master.CallResult;
import io.mezzo.testing.ProtoOracle;
import io.mezzo.testing.executor.ExecutorCommands;
import io.mezzo.testing.executor.TestExecutor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builders and waits shared by the executor and task group cluster tests: executors, tasks for
 * them, and checks on what a {@link TestScheduler} saw.
 */
final class ExecutorTasks {
  static final Duration WAIT = Duration.ofSeconds(90);
  private static final double AGENT_CPUS = 2;

  private ExecutorTasks() {}

  static CallResult accept(TestScheduler f, Offer offer, Call.Operation op) {
    return f.callAndWait(
        Call.accept(f.id, new Call.Accept(List.of(offer.id()), List.of(op), new Filters(0.0))));
  }

  /**
   * Waits until one offer holds the whole agent (nothing of the tasks or executor is still booked),
   * declining partial offers so the allocator folds everything free into the next one.
   */
  static void awaitWholeAgentOffered(TestScheduler f) {
    Set<String> seen = new HashSet<>();
    await()
        .atMost(WAIT)
        .until(
            () -> {
              for (Offer o : f.offers()) {
                if (!seen.add(o.id().value())) {
                  continue;
                }
                if (cpus(o) >= AGENT_CPUS - 1e-9) {
                  return true;
                }
                f.decline(o, 0);
              }
              return false;
            });
  }

  static double cpus(Offer o) {
    return o.resources().stream()
        .filter(r -> r.name().equals("cpus"))
        .mapToDouble(r -> r.scalar().value())
        .sum();
  }

  static void assertEventsAreOfficial(TestScheduler f) {
    for (Event.Type type : Event.Type.values()) {
      for (Event e : f.events(type)) {
        ProtoOracle.check(SCHEDULER_EVENT, MesosJson.writeString(e));
      }
    }
  }

  static ExecutorInfo custom(String id, String command) {
    return new ExecutorInfo(
        ExecutorInfo.Type.CUSTOM,
        ExecutorId.of(id),
        null,
        CommandInfo.shell(command),
        null,
        List.of(Resource.scalar("cpus", 0.1), Resource.scalar("mem", 64)),
        "test executor " + id,
        null);
  }

  static ExecutorInfo defaultExecutor(String id) {
    return new ExecutorInfo(
        ExecutorInfo.Type.DEFAULT,
        ExecutorId.of(id),
        null,
        null,
        null,
        List.of(Resource.scalar("cpus", 0.1), Resource.scalar("mem", 32)),
        "group " + id,
        null);
  }

  static String javaExecutorCommand() {
    return ExecutorCommands.java(TestExecutor.class);
  }

  /** A task for the test executor: its {@code data} is the shell command the executor runs. */
  static TaskInfo executorTask(String id, Offer offer, ExecutorInfo executor, String shell) {
    return new TaskInfo(
        id,
        TaskId.of(id),
        offer.agentId(),
        List.of(Resource.scalar("cpus", 0.2), Resource.scalar("mem", 32)),
        executor,
        null,
        null,
        null,
        null,
        null,
        b64(shell),
        null,
        null,
        null,
        null);
  }

  static TaskInfo commandTask(String id, Offer offer, String shell) {
    return new TaskInfo(
        id,
        TaskId.of(id),
        offer.agentId(),
        List.of(Resource.scalar("cpus", 0.2), Resource.scalar("mem", 32)),
        null,
        CommandInfo.shell(shell),
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

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
