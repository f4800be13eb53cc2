package io.mezzo.http.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.framework.jobs.JobsApi;
import io.mezzo.framework.jobs.JobsException;
import io.mezzo.framework.jobs.job.JobValidator;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Chronos's REST API over the jobs framework, without HTTP: a request (method, path after the
 * prefix, query, body) → a reply. It picks the endpoint by path and method, answers 404 for a path
 * Chronos does not serve and 405 (with {@code Allow}) for a method a path does not take, 503 while
 * the framework does not run here, and turns every refusal ({@link JobsException}, thrown or
 * completing the stage) into Chronos's error body. Anything else fails the stage: a bug, which the
 * HTTP edge answers 500 with an error id.
 */
public final class ChronosApi {
  private final Optional<JobsApi> api;
  private final Clock clock;
  private final Supplier<Optional<String>> leader;

  /**
   * @param api the framework, empty while it does not run on this node
   * @param leader the leading master's {@code host:port}, empty while none is known
   */
  public ChronosApi(Optional<JobsApi> api, Clock clock, Supplier<Optional<String>> leader) {
    this.api = api;
    this.clock = clock;
    this.leader = leader;
  }

  /** Answers {@code r}; never throws: a refusal is a reply, anything else fails the stage. */
  public CompletionStage<ChronosReply> handle(ChronosRequest r) {
    CompletionStage<ChronosReply> reply;
    try {
      reply = dispatch(r);
    } catch (JobsException e) {
      return CompletableFuture.completedFuture(ChronosReply.of(e));
    } catch (RuntimeException bug) {
      return CompletableFuture.failedFuture(bug);
    }
    return reply.handle(
        (ok, err) -> {
          if (err == null) {
            return ok;
          }
          Throwable cause = err;
          while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
          }
          if (cause instanceof JobsException e) {
            return ChronosReply.of(e);
          }
          throw new CompletionException(cause);
        });
  }

  private CompletionStage<ChronosReply> dispatch(ChronosRequest r) {
    String p = r.path().length() > 1 && r.path().endsWith("/") ? chop(r.path()) : r.path();
    String[] s = p.split("/", -1); // s[0] is the empty string before the leading slash
    Map<String, Supplier<CompletionStage<ChronosReply>>> m = new LinkedHashMap<>();
    if (p.equals("/leader")) {
      m.put("GET", () -> done(leader(r)));
    } else if (p.equals("/iso8601") || p.equals("/dependency")) {
      JobValidator.Kind kind =
          p.equals("/iso8601") ? JobValidator.Kind.SCHEDULED : JobValidator.Kind.DEPENDENT;
      // Chronos 2 took PUT as well as POST; both create or replace.
      m.put("POST", () -> writes().put(r, kind));
      m.put("PUT", () -> writes().put(r, kind));
    } else if (p.equals("/jobs")) {
      m.put("GET", () -> reads().list(r));
    } else if (p.equals("/jobs/search")) {
      m.put("GET", () -> reads().search(r));
    } else if (p.equals("/jobs/summary")) {
      m.put("GET", () -> reads().summary(r));
    } else if (s.length == 4 && s[1].equals("job") && s[2].equals("success") && named(s[3])) {
      m.put("PUT", () -> writes().markSuccess(r, s[3]));
    } else if (s.length == 4 && s[1].equals("job") && s[2].equals("stat") && named(s[3])) {
      m.put("GET", () -> reads().stat(r, s[3]));
    } else if (s.length == 6
        && s[1].equals("job")
        && s[3].equals("task")
        && s[5].equals("progress")
        && named(s[2])) {
      m.put("POST", () -> done(JobWrites.progress(s[2])));
    } else if (s.length == 3 && s[1].equals("job") && named(s[2])) {
      m.put("GET", () -> reads().show(r, s[2]));
      m.put("PUT", () -> writes().run(r, s[2]));
      m.put("DELETE", () -> writes().delete(r, s[2]));
    } else if (s.length == 4 && s[1].equals("task") && s[2].equals("kill") && named(s[3])) {
      m.put("DELETE", () -> writes().kill(r, s[3]));
    } else if (p.equals("/graph/dot")) {
      m.put("GET", () -> reads().dot(r));
    } else if (p.equals("/graph/csv")) {
      m.put("GET", () -> reads().csv(r));
    } else if (s.length == 3 && s[1].equals("stats") && named(s[2])) {
      m.put("GET", () -> reads().ranking(r, s[2]));
    } else {
      return done(
          ChronosReply.error(
              404, "No such endpoint: " + r.fullPath() + " (see docs/chronos-api.md)"));
    }
    Supplier<CompletionStage<ChronosReply>> h = m.get(r.method());
    if (h == null) {
      String allow = String.join(", ", m.keySet());
      return done(
          ChronosReply.error(
                  405,
                  "Method "
                      + r.method()
                      + " is not allowed on "
                      + r.fullPath()
                      + "; allowed: "
                      + allow)
              .withHeader("Allow", allow));
    }
    return h.get();
  }

  /** {@code GET /leader}: {@code {"leader": "host:port"}}, answered by any master. */
  private ChronosReply leader(ChronosRequest r) {
    r.allow();
    Optional<String> l = leader.get();
    if (l.isEmpty()) {
      return ChronosReply.error(503, "No leader elected");
    }
    ObjectNode out = ChronosJson.object();
    out.put("leader", l.get());
    return ChronosReply.ok(out);
  }

  private JobWrites writes() {
    return new JobWrites(running(), clock);
  }

  private JobReads reads() {
    return new JobReads(running());
  }

  private JobsApi running() {
    return api.orElseThrow(
        () ->
            new JobsException(
                503,
                "jobs framework is not running: it runs on the leading master once it has"
                    + " subscribed (or mezzo.jobs.enabled is false)"));
  }

  private static boolean named(String segment) {
    return !segment.isEmpty();
  }

  private static CompletionStage<ChronosReply> done(ChronosReply reply) {
    return CompletableFuture.completedFuture(reply);
  }

  private static String chop(String s) {
    return s.substring(0, s.length() - 1);
  }
}
