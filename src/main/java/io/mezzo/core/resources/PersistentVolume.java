package io.mezzo.core.resources;

import java.util.Comparator;
import java.util.Objects;

/**
 * What makes reserved {@code disk} a persistent volume (Mesos {@code Resource.DiskInfo} with {@code
 * persistence} and {@code volume}): an id unique among the volumes of its role on the agent, the
 * principal that created it, and where a task using it sees it, relative to the task's sandbox. The
 * volume's data lives outside any sandbox, so it outlives the tasks that use it and the agent's
 * restarts, until a DESTROY. A volume is one entry of {@link Resources}: its key holds this record,
 * so it never merges with plain disk or with another volume.
 *
 * @param id the persistence id ({@code persistence.id})
 * @param principal the creator ({@code persistence.principal}), or null
 * @param containerPath where the volume appears, relative to the sandbox ({@code
 *     volume.container_path})
 * @param readOnly whether tasks see it read-only ({@code volume.mode} RO)
 */
public record PersistentVolume(String id, String principal, String containerPath, boolean readOnly)
    implements Comparable<PersistentVolume> {

  private static final Comparator<PersistentVolume> ORDER =
      Comparator.comparing(PersistentVolume::id)
          .thenComparing(PersistentVolume::containerPath)
          .thenComparing(v -> v.principal() == null ? "" : v.principal())
          .thenComparing(PersistentVolume::readOnly);

  public PersistentVolume {
    checkId(id);
    checkContainerPath(id, containerPath);
    if (principal != null && principal.isEmpty()) {
      principal = null;
    }
  }

  /** Ids name a directory on the agent: no separators, no dot names, nothing unprintable. */
  private static void checkId(String id) {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("a persistent volume has an empty persistence id");
    }
    if (id.equals(".") || id.equals("..") || id.length() > 255) {
      throw new IllegalArgumentException("persistence id '" + id + "' is not a valid name");
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c == '/' || c == '\\' || Character.isWhitespace(c) || Character.isISOControl(c)) {
        throw new IllegalArgumentException(
            "persistence id '" + id + "' contains an invalid character");
      }
    }
  }

  /**
   * The path must stay inside the sandbox: relative, no {@code ..} level, no empty level, so that
   * the mount point it names can never be the sandbox itself or a place outside it.
   */
  private static void checkContainerPath(String id, String path) {
    if (path == null || path.isEmpty()) {
      throw new IllegalArgumentException(
          "persistent volume '" + id + "' has no volume.container_path");
    }
    if (path.startsWith("/")) {
      throw new IllegalArgumentException(
          "persistent volume '"
              + id
              + "': container_path '"
              + path
              + "' must be relative to the sandbox");
    }
    for (String level : path.split("/", -1)) {
      if (level.isEmpty() || level.equals(".") || level.equals("..")) {
        throw new IllegalArgumentException(
            "persistent volume '"
                + id
                + "': container_path '"
                + path
                + "' has an empty, '.' or '..' level");
      }
    }
    for (int i = 0; i < path.length(); i++) {
      if (Character.isISOControl(path.charAt(i))) {
        throw new IllegalArgumentException(
            "persistent volume '" + id + "': container_path contains a control character");
      }
    }
  }

  @Override
  public int compareTo(PersistentVolume o) {
    return this == o ? 0 : ORDER.compare(this, o);
  }

  /** Mesos's {@code [id:container_path]} suffix, {@code :ro} added when read-only. */
  @Override
  public String toString() {
    return "[" + id + ":" + containerPath + (readOnly ? ":ro" : "") + "]";
  }

  /** Whether two volumes are the same one (same id; the rest may not differ for one id). */
  public boolean sameId(PersistentVolume o) {
    return o != null && Objects.equals(id, o.id);
  }
}
