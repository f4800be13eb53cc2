package io.mezzo.agent.cgroups;

import io.mezzo.core.time.Timers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One cgroup directory in one hierarchy. Reads and writes are plain file I/O of a few microseconds;
 * only {@link #destroy} waits, and it does so on timers, never blocking its caller.
 */
public final class Cgroup {
  /** How often and how long {@link #destroy} retries while killed processes are still exiting. */
  private static final Duration DESTROY_RETRY = Duration.ofMillis(50);

  private static final int DESTROY_ATTEMPTS = 60;

  private final CgroupFs.Mount mount;
  private final String path;
  private final String controller;

  Cgroup(CgroupFs.Mount mount, String path, String controller) {
    this.mount = mount;
    this.path = path;
    this.controller = controller;
  }

  public Path dir() {
    return mount.path().resolve(path);
  }

  public CgroupFs.Version version() {
    return mount.version();
  }

  public String path() {
    return path;
  }

  public boolean exists() {
    return Files.isDirectory(dir());
  }

  /**
   * Creates this cgroup and its missing ancestors. On v2 the controller is first enabled in the
   * {@code cgroup.subtree_control} of every ancestor, without which its files do not appear. On a
   * v1 cpuset hierarchy a new cgroup inherits its parent's {@code cpuset.cpus} and {@code
   * cpuset.mems}, without which no process may join it.
   *
   * @throws UncheckedIOException naming the directory or file that could not be made
   */
  public void create() {
    Path root = mount.path();
    Path current = root;
    for (Path part : Path.of(path)) {
      if (mount.version() == CgroupFs.Version.V2
          && controller != null
          && !controller.equals("cpuacct")) {
        enable(current);
      }
      Path parent = current;
      current = current.resolve(part);
      if (!Files.isDirectory(current)) {
        try {
          Files.createDirectory(current);
        } catch (java.nio.file.FileAlreadyExistsException raced) {
          // Another isolator of the same container (v2 shares the dir) made it first.
        } catch (IOException e) {
          throw new UncheckedIOException(
              "cannot create cgroup " + current + ": " + e.getMessage(), e);
        }
        if (mount.version() == CgroupFs.Version.V1 && mount.controllers().contains("cpuset")) {
          Path made = current;
          for (String file : List.of("cpuset.cpus", "cpuset.mems")) {
            read(parent.resolve(file))
                .ifPresent(v -> CgroupFs.write(made.resolve(file), v.strip()));
          }
        }
      }
    }
  }

  private void enable(Path dir) {
    Path control = dir.resolve("cgroup.subtree_control");
    String enabled = read(control).orElse("");
    for (String c : enabled.trim().split("\\s+")) {
      if (c.equals(controller) || c.equals("+" + controller)) {
        return;
      }
    }
    CgroupFs.write(control, "+" + controller);
  }

  public boolean has(String file) {
    return Files.exists(dir().resolve(file));
  }

  /** Writes {@code value} to a control file. @throws UncheckedIOException naming file and value */
  public void write(String file, String value) {
    CgroupFs.write(dir().resolve(file), value);
  }

  /** The file's content, or empty if the file (or the cgroup) does not exist. */
  public Optional<String> read(String file) {
    return read(dir().resolve(file));
  }

  private static Optional<String> read(Path file) {
    try {
      return Optional.of(Files.readString(file));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** A file holding one number ({@code max} reads as empty). */
  public Optional<Long> readLong(String file) {
    return read(file)
        .map(String::strip)
        .filter(s -> !s.isEmpty() && !s.equals("max"))
        .flatMap(
            s -> {
              try {
                return Optional.of(Long.parseLong(s));
              } catch (NumberFormatException e) {
                return Optional.empty();
              }
            });
  }

  /** A flat-keyed file ({@code key value} per line, as {@code memory.stat} or {@code cpu.stat}). */
  public Map<String, Long> readKeyed(String file) {
    Map<String, Long> out = new LinkedHashMap<>();
    read(file)
        .ifPresent(
            text -> {
              for (String line : text.split("\n")) {
                String[] kv = line.trim().split("\\s+");
                if (kv.length == 2) {
                  try {
                    out.put(kv[0], Long.parseLong(kv[1]));
                  } catch (NumberFormatException ignored) {
                    // Not a number (e.g. "max"): not a statistic.
                  }
                }
              }
            });
    return out;
  }

  /** Moves a process (and, as it forks afterwards, all its descendants) into this cgroup. */
  public void addProcess(long pid) {
    write("cgroup.procs", Long.toString(pid));
  }

  /** The processes in this cgroup and its descendants. */
  public List<Long> processes() {
    List<Long> out = new ArrayList<>();
    collect(dir(), out);
    return out;
  }

  private static void collect(Path dir, List<Long> out) {
    read(dir.resolve("cgroup.procs"))
        .ifPresent(
            text -> {
              for (String line : text.split("\n")) {
                if (!line.isBlank()) {
                  out.add(Long.parseLong(line.strip()));
                }
              }
            });
    for (Path child : children(dir)) {
      collect(child, out);
    }
  }

  private static List<Path> children(Path dir) {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, Files::isDirectory)) {
      entries.forEach(out::add);
    } catch (IOException e) {
      // Gone or unreadable: nothing below it to visit.
    }
    return out;
  }

  /**
   * Kills every process in this cgroup and below (SIGKILL), then removes the directories, deepest
   * first, retrying on {@code timers} while killed processes are still exiting. Completes when the
   * cgroup is gone (at once if it never existed), or exceptionally after about three seconds with
   * the processes that would not die.
   */
  public CompletionStage<Void> destroy(Timers timers) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    attemptDestroy(timers, done, 1);
    return done;
  }

  private void attemptDestroy(Timers timers, CompletableFuture<Void> done, int attempt) {
    if (!exists()) {
      done.complete(null);
      return;
    }
    if (has("cgroup.kill")) {
      try {
        write("cgroup.kill", "1");
      } catch (UncheckedIOException e) {
        // Older kernels: the per-process kill below does the same.
      }
    }
    List<Long> pids = processes();
    for (long pid : pids) {
      ProcessHandle.of(pid)
          .filter(h -> h.pid() != ProcessHandle.current().pid())
          .ifPresent(ProcessHandle::destroyForcibly);
    }
    removeTree(dir());
    if (!exists()) {
      done.complete(null);
    } else if (attempt >= DESTROY_ATTEMPTS) {
      done.completeExceptionally(
          new IllegalStateException(
              "cgroup " + dir() + " could not be removed; processes still in it: " + processes()));
    } else {
      timers.schedule(DESTROY_RETRY, () -> attemptDestroy(timers, done, attempt + 1));
    }
  }

  private static void removeTree(Path dir) {
    for (Path child : children(dir)) {
      removeTree(child);
    }
    try {
      // cgroupfs removes a cgroup's control files with the directory; a fake tree in a test holds
      // plain files, so those are removed first there.
      if (isFake(dir)) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, Files::isRegularFile)) {
          for (Path f : files) {
            Files.deleteIfExists(f);
          }
        }
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // Busy (processes still exiting) or already gone: the caller retries.
    }
  }

  /** A real cgroup dir lives on cgroupfs, where {@code cgroup.procs} cannot be deleted. */
  private static boolean isFake(Path dir) {
    try {
      String type = Files.getFileStore(dir).type();
      return !type.equals("cgroup") && !type.equals("cgroup2");
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return dir().toString();
  }
}
