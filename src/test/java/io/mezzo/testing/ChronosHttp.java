package io.mezzo.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Chronos REST client as a script would use one, against one master's {@code /scheduler} API:
 * JSON in, status and JSON out, every request bounded, no redirects followed (a test says which
 * master it means). Plus the readings the jobs ITs make of Chronos's answers: a job's counters and
 * its task history with the times and slot of each task.
 */
public final class ChronosHttp {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final HttpClient HTTP = V1SchedulerClient.newHttpClient();

  /** Chronos's own time format in {@code taskStatHistory}; second precision, UTC. */
  private static final DateTimeFormatter CHRONOS_TIME =
      DateTimeFormatter.ofPattern("MM/dd/yy HH:mm:ss");

  private final URI base;

  public ChronosHttp(URI base) {
    this.base = base;
  }

  public URI base() {
    return base;
  }

  /** An answer: status and body. */
  public record Reply(int status, String body) {
    public JsonNode json() {
      return V1SchedulerClient.parse(body);
    }
  }

  public Reply get(String path) {
    return send(request(path).GET());
  }

  public Reply post(String path, String json) {
    return send(request(path).POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  public Reply put(String path) {
    return send(request(path).PUT(HttpRequest.BodyPublishers.noBody()));
  }

  public Reply delete(String path) {
    return send(request(path).DELETE());
  }

  /**
   * Creates or replaces a job: a body with {@code parents} goes to {@code /scheduler/dependency},
   * any other to {@code /scheduler/iso8601}, as Chronos clients do.
   *
   * @throws IllegalStateException with the answer when it is not a 2xx
   */
  public void add(String json) {
    String path =
        V1SchedulerClient.parse(json).has("parents")
            ? "/scheduler/dependency"
            : "/scheduler/iso8601";
    Reply r = post(path, json);
    if (r.status() / 100 != 2) {
      throw new IllegalStateException("POST " + path + " answered " + r.status() + ": " + r.body());
    }
  }

  /** Every job as {@code GET /scheduler/jobs} lists it; throws unless it answers 200. */
  public List<JsonNode> jobs() {
    Reply r = get("/scheduler/jobs");
    if (r.status() != 200) {
      throw new IllegalStateException(
          "GET /scheduler/jobs answered " + r.status() + ": " + r.body());
    }
    List<JsonNode> out = new ArrayList<>();
    r.json().forEach(out::add);
    return out;
  }

  /** One job of the list, with its counters. */
  public Optional<JsonNode> job(String name) {
    return jobs().stream().filter(j -> j.path("name").asText().equals(name)).findFirst();
  }

  /** The job's {@code successCount}, or -1 while it is not listed. */
  public long successes(String name) {
    return job(name).map(j -> j.path("successCount").asLong()).orElse(-1L);
  }

  /** The job's {@code errorCount}, or -1 while it is not listed. */
  public long errors(String name) {
    return job(name).map(j -> j.path("errorCount").asLong()).orElse(-1L);
  }

  /** The job's {@code skippedCount} (a Mezzo extra), 0 when absent. */
  public long skipped(String name) {
    return job(name).map(j -> j.path("skippedCount").asLong()).orElse(0L);
  }

  /** {@code GET /scheduler/job/stat/NAME}'s {@code taskStatHistory}, in the order given. */
  public List<TaskStat> history(String name) {
    Reply r = get("/scheduler/job/stat/" + name);
    if (r.status() != 200) {
      throw new IllegalStateException(
          "GET /scheduler/job/stat/" + name + " answered " + r.status() + ": " + r.body());
    }
    List<TaskStat> out = new ArrayList<>();
    for (JsonNode s : r.json().path("taskStatHistory")) {
      out.add(
          new TaskStat(
              s.path("taskId").asText(),
              s.path("status").asText(),
              s.path("slaveId").asText(""),
              time(s.path("startTime")),
              time(s.path("endTime")),
              precision(s.path("startTime"))));
    }
    return out;
  }

  /** The Mesos tasks the master knows with this exact id (running or completed). */
  public List<JsonNode> masterTasks(String taskId) {
    Reply r = get("/master/tasks?task_id=" + URLEncoder.encode(taskId, StandardCharsets.UTF_8));
    List<JsonNode> out = new ArrayList<>();
    r.json().path("tasks").forEach(out::add);
    return out;
  }

  /**
   * One task of a job's history.
   *
   * @param precision how coarse its times are: Chronos prints seconds, Mezzo may print millis
   */
  public record TaskStat(
      String taskId,
      String status,
      String agentId,
      Optional<Instant> start,
      Optional<Instant> end,
      Duration precision) {
    /** The slot of a scheduled run, from its task id {@code ct:<slotMillis>:<attempt>:<job>:}. */
    public Instant slot() {
      return Instant.ofEpochMilli(Long.parseLong(part(1)));
    }

    /** Which attempt of its run this task is: 0 for the first, n for the n-th retry. */
    public int attempt() {
      return Integer.parseInt(part(2));
    }

    private String part(int i) {
      String[] parts = taskId.split(":");
      if (parts.length < 4 || !parts[0].equals("ct")) {
        throw new IllegalStateException("not a Chronos task id: " + taskId);
      }
      return parts[i];
    }
  }

  /** An ISO instant, or Chronos's {@code MM/dd/yy HH:mm:ss} (UTC); empty for "N/A" or absent. */
  static Optional<Instant> time(JsonNode n) {
    if (!n.isTextual() || n.asText().isBlank() || n.asText().equals("N/A")) {
      return Optional.empty();
    }
    String t = n.asText();
    try {
      return Optional.of(OffsetDateTime.parse(t).toInstant());
    } catch (DateTimeParseException notIso) {
      try {
        return Optional.of(LocalDateTime.parse(t, CHRONOS_TIME).toInstant(ZoneOffset.UTC));
      } catch (DateTimeParseException e) {
        throw new IllegalStateException("not a time: " + t, e);
      }
    }
  }

  private static Duration precision(JsonNode n) {
    return n.asText("").contains(".") ? Duration.ofMillis(1) : Duration.ofSeconds(1);
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path))
        .timeout(TIMEOUT)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json");
  }

  private static Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
