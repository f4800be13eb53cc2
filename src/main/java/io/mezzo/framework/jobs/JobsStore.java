package io.mezzo.framework.jobs;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.framework.jobs.job.JobJson;
import io.mezzo.framework.sdk.FrameworkStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The jobs framework's state as documents in its {@link FrameworkStore}, one per job so none grows
 * past what ZooKeeper holds in a node:
 *
 * <pre>
 * framework-id     the FrameworkID the master gave us (text)
 * graph            every job name, parents before children, and the dependency tracker
 * job.&lt;name&gt;       one job: its definition (Chronos JSON), counters, cursor, skipped, runs
 * </pre>
 *
 * A deleted job's document is left empty (the store has no delete) and is not listed in {@code
 * graph}. Every write names the version last read or written, so a framework on a deposed master is
 * fenced with {@link FrameworkStore.StaleException}; a document never read (a job created now) has
 * its version read first. Blocking; called on the owner thread.
 */
final class JobsStore {
  static final String FRAMEWORK_ID = "framework-id";
  static final String GRAPH = "graph";

  private final FrameworkStore store;
  private final ObjectMapper json =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .build();
  private final Map<String, Long> versions = new HashMap<>();

  JobsStore(FrameworkStore store) {
    this.store = store;
  }

  /** The graph document: job names in topological order and child → parents satisfied. */
  record GraphDoc(List<String> jobs, Map<String, Set<String>> satisfied) {}

  /** One job's document; instants are null when unset. */
  record JobDoc(
      JsonNode definition,
      long successCount,
      long errorCount,
      long errorsSinceLastSuccess,
      Instant lastSuccess,
      Instant lastError,
      Instant cursor,
      Instant origin,
      long skipped,
      List<RunDoc> runs) {}

  /** One run; optional parts are null when unset. */
  record RunDoc(
      String runId,
      String trigger,
      Instant slot,
      long base,
      String arguments,
      int attempt,
      String state,
      String agentId,
      String executorId,
      Instant startTime,
      Instant endTime,
      Integer exitStatus,
      String message,
      Instant retryAt,
      String endReason) {}

  Optional<FrameworkId> frameworkId() {
    return read(FRAMEWORK_ID)
        .map(b -> new String(b, StandardCharsets.UTF_8))
        .filter(s -> !s.isBlank())
        .map(FrameworkId::of);
  }

  void saveFrameworkId(FrameworkId id) {
    write(FRAMEWORK_ID, id.value().getBytes(StandardCharsets.UTF_8));
  }

  Optional<GraphDoc> graph() {
    return read(GRAPH).map(b -> parse(b, GraphDoc.class));
  }

  void saveGraph(GraphDoc doc) {
    write(GRAPH, bytes(doc));
  }

  /** A job's document; empty when missing or left empty by a delete. */
  Optional<JobDoc> job(String name) {
    return read(jobDoc(name)).filter(b -> b.length > 0).map(b -> parse(b, JobDoc.class));
  }

  void saveJob(JobRecord job) {
    write(jobDoc(job.name()), bytes(doc(job)));
  }

  /** Leaves the job's document empty. */
  void dropJob(String name) {
    write(jobDoc(name), new byte[0]);
  }

  static String jobDoc(String name) {
    return "job." + name;
  }

  static JobDoc doc(JobRecord j) {
    JobsSnapshot.Counters c = j.counters;
    List<RunDoc> runs =
        j.runs.stream()
            .map(
                r ->
                    new RunDoc(
                        r.runId,
                        r.trigger,
                        r.slot.orElse(null),
                        r.base,
                        r.arguments.orElse(null),
                        r.attempt,
                        r.state,
                        r.agentId.orElse(null),
                        r.executorId.orElse(null),
                        r.startTime.orElse(null),
                        r.endTime.orElse(null),
                        r.exitStatus.orElse(null),
                        r.message.orElse(null),
                        r.retryAt.orElse(null),
                        r.endReason.orElse(null)))
            .toList();
    return new JobDoc(
        JobJson.definition(j.definition),
        c.successCount(),
        c.errorCount(),
        c.errorsSinceLastSuccess(),
        c.lastSuccess().orElse(null),
        c.lastError().orElse(null),
        j.cursor.orElse(null),
        j.origin,
        j.skipped,
        runs);
  }

  /** The job a document holds, without its schedule (parsed by the caller). */
  static JobRecord record(JobDoc d) {
    JobRecord j = new JobRecord(JobJson.parse(d.definition()).job());
    j.counters =
        new JobsSnapshot.Counters(
            d.successCount(),
            d.errorCount(),
            d.errorsSinceLastSuccess(),
            Optional.ofNullable(d.lastSuccess()),
            Optional.ofNullable(d.lastError()));
    j.cursor = Optional.ofNullable(d.cursor());
    j.origin = d.origin();
    j.skipped = d.skipped();
    for (RunDoc r : d.runs() == null ? List.<RunDoc>of() : d.runs()) {
      JobRun run =
          new JobRun(
              r.runId(),
              r.trigger(),
              Optional.ofNullable(r.slot()),
              r.base(),
              j.name(),
              Optional.ofNullable(r.arguments()));
      run.attempt = r.attempt();
      run.state = r.state();
      run.agentId = Optional.ofNullable(r.agentId());
      run.executorId = Optional.ofNullable(r.executorId());
      run.startTime = Optional.ofNullable(r.startTime());
      run.endTime = Optional.ofNullable(r.endTime());
      run.exitStatus = Optional.ofNullable(r.exitStatus());
      run.message = Optional.ofNullable(r.message());
      run.retryAt = Optional.ofNullable(r.retryAt());
      run.endReason = Optional.ofNullable(r.endReason());
      j.runs.add(run);
    }
    return j;
  }

  private Optional<byte[]> read(String name) {
    Optional<FrameworkStore.Document> doc = store.read(name);
    doc.ifPresent(d -> versions.put(name, d.version()));
    return doc.map(FrameworkStore.Document::data);
  }

  private void write(String name, byte[] data) {
    if (!versions.containsKey(name)) {
      read(name); // a document this copy never read: a job created now, or one deleted before
    }
    long v = store.write(name, data, versions.getOrDefault(name, FrameworkStore.ABSENT));
    versions.put(name, v);
  }

  private byte[] bytes(Object doc) {
    try {
      return json.writeValueAsBytes(doc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private <T> T parse(byte[] data, Class<T> type) {
    try {
      return json.readValue(data, type);
    } catch (IOException e) {
      throw new IllegalStateException(
          "stored jobs document is unreadable as " + type.getSimpleName() + ": " + e, e);
    }
  }
}
