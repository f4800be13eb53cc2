package io.mezzo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A task's stdout or stderr, read through the master's {@code /files/read} (Mesos semantics: {@code
 * offset=-1} answers the size, else {@code {"data", "offset"}}; offsets are bytes), as the web UI's
 * pailer does. The file is the task's own in its executor's latest run: {@code
 * /frameworks/F/executors/E/runs/latest/FILE} for a command task (E is the task id), {@code
 * …/tasks/T/FILE} first for a task of a task group.
 *
 * <p>Following polls: at once while full chunks come, every {@link #INTERVAL} when the file is
 * idle, and after a failed read with a backoff doubling up to {@link #MAX_BACKOFF} (saying so once
 * on stderr). It ends when the master reports the task terminal and the file has been read to its
 * end, or on Ctrl-C.
 */
final class SandboxLog {
  static final int CHUNK = 64 * 1024;
  static final Duration INTERVAL = Duration.ofSeconds(1);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

  private final MasterHttp http;
  private final CliEnvironment env;
  private final MesosTasks.Task task;
  private final String file;

  SandboxLog(MasterHttp http, CliEnvironment env, MesosTasks.Task task, String file) {
    this.http = http;
    this.env = env;
    this.task = task;
    this.file = file;
  }

  /** The virtual paths the file may have, most specific first. */
  List<String> candidates() {
    JsonNode t = task.json();
    String executor = t.path("executor_id").asText("");
    String dir =
        "/frameworks/"
            + t.path("framework_id").asText()
            + "/executors/"
            + (executor.isEmpty() ? task.id() : executor)
            + "/runs/latest";
    List<String> out = new ArrayList<>();
    if (!executor.isEmpty()) {
      out.add(dir + "/tasks/" + task.id() + "/" + file);
    }
    out.add(dir + "/" + file);
    return out;
  }

  /** Prints the file (its last {@code lines} lines if not null) and, with {@code follow}, more. */
  void print(Integer lines, boolean follow) {
    Optional<Located> located = locate();
    if (located.isEmpty() && !follow) {
      throw new CliFailure(
          CliFailure.REFUSED,
          "the "
              + file
              + " of task "
              + task.id()
              + " is not in its sandbox ("
              + String.join(" or ", candidates())
              + "): the task may not have started yet, or its sandbox was removed");
    }
    long offset = 0;
    String path = null;
    if (located.isPresent()) {
      path = located.get().path();
      offset = lines == null ? 0 : tailStart(path, located.get().size(), lines);
    }
    if (!follow) {
      readToEnd(path, offset);
      return;
    }
    follow(path, offset);
  }

  private record Located(String path, long size) {}

  private Optional<Located> locate() {
    for (String p : candidates()) {
      Optional<JsonNode> r = read(p, -1, null);
      if (r.isPresent()) {
        return Optional.of(new Located(p, r.get().path("offset").asLong()));
      }
    }
    return Optional.empty();
  }

  /** Reads from {@code offset} until a read brings nothing; returns the offset reached. */
  private long readToEnd(String path, long offset) {
    while (true) {
      JsonNode r = read(path, offset, CHUNK).orElseThrow(() -> gone(path));
      String data = r.path("data").asText("");
      if (data.isEmpty()) {
        return offset;
      }
      env.out().print(data);
      env.out().flush();
      offset = r.path("offset").asLong(offset) + utf8Length(data);
    }
  }

  private void follow(String path, long offset) {
    Duration backoff = INTERVAL;
    boolean failing = false;
    while (true) {
      Duration next;
      try {
        if (path == null) {
          path = locate().map(Located::path).orElse(null); // not created yet: look again later
        }
        if (path != null) {
          offset = readToEnd(path, offset);
        }
        if (failing) {
          env.err().println("mezzo: reading " + file + " of task " + task.id() + " again");
          env.err().flush();
          failing = false;
        }
        backoff = INTERVAL;
        if (terminal()) {
          if (path != null) {
            readToEnd(path, offset); // what it wrote last, between the read and the state check
          }
          return;
        }
        next = INTERVAL;
      } catch (CliFailure f) {
        if (!failing) {
          env.err().println("mezzo: " + f.lines().get(0) + "; retrying");
          env.err().flush();
          failing = true;
        }
        next = backoff;
        backoff = min(backoff.multipliedBy(2), MAX_BACKOFF);
      }
      try {
        env.pause().pause(next);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return; // Ctrl-C: what was printed stays printed
      }
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** Whether the master reports the task ended (or no longer knows it). */
  private boolean terminal() {
    JsonNode tasks =
        http.get("/master/tasks?task_id=" + encode(task.id()) + "&limit=1").path("tasks");
    return tasks.isEmpty() || MesosTasks.isTerminal(tasks.path(0).path("state").asText());
  }

  /**
   * Where the last {@code lines} lines start: reads backwards in growing windows until enough line
   * ends are seen (a final newline does not count) or the file's start is reached.
   */
  private long tailStart(String path, long size, int lines) {
    if (lines == 0) {
      return size;
    }
    long window = CHUNK;
    while (true) {
      long from = Math.max(0, size - window);
      String text = readRange(path, from, size);
      int end = text.endsWith("\n") ? text.length() - 1 : text.length();
      int seen = 0;
      for (int i = end - 1; i >= 0; i--) {
        if (text.charAt(i) == '\n' && ++seen == lines) {
          return from + utf8Length(text.substring(0, i + 1));
        }
      }
      if (from == 0) {
        return 0;
      }
      window *= 2;
    }
  }

  private String readRange(String path, long from, long to) {
    StringBuilder b = new StringBuilder();
    long at = from;
    while (at < to) {
      JsonNode r = read(path, at, (int) Math.min(CHUNK, to - at)).orElseThrow(() -> gone(path));
      String data = r.path("data").asText("");
      if (data.isEmpty()) {
        break;
      }
      b.append(data);
      at = r.path("offset").asLong(at) + utf8Length(data);
    }
    return b.toString();
  }

  /** One {@code /files/read}; empty on 404 (no such file). */
  private Optional<JsonNode> read(String path, long offset, Integer length) {
    String query =
        "/files/read?path="
            + encode(path)
            + "&offset="
            + offset
            + (length == null ? "" : "&length=" + length)
            + "&agent_id="
            + encode(task.json().path("slave_id").asText());
    Optional<String> text = http.readText(query, 404);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(MasterHttp.JSON.readTree(text.get()));
    } catch (java.io.IOException e) {
      throw new CliFailure(CliFailure.REFUSED, "/files/read answered a body that is not JSON");
    }
  }

  private CliFailure gone(String path) {
    return new CliFailure(CliFailure.REFUSED, path + " was removed while reading it");
  }

  static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
