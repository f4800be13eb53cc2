package io.mezzo.agent.state;

import io.mezzo.api.v1.AgentId;
import io.mezzo.api.v1.ContainerId;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.TaskId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The one owner of the agent's on-disk layout (Mesos {@code src/slave/paths.hpp}, MESOS-API.md
 * §6.6). Nothing else in the agent builds a path under the work dir by hand.
 *
 * <pre>
 * &lt;work_dir&gt;/
 * ├── slaves/
 * │   ├── latest -&gt; &lt;agent_id&gt;
 * │   └── &lt;agent_id&gt;/frameworks/&lt;framework_id&gt;/executors/&lt;executor_id&gt;/runs/
 * │       ├── latest -&gt; &lt;container_id&gt;
 * │       └── &lt;container_id&gt;/                         ← sandbox (cwd, MESOS_SANDBOX)
 * │           ├── stdout
 * │           ├── stderr
 * │           ├── tasks/&lt;task_id&gt; -&gt; ../containers/&lt;nested_id&gt;  (default executor)
 * │           └── containers/&lt;nested_id&gt;/         ← a task group task's sandbox
 * ├── volumes/roles/&lt;encoded role&gt;/&lt;persistence_id&gt;/  ← a persistent volume's data
 * └── meta/
 *     └── slaves/
 *         ├── latest -&gt; &lt;agent_id&gt;                       (the id to re-register with)
 *         └── &lt;agent_id&gt;/
 *             ├── slave.info                                 (AgentInfo JSON)
 *             ├── resources.info                             (dynamic reservations, Resource JSON)
 *             └── frameworks/&lt;framework_id&gt;/
 *                 ├── framework.info                         (FrameworkInfo JSON)
 *                 └── executors/&lt;executor_id&gt;/runs/&lt;container_id&gt;/
 *                     ├── pids/forked.pid                    (pid of the container's session leader)
 *                     ├── exit_status                        (Mezzo: written by the launch wrapper)
 *                     ├── executor.info                      (ExecutorInfo JSON, custom executors)
 *                     ├── task_groups                        (default executor: info and groups)
 *                     ├── containers/&lt;nested_id&gt;/             (a nested run: same layout)
 *                     └── tasks/&lt;task_id&gt;/
 *                         ├── task.info                      (TaskInfo JSON)
 *                         └── task.updates                   (status update stream, RecordIO)
 * </pre>
 *
 * <p>A persistent volume lives outside every sandbox, keyed by its role and persistence id as in
 * Mesos ({@code paths::getPersistentVolumePath}); a hierarchical role is one path component there
 * ({@link #encodeRole}), so the volumes of {@code eng/ml} never sit inside a volume of {@code eng}.
 *
 * <p>Ids become path components, so {@link #component} refuses ids that could escape their
 * directory ({@code /}, {@code .}, {@code ..}, NUL, empty). Immutable and thread-safe; computing a
 * path touches no file, only the {@code list*} methods and {@link #latestAgentId()} read the disk.
 */
public final class Paths {
  static final String LATEST = "latest";
  private final Path workDir;

  public Paths(Path workDir) {
    this.workDir = workDir.toAbsolutePath().normalize();
  }

  public Path workDir() {
    return workDir;
  }

  public Path metaDir() {
    return workDir.resolve("meta");
  }

  /**
   * {@code meta/slaves/latest}: a symlink to the meta dir of the id this agent last registered as.
   */
  public Path latestAgentMetaLink() {
    return metaDir().resolve("slaves").resolve(LATEST);
  }

  /** {@code slaves/latest}: a symlink to the sandbox root of the current agent id. */
  public Path latestAgentSandboxLink() {
    return workDir.resolve("slaves").resolve(LATEST);
  }

  public Path agentSandboxRoot(AgentId agent) {
    return workDir.resolve("slaves").resolve(component("agent id", agent.value()));
  }

  public Path agentMetaDir(AgentId agent) {
    return metaDir().resolve("slaves").resolve(component("agent id", agent.value()));
  }

  public Path agentInfoFile(AgentId agent) {
    return agentMetaDir(agent).resolve("slave.info");
  }

  /**
   * The dynamic reservations the master last sent this agent id (Mesos {@code
   * meta/resources/resources.info}, kept per id here: reservations belong to the id).
   */
  public Path checkpointedResourcesFile(AgentId agent) {
    return agentMetaDir(agent).resolve("resources.info");
  }

  /** The link secret the master gave this agent id ({@code AgentCall}), owner-readable only. */
  public Path agentSecretFile(AgentId agent) {
    return agentMetaDir(agent).resolve("link.secret");
  }

  public Path frameworkMetaDir(AgentId agent, FrameworkId framework) {
    return agentMetaDir(agent)
        .resolve("frameworks")
        .resolve(component("framework id", framework.value()));
  }

  public Path frameworkInfoFile(AgentId agent, FrameworkId framework) {
    return frameworkMetaDir(agent, framework).resolve("framework.info");
  }

  /** {@code slaves/<aid>/frameworks/<fid>/executors/<eid>/runs/latest}. */
  public Path latestRunLink(AgentId agent, FrameworkId framework, ExecutorId executor) {
    return executorSandboxDir(agent, framework, executor).resolve("runs").resolve(LATEST);
  }

  private Path executorSandboxDir(AgentId agent, FrameworkId framework, ExecutorId executor) {
    return agentSandboxRoot(agent)
        .resolve("frameworks")
        .resolve(component("framework id", framework.value()))
        .resolve("executors")
        .resolve(component("executor id", executor.value()));
  }

  /** The paths of one container run. */
  public Run run(AgentId agent, FrameworkId framework, ExecutorId executor, ContainerId container) {
    String cid = component("container id", container.value());
    Path sandbox = executorSandboxDir(agent, framework, executor).resolve("runs").resolve(cid);
    Path meta =
        frameworkMetaDir(agent, framework)
            .resolve("executors")
            .resolve(component("executor id", executor.value()))
            .resolve("runs")
            .resolve(cid);
    return new Run(agent, framework, executor, container, sandbox, meta, workDir);
  }

  /** {@code volumes/}: the root of every persistent volume's directory. */
  public Path volumesDir() {
    return workDir.resolve("volumes");
  }

  /** {@code volumes/roles/<encoded role>/<persistence_id>}: where a volume's data lives. */
  public Path volumeDir(String role, String persistenceId) {
    return volumeDir(workDir, role, persistenceId);
  }

  static Path volumeDir(Path workDir, String role, String persistenceId) {
    return workDir
        .resolve("volumes")
        .resolve("roles")
        .resolve(encodeRole(role))
        .resolve(component("persistence id", persistenceId));
  }

  /**
   * A role as one path component: {@code %} becomes {@code %25} and {@code /} becomes {@code %2F}
   * (percent-encoding, so the mapping is reversible and {@code a%2Fb} and {@code a/b} stay apart).
   *
   * @throws IllegalArgumentException for an empty role, {@code .}, {@code ..} or one with NUL
   */
  public static String encodeRole(String role) {
    if (role == null) {
      throw new IllegalArgumentException("a persistent volume needs a role");
    }
    return component("role", role.replace("%", "%25").replace("/", "%2F"));
  }

  /**
   * The id this agent last registered with, read from {@code meta/slaves/latest}; empty on a fresh
   * work dir.
   */
  public Optional<AgentId> latestAgentId() {
    Path link = latestAgentMetaLink();
    try {
      if (!Files.isSymbolicLink(link)) {
        return Optional.empty();
      }
      return Optional.of(AgentId.of(Files.readSymbolicLink(link).getFileName().toString()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + link, e);
    }
  }

  /** Every checkpointed container run of {@code agent}, in no particular order. */
  public List<Run> listRuns(AgentId agent) {
    List<Run> runs = new ArrayList<>();
    for (Path fw : children(agentMetaDir(agent).resolve("frameworks"))) {
      FrameworkId fid = FrameworkId.of(fw.getFileName().toString());
      for (Path ex : children(fw.resolve("executors"))) {
        ExecutorId eid = ExecutorId.of(ex.getFileName().toString());
        for (Path run : children(ex.resolve("runs"))) {
          String name = run.getFileName().toString();
          if (!name.equals(LATEST)) {
            runs.add(run(agent, fid, eid, ContainerId.of(name)));
          }
        }
      }
    }
    return runs;
  }

  /**
   * Rejects ids that are not a single safe path component; the message names the id so it can be
   * used as a TASK_ERROR reason.
   *
   * @throws IllegalArgumentException for an empty id, {@code .}, {@code ..}, or one containing
   *     {@code /} or NUL
   */
  public static String component(String kind, String value) {
    if (value == null
        || value.isEmpty()
        || value.equals(".")
        || value.equals("..")
        || value.indexOf('/') >= 0
        || value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          kind
              + " '"
              + value
              + "' cannot be used as a directory name (empty, '.', '..', '/' or NUL)");
    }
    return value;
  }

  private static List<Path> children(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> Files.isDirectory(p) && !Files.isSymbolicLink(p)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  /**
   * The paths of one container run: its sandbox and its meta (checkpoint) dir.
   *
   * @param sandbox {@code slaves/<aid>/frameworks/<fid>/executors/<eid>/runs/<cid>}
   * @param metaDir {@code meta/slaves/<aid>/frameworks/<fid>/executors/<eid>/runs/<cid>}
   * @param workDir the work dir both are under (where the run's persistent volumes live)
   */
  public record Run(
      AgentId agentId,
      FrameworkId frameworkId,
      ExecutorId executorId,
      ContainerId containerId,
      Path sandbox,
      Path metaDir,
      Path workDir) {

    public Path stdout() {
      return sandbox.resolve("stdout");
    }

    public Path stderr() {
      return sandbox.resolve("stderr");
    }

    /** {@code runs/latest} next to the sandbox. */
    public Path latestLink() {
      return sandbox.resolveSibling(LATEST);
    }

    public Path forkedPidFile() {
      return metaDir.resolve("pids").resolve("forked.pid");
    }

    public Path exitStatusFile() {
      return metaDir.resolve("exit_status");
    }

    /** The ExecutorInfo of a custom executor's run; absent for a command task's run. */
    public Path executorInfoFile() {
      return metaDir.resolve("executor.info");
    }

    public Path taskMetaDir(TaskId task) {
      return metaDir.resolve("tasks").resolve(component("task id", task.value()));
    }

    public Path taskInfoFile(TaskId task) {
      return taskMetaDir(task).resolve("task.info");
    }

    public Path taskUpdatesFile(TaskId task) {
      return taskMetaDir(task).resolve("task.updates");
    }

    /**
     * The run of a container nested in this one (a task of a task group under its default
     * executor): its sandbox and meta dir are under this run's {@code containers/<id>}.
     */
    public Run nested(String childId) {
      String id = component("container id", childId);
      return new Run(
          agentId,
          frameworkId,
          executorId,
          containerId.child(id),
          sandbox.resolve("containers").resolve(id),
          metaDir.resolve("containers").resolve(id),
          workDir);
    }

    /** The directory of the persistent volume {@code persistenceId} of {@code role}. */
    public Path volumeDir(String role, String persistenceId) {
      return Paths.volumeDir(workDir, role, persistenceId);
    }

    /** The checkpointed nested runs of this run, in no particular order. */
    public List<Run> listNested() {
      return children(metaDir.resolve("containers")).stream()
          .map(p -> nested(p.getFileName().toString()))
          .toList();
    }

    /** {@code tasks/<task_id>} in the sandbox: the default executor's link to a task's sandbox. */
    public Path taskSandboxLink(TaskId task) {
      return sandbox.resolve("tasks").resolve(component("task id", task.value()));
    }

    /** The default executor's checkpoint: its ExecutorInfo and the task ids of its groups. */
    public Path taskGroupsFile() {
      return metaDir.resolve("task_groups");
    }

    /** The ids of the tasks checkpointed in this run. */
    public List<TaskId> listTasks() {
      return children(metaDir.resolve("tasks")).stream()
          .map(p -> TaskId.of(p.getFileName().toString()))
          .toList();
    }
  }
}
