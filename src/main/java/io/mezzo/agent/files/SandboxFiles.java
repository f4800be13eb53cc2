package io.mezzo.agent.files;

import io.mezzo.agent.AgentSnapshot;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.security.Caller;
import io.mezzo.security.acl.Action;
import io.mezzo.security.acl.Authorizer;
import io.mezzo.security.acl.Decision;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The agent's {@code /files} (MESOS-API.md §4.3, §6.6): serves files from inside task sandboxes and
 * nothing else. A sandbox is reachable under three paths, as in Mesos:
 *
 * <pre>
 *   &lt;work_dir&gt;/slaves/&lt;aid&gt;/frameworks/&lt;fid&gt;/executors/&lt;eid&gt;/runs/&lt;cid&gt;   its real path (the state's "directory")
 *   &lt;work_dir&gt;/slaves/&lt;aid&gt;/frameworks/&lt;fid&gt;/executors/&lt;eid&gt;/runs/latest  the latest run of the executor
 *   /frameworks/&lt;fid&gt;/executors/&lt;eid&gt;/runs/latest                         the same, without the work dir
 * </pre>
 *
 * <p>How a path is checked: it must be absolute, free of NUL and of {@code ..} components (also
 * after URL-decoding, which the HTTP layer does once: {@code %2e%2e} arrives here as {@code ..});
 * it must start with one of the paths above (else 404, so nothing outside says whether it exists);
 * it must exist (404); and its real path, with every symbolic link resolved, must lie inside the
 * real path of that sandbox (else 403: a task cannot publish {@code /etc/passwd} by linking to it).
 * Files are opened without following a final link, so a link swapped in after the check is not
 * followed.
 *
 * <p>Who may open a sandbox ({@link Access}, Mesos's {@code access_sandboxes} on the user the
 * sandbox's executor runs as) is decided as soon as the path is known to lie in it, before the
 * file's existence is looked at, as Mesos does: a refused caller learns nothing about what the
 * sandbox holds, while a path in no sandbox stays 404 for everyone.
 *
 * <p>An instance is a view of the sandboxes at one moment (build it from an {@link AgentSnapshot});
 * it is immutable and thread-safe, and its methods do blocking file I/O: call them off event loops.
 */
public final class SandboxFiles {
  /**
   * The most bytes one read returns: sixteen 4 KiB pages, Mesos's cap. A longer length is served in
   * part, as Mesos does, and the caller asks again from where the answer ended.
   */
  public static final long MAX_READ_LENGTH = 16L * 4096;

  /**
   * A task sandbox the agent serves.
   *
   * @param user whom its executor runs as (its command's user, else its framework's); null or empty
   *     when neither names one
   */
  public record Sandbox(
      FrameworkId frameworkId, ExecutorId executorId, Path directory, String user) {
    /** A sandbox whose executor names no user. */
    public Sandbox(FrameworkId frameworkId, ExecutorId executorId, Path directory) {
      this(frameworkId, executorId, directory, null);
    }
  }

  /** Whether the caller of a request may open a sandbox whose executor runs as {@code user}. */
  @FunctionalInterface
  public interface Access {
    /** Everything may be opened: the node's own callers, and code that checks elsewhere. */
    Access OPEN = user -> Decision.allowed("sandbox access is not restricted here");

    /**
     * @param user the sandbox's {@link Sandbox#user()}; null or empty when none is named
     */
    Decision decide(String user);

    /** Mesos's rule: {@code access_sandboxes} for the caller on the sandbox's user. */
    static Access of(Authorizer authorizer, Caller caller) {
      return user -> authorizer.decide(caller, Action.ACCESS_SANDBOXES, user == null ? "" : user);
    }
  }

  /** A path that passed the checks: how it was asked for, and the real file. */
  public record Resolved(String path, Path real) {}

  /** What a read returned: the file's size then, the offset read from, and the bytes. */
  public record Chunk(long size, long offset, byte[] data) {}

  /**
   * A virtual prefix: requests under {@code prefix} map to {@code target} and must stay inside
   * {@code root}.
   */
  private record Alias(String prefix, Path target, Path sandbox, String user) {}

  private final List<Alias> aliases;
  private final Access access;

  private SandboxFiles(List<Alias> aliases, Access access) {
    this.aliases = aliases;
    this.access = access;
  }

  /** The same sandboxes, each opened only if {@code access} allows it. */
  public SandboxFiles restrictedBy(Access access) {
    if (access == null) {
      throw new IllegalArgumentException("a sandbox access rule is required");
    }
    return new SandboxFiles(aliases, access);
  }

  public SandboxFiles(List<Sandbox> sandboxes) {
    Map<String, Alias> byPrefix = new LinkedHashMap<>();
    for (Sandbox s : sandboxes) {
      Path dir = s.directory().toAbsolutePath().normalize();
      Path latest = dir.resolveSibling("latest");
      String user = s.user();
      byPrefix.put(dir.toString(), new Alias(dir.toString(), dir, dir, user));
      byPrefix.putIfAbsent(latest.toString(), new Alias(latest.toString(), latest, latest, user));
      String virtual =
          "/frameworks/"
              + s.frameworkId().value()
              + "/executors/"
              + s.executorId().value()
              + "/runs/latest";
      byPrefix.putIfAbsent(virtual, new Alias(virtual, latest, latest, user));
    }
    List<Alias> list = new ArrayList<>(byPrefix.values());
    list.sort(Comparator.comparingInt((Alias a) -> a.prefix().length()).reversed());
    this.aliases = List.copyOf(list);
    this.access = Access.OPEN;
  }

  /** The sandboxes of the agent's current and completed tasks. */
  public static SandboxFiles of(AgentSnapshot snapshot) {
    List<Sandbox> sandboxes = new ArrayList<>();
    Map<FrameworkId, String> frameworkUsers = new HashMap<>();
    snapshot.completedFrameworks().forEach(f -> frameworkUsers.put(f.id(), f.user()));
    for (AgentSnapshot.FrameworkView f : snapshot.frameworks()) {
      frameworkUsers.put(f.info().id(), f.info().user());
      for (AgentSnapshot.ExecutorView e : f.executors()) {
        if (e.directory() != null) {
          sandboxes.add(
              new Sandbox(f.info().id(), e.executorId(), e.directory(), executorUser(f.info(), e)));
        }
      }
    }
    for (AgentSnapshot.TaskView t : snapshot.completedTasks()) {
      if (t.sandbox() != null) {
        String user = either(t.user(), frameworkUsers.get(t.frameworkId()));
        sandboxes.add(new Sandbox(t.frameworkId(), t.executorId(), t.sandbox(), user));
      }
    }
    return new SandboxFiles(sandboxes);
  }

  /** Whom an executor runs as: its own command's user, else its framework's. */
  static String executorUser(FrameworkInfo framework, AgentSnapshot.ExecutorView e) {
    return either(e.user(), framework.user());
  }

  private static String either(String own, String framework) {
    return own == null || own.isEmpty() ? framework : own;
  }

  /** {@code /files/debug}: every virtual path and the real path it maps to. */
  public Map<String, String> debug() {
    Map<String, String> out = new LinkedHashMap<>();
    for (Alias a : aliases) {
      out.put(a.prefix(), a.target().toString());
    }
    return out;
  }

  /**
   * Checks a requested path (see the class comment).
   *
   * @throws FileAccessException 400, 403 or 404 with a message saying why
   */
  public Resolved resolve(String path) {
    String normalized = normalize(path);
    for (Alias a : aliases) {
      if (normalized.equals(a.prefix()) || normalized.startsWith(a.prefix() + "/")) {
        String rest = normalized.substring(a.prefix().length());
        Path candidate = rest.isEmpty() ? a.target() : a.target().resolve(rest.substring(1));
        Decision allowed = access.decide(a.user());
        if (!allowed.allowed()) {
          throw FileAccessException.forbidden(allowed.reason());
        }
        return check(normalized, candidate, a.sandbox());
      }
    }
    throw FileAccessException.notFound(
        "'" + path + "' is not inside any task sandbox on this agent");
  }

  private static String normalize(String path) {
    if (path == null || path.isBlank()) {
      throw FileAccessException.badRequest("Expecting 'path=value' in query");
    }
    if (path.indexOf('\0') >= 0) {
      throw FileAccessException.badRequest("'path' must not contain NUL");
    }
    if (!path.startsWith("/")) {
      throw FileAccessException.badRequest("'path' must be absolute, got '" + path + "'");
    }
    StringBuilder out = new StringBuilder();
    for (String part : path.split("/")) {
      if (part.equals("..")) {
        throw FileAccessException.badRequest("'..' is not allowed in 'path': '" + path + "'");
      }
      if (!part.isEmpty() && !part.equals(".")) {
        out.append('/').append(part);
      }
    }
    return out.length() == 0 ? "/" : out.toString();
  }

  private static Resolved check(String asked, Path candidate, Path sandbox) {
    Path real;
    Path root;
    try {
      real = candidate.toRealPath();
      root = sandbox.toRealPath();
    } catch (NoSuchFileException e) {
      throw FileAccessException.notFound("No such file or directory: '" + asked + "'");
    } catch (IOException e) {
      throw FileAccessException.notFound("Cannot access '" + asked + "': " + e.getMessage());
    }
    if (!real.startsWith(root)) {
      throw FileAccessException.forbidden("'" + asked + "' resolves outside its task sandbox");
    }
    return new Resolved(asked, real);
  }

  /**
   * Lists a directory (entries sorted by name), or describes a single file.
   *
   * @throws FileAccessException as {@link #resolve}
   */
  public List<FileEntry> browse(String path) {
    Resolved r = resolve(path);
    if (!Files.isDirectory(r.real())) {
      return List.of(entry(r.path(), r.real()));
    }
    try (Stream<Path> children = Files.list(r.real())) {
      String base = r.path().equals("/") ? "" : r.path();
      return children.sorted().map(c -> entry(base + "/" + c.getFileName(), c)).toList();
    } catch (IOException e) {
      throw FileAccessException.notFound("Cannot list '" + path + "': " + e.getMessage());
    }
  }

  /**
   * Reads up to {@code length} bytes from {@code offset}, as Mesos's {@code /files/read} and {@code
   * READ_FILE} do. An offset of {@link ReadRange#END} (-1) reads nothing and reports the file's
   * size as the offset (how the web UI's log viewer finds the end). At or past the end, or for a
   * length of 0, nothing is read and the offset asked for is echoed. A read returns at most {@link
   * #MAX_READ_LENGTH} bytes whatever the length asked, as Mesos caps it: callers page by asking
   * again from where the answer ended.
   *
   * @param length null (or -1) for no limit of the caller's
   * @throws FileAccessException 400 for an offset or length below -1 or a directory; otherwise as
   *     {@link #resolve}
   */
  public Chunk read(String path, long offset, Long length) {
    ReadRange range = new ReadRange(offset, length == null || length == -1 ? null : length);
    Resolved r = resolve(path);
    if (Files.isDirectory(r.real())) {
      throw FileAccessException.badRequest("Cannot read a directory: '" + path + "'");
    }
    try (SeekableByteChannel ch =
        Files.newByteChannel(r.real(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      long size = ch.size();
      if (range.asksForSize()) {
        return new Chunk(size, size, new byte[0]);
      }
      long left = Math.max(0, size - offset);
      long limit = range.length() == null ? left : range.length();
      int want = (int) Math.min(Math.min(limit, left), MAX_READ_LENGTH);
      ByteBuffer buf = ByteBuffer.allocate(want);
      ch.position(offset);
      while (buf.hasRemaining() && ch.read(buf) > 0) {
        // keep reading: a file being written may deliver less per call
      }
      byte[] data = new byte[buf.position()];
      buf.flip().get(data);
      return new Chunk(size, offset, data);
    } catch (IOException e) {
      throw FileAccessException.notFound("Cannot read '" + path + "': " + e.getMessage());
    }
  }

  /**
   * The real path of a regular file to send whole.
   *
   * @throws FileAccessException 400 for a directory; otherwise as {@link #resolve}
   */
  public Path download(String path) {
    Resolved r = resolve(path);
    if (!Files.isRegularFile(r.real(), LinkOption.NOFOLLOW_LINKS)) {
      throw FileAccessException.badRequest(
          "Cannot download '" + path + "': it is a directory or not a regular file");
    }
    return r.real();
  }

  private static FileEntry entry(String path, Path p) {
    try {
      PosixFileAttributes a =
          Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      int nlink = (Integer) Files.getAttribute(p, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
      FileTime mtime = a.lastModifiedTime();
      return new FileEntry(
          path, nlink, a.size(), mtime.toInstant(), mode, a.owner().getName(), a.group().getName());
    } catch (IOException | UnsupportedOperationException e) {
      throw FileAccessException.notFound("Cannot stat '" + path + "': " + e.getMessage());
    }
  }
}
