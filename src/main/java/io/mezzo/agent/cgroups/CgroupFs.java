package io.mezzo.agent.cgroups;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One view of the cgroup hierarchies this process can see, over cgroups v1 and v2, found in {@code
 * /proc/self/mountinfo} (never assumed: on v1, {@code cpu} and {@code cpuacct} may be one mount or
 * two). A controller lives on at most one hierarchy: a v1 mount that names it, else the v2 mount if
 * its {@code cgroup.controllers} lists it.
 *
 * <pre>
 *   v1: /sys/fs/cgroup/memory/&lt;root&gt;/&lt;container id&gt;/memory.limit_in_bytes
 *       /sys/fs/cgroup/cpu/&lt;root&gt;/&lt;container id&gt;/cpu.shares      (one dir per hierarchy)
 *   v2: /sys/fs/cgroup/&lt;root&gt;/&lt;container id&gt;/memory.max             (one dir for all)
 * </pre>
 *
 * <p>Stateless apart from the mount table read at construction; safe from any thread. Tests build
 * one over a temp dir laid out like cgroupfs with {@link #fromMountInfo}.
 */
public final class CgroupFs {
  /** The two cgroup designs. */
  public enum Version {
    V1,
    V2
  }

  /**
   * A mounted hierarchy.
   *
   * @param controllers for v1 the controllers named in the mount options (plus {@code name=…}); for
   *     v2 those listed in the root's {@code cgroup.controllers}
   */
  public record Mount(Path path, Version version, Set<String> controllers) {}

  /** Superblock options of a cgroup mount that are not controller names. */
  private static final Set<String> MOUNT_FLAGS =
      Set.of(
          "rw",
          "ro",
          "relatime",
          "noatime",
          "nosuid",
          "nodev",
          "noexec",
          "clone_children",
          "noprefix",
          "xattr",
          "cpuset_v2_mode",
          "favordynmods",
          "nsdelegate",
          "memory_recursiveprot");

  private final List<Mount> mounts;

  private CgroupFs(List<Mount> mounts) {
    this.mounts = List.copyOf(mounts);
  }

  /** The hierarchies mounted for this process. */
  public static CgroupFs system() {
    try {
      return fromMountInfo(Files.readString(Path.of("/proc/self/mountinfo")));
    } catch (IOException e) {
      return new CgroupFs(List.of());
    }
  }

  /**
   * Parses {@code /proc/self/mountinfo} text: {@code id parent major:minor root mountpoint options
   * [optional…] - fstype source superoptions}.
   */
  public static CgroupFs fromMountInfo(String mountInfo) {
    List<Mount> found = new ArrayList<>();
    Set<Path> seen = new LinkedHashSet<>();
    for (String line : mountInfo.split("\n")) {
      String[] halves = line.split(" - ", 2);
      if (halves.length < 2) {
        continue;
      }
      String[] left = halves[0].split(" ");
      String[] right = halves[1].split(" ");
      if (left.length < 5 || right.length < 3) {
        continue;
      }
      Path point = Path.of(unescape(left[4]));
      String fstype = right[0];
      if (!seen.add(point)) {
        continue;
      }
      if (fstype.equals("cgroup")) {
        Set<String> controllers = new LinkedHashSet<>();
        for (String opt : right[2].split(",")) {
          if (opt.startsWith("name=") || !opt.contains("=") && !MOUNT_FLAGS.contains(opt)) {
            controllers.add(opt);
          }
        }
        found.add(new Mount(point, Version.V1, controllers));
      } else if (fstype.equals("cgroup2")) {
        Set<String> controllers = new LinkedHashSet<>();
        try {
          for (String c :
              Files.readString(point.resolve("cgroup.controllers")).trim().split("\\s+")) {
            if (!c.isEmpty()) {
              controllers.add(c);
            }
          }
        } catch (IOException e) {
          // A v2 mount without a readable controller list offers no controllers.
        }
        found.add(new Mount(point, Version.V2, controllers));
      }
    }
    return new CgroupFs(found);
  }

  /** mountinfo escapes space, tab, newline and backslash as octal. */
  private static String unescape(String s) {
    return s.replace("\\040", " ")
        .replace("\\011", "\t")
        .replace("\\012", "\n")
        .replace("\\134", "\\");
  }

  public List<Mount> mounts() {
    return mounts;
  }

  /**
   * The hierarchy of {@code controller}. {@code cpuacct} on v2 is the {@code cpu} core accounting
   * every v2 cgroup has ({@code cpu.stat}), so it maps to the v2 mount whenever there is one.
   */
  public Optional<Mount> mountOf(String controller) {
    for (Mount m : mounts) {
      if (m.version() == Version.V1 && m.controllers().contains(controller)) {
        return Optional.of(m);
      }
    }
    for (Mount m : mounts) {
      if (m.version() == Version.V2
          && (m.controllers().contains(controller) || controller.equals("cpuacct"))) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /**
   * Why {@code controller} cannot be used here, or empty if it can: it must be mounted and its
   * hierarchy writable (we are root, or were delegated it).
   */
  public Optional<String> problem(String controller) {
    Optional<Mount> m = mountOf(controller);
    if (m.isEmpty()) {
      return Optional.of(
          "no cgroup hierarchy has the '"
              + controller
              + "' controller (mounted: "
              + describeMounts()
              + ")");
    }
    if (!Files.isWritable(m.get().path())) {
      return Optional.of(
          "the '" + controller + "' cgroup hierarchy at " + m.get().path() + " is not writable");
    }
    return Optional.empty();
  }

  private String describeMounts() {
    if (mounts.isEmpty()) {
      return "none";
    }
    List<String> parts = new ArrayList<>();
    for (Mount m : mounts) {
      parts.add(m.path() + " " + m.version() + " " + m.controllers());
    }
    return String.join("; ", parts);
  }

  /**
   * The cgroup at {@code path} (relative to the hierarchy root, e.g. {@code mezzo/<container id>})
   * in the hierarchy of {@code controller}.
   *
   * @throws IllegalStateException if no hierarchy has the controller
   */
  public Cgroup cgroup(String controller, String path) {
    Mount m =
        mountOf(controller)
            .orElseThrow(() -> new IllegalStateException(problem(controller).orElseThrow()));
    return new Cgroup(m, path, controller);
  }

  /**
   * {@code path} in every mounted hierarchy, e.g. to remove what an engine created under our root.
   */
  public List<Cgroup> everywhere(String path) {
    List<Cgroup> out = new ArrayList<>();
    for (Mount m : mounts) {
      out.add(new Cgroup(m, path, null));
    }
    return out;
  }

  static void write(Path file, String value) {
    try {
      Files.writeString(file, value);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write '" + value + "' to " + file + ": " + e.getMessage(), e);
    }
  }
}
