package io.mezzo.agent;

import io.mezzo.api.v1.CommandInfo;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.KillPolicy;
import io.mezzo.api.v1.Resource;
import io.mezzo.api.v1.TaskId;
import io.mezzo.api.v1.TaskInfo;
import java.util.List;
import java.util.Map;

/** Builders for the tasks and frameworks agent tests run. */
public final class TestTasks {
  private TestTasks() {}

  public static FrameworkInfo framework(String id, FrameworkInfo.Capability.Type... capabilities) {
    return FrameworkInfo.builder()
        .user("root")
        .name("test-framework")
        .id(FrameworkId.of(id))
        .checkpoint(true)
        .capabilities(
            java.util.Arrays.stream(capabilities).map(FrameworkInfo.Capability::new).toList())
        .build();
  }

  public static TaskInfo shellTask(String id, String command) {
    return task(id, CommandInfo.shell(command), null);
  }

  public static TaskInfo task(String id, CommandInfo command, KillPolicy killPolicy) {
    return new TaskInfo(
        "task " + id,
        TaskId.of(id),
        null,
        List.of(Resource.scalar("cpus", 0.1), Resource.scalar("mem", 32)),
        null,
        command,
        null,
        null,
        null,
        killPolicy,
        null,
        null,
        null,
        null,
        null);
  }

  /**
   * A persistent volume as the master sends it (refined format): {@code size} MB of disk
   * dynamically reserved for {@code role}, with {@code persistence.id} and {@code
   * volume.container_path}.
   */
  public static Resource volume(
      String role, String id, String containerPath, boolean readOnly, double size) {
    return Resource.scalar("disk", size)
        .withReservations(
            null,
            List.of(
                new Resource.ReservationInfo(
                    Resource.ReservationInfo.Type.DYNAMIC, role, "principal", null)),
            null)
        .withDisk(
            io.mezzo.api.v1.DiskJson.of(
                new io.mezzo.core.resources.PersistentVolume(
                    id, "principal", containerPath, readOnly)));
  }

  /** A shell task with extra resources besides its cpus and mem. */
  public static TaskInfo shellTask(String id, String command, Resource... extra) {
    TaskInfo t = shellTask(id, command);
    List<Resource> all = new java.util.ArrayList<>(t.resources());
    all.addAll(List.of(extra));
    return new TaskInfo(
        t.name(),
        t.taskId(),
        t.agentId(),
        all,
        t.executor(),
        t.command(),
        t.container(),
        t.healthCheck(),
        t.check(),
        t.killPolicy(),
        t.data(),
        t.labels(),
        t.discovery(),
        t.maxCompletionTime(),
        t.limits());
  }

  public static CommandInfo argv(String executable, String... argv) {
    return new CommandInfo(null, null, false, executable, List.of(argv), null);
  }

  public static CommandInfo shellWithEnv(String command, Map<String, String> env) {
    return new CommandInfo(
        null,
        new CommandInfo.Environment(
            env.entrySet().stream()
                .map(e -> new CommandInfo.Environment.Variable(e.getKey(), null, e.getValue()))
                .toList()),
        true,
        command,
        null,
        null);
  }
}
