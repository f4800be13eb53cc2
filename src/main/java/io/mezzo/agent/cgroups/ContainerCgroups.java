package io.mezzo.agent.cgroups;

import io.mezzo.api.v1.ContainerId;
import io.mezzo.core.time.Timers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where containers' cgroups live, and who still needs each: the agent's cgroups isolators share one
 * of these. A container's cgroup is {@code <root>/<container id>} in each hierarchy; on v2 (and on
 * a v1 {@code cpu,cpuacct} mount) several isolators use the same directory, so it is removed only
 * when the last of them releases it — otherwise one isolator's cleanup would remove the files
 * another still has to read for its final check.
 *
 * <pre>
 *   &lt;mount&gt;/&lt;root&gt;/                 e.g. /sys/fs/cgroup/memory/mezzo/
 *     &lt;container id&gt;/            one per container of the mesos containerizer
 *     docker/&lt;container id&gt;/     parents of Docker containers (see DockerContainerizer)
 * </pre>
 *
 * <p>Thread-safe: its one map is guarded by this object's monitor, held only for map updates.
 */
public final class ContainerCgroups {
  /** The sub-directory of the root that holds Docker containers' parent cgroups. */
  public static final String DOCKER = "docker";

  private final CgroupFs fs;
  private final String root;
  private final Timers timers;
  private final Map<Path, Set<String>> holders = new HashMap<>();

  /**
   * @param root relative to each hierarchy's mount, e.g. {@code mezzo}; no leading slash
   */
  public ContainerCgroups(CgroupFs fs, String root, Timers timers) {
    String r = root.replaceAll("^/+|/+$", "");
    if (r.isEmpty() || r.contains("..")) {
      throw new IllegalArgumentException(
          "cgroups root must be a relative path like 'mezzo', got '" + root + "'");
    }
    this.fs = fs;
    this.root = r;
    this.timers = timers;
  }

  public CgroupFs fs() {
    return fs;
  }

  public String root() {
    return root;
  }

  public Timers timers() {
    return timers;
  }

  /** The container's cgroup in the hierarchy of {@code controller}. */
  public Cgroup cgroup(String controller, ContainerId id) {
    return fs.cgroup(controller, root + "/" + id.value());
  }

  /** The names of the cgroups directly under the root in the hierarchy of {@code controller}. */
  public List<String> children(String controller) {
    Path dir = fs.cgroup(controller, root).dir();
    List<String> out = new ArrayList<>();
    try (java.util.stream.Stream<Path> entries = java.nio.file.Files.list(dir)) {
      entries
          .filter(java.nio.file.Files::isDirectory)
          .forEach(p -> out.add(p.getFileName().toString()));
    } catch (java.io.IOException noRootYet) {
      // Nothing was ever created here.
    }
    return out;
  }

  /** The distinct cgroups of a container for these controllers (one dir on v2). */
  public List<Cgroup> cgroups(List<String> controllers, ContainerId id) {
    List<Cgroup> out = new ArrayList<>();
    Set<Path> seen = new HashSet<>();
    for (String c : controllers) {
      Cgroup g = cgroup(c, id);
      if (seen.add(g.dir())) {
        out.add(g);
      }
    }
    return out;
  }

  /** Records that {@code holder} uses these cgroups of the container until it releases them. */
  public synchronized void acquire(String holder, List<Cgroup> cgroups) {
    for (Cgroup g : cgroups) {
      holders.computeIfAbsent(g.dir(), d -> new HashSet<>()).add(holder);
    }
  }

  /**
   * {@code holder} is done with these cgroups: those nobody else holds are destroyed (their
   * processes killed, the directories removed). Idempotent; cgroups nobody acquired (an orphan
   * after a restart) are destroyed too.
   */
  public CompletionStage<Void> release(String holder, List<Cgroup> cgroups) {
    List<Cgroup> toDestroy = new ArrayList<>();
    synchronized (this) {
      for (Cgroup g : cgroups) {
        Set<String> h = holders.get(g.dir());
        if (h != null) {
          h.remove(holder);
          if (!h.isEmpty()) {
            continue;
          }
          holders.remove(g.dir());
        }
        toDestroy.add(g);
      }
    }
    return CompletableFuture.allOf(
        toDestroy.stream()
            .map(g -> g.destroy(timers).toCompletableFuture())
            .toArray(CompletableFuture[]::new));
  }
}
