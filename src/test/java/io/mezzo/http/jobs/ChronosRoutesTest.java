package io.mezzo.http.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.bootstrap.TestNodes;
import io.mezzo.framework.jobs.JobsApi;
import io.mezzo.framework.jobs.job.JobDefinition;
import io.mezzo.testing.RawExchange;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Chronos routes on a real Vert.x server over an in-memory framework: what reaches the wire
 * under both prefixes (statuses, content types, Allow, JSON errors from the edge), a standby's
 * redirect, and a framework that does not answer.
 */
class ChronosRoutesTest {
  private static final int LIMIT = 4000;
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private final InMemoryJobs jobs =
      new InMemoryJobs()
          .with(
              InMemoryJobs.job(
                  JobDefinition.scheduled("etl", "run.sh", "R/2026-12-02T00:00:00Z/P1D")));
  private final AtomicReference<Optional<JobsApi>> api = new AtomicReference<>(Optional.of(jobs));
  private final AtomicReference<Optional<String>> leader =
      new AtomicReference<>(Optional.of("m1:5050"));
  private final AtomicBoolean standby = new AtomicBoolean();
  private Vertx vertx;
  private URI base;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    ChronosRoutes routes =
        new ChronosRoutes(
            new ChronosRoutes.Deps(
                rc -> {
                  if (!standby.get()) {
                    return false;
                  }
                  rc.response()
                      .setStatusCode(307)
                      .putHeader("Location", "//m1:5050" + rc.request().path())
                      .end();
                  return true;
                },
                api::get,
                leader::get,
                Clock.systemUTC(),
                LIMIT,
                Duration.ofMillis(500)));
    base = URI.create("http://127.0.0.1:" + TestNodes.serve(vertx, routes::register));
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v1/scheduler", "/scheduler"})
  void everyChangeIs204OnBothPrefixes(String prefix) throws Exception {
    assertThat(send("PUT", prefix + "/job/etl?arguments=-v", null).status()).isEqualTo(204);
    assertThat(send("DELETE", prefix + "/task/kill/etl", null).status()).isEqualTo(204);
    assertThat(send("DELETE", prefix + "/job/etl", null).status()).isEqualTo(204);
    assertThat(jobs.calls).containsExactly("run etl -v", "kill etl", "delete etl");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v1/scheduler", "/scheduler"})
  void readsAreJsonOrTextAsChronosWritesThem(String prefix) throws Exception {
    RawExchange.Answer stat = send("GET", prefix + "/job/stat/etl", null);
    assertThat(stat.status()).isEqualTo(200);
    assertThat(stat.headers().get("content-type")).startsWith("application/json");
    assertThat(stat.text()).contains("\"taskStatHistory\":[]");
    RawExchange.Answer success = send("PUT", prefix + "/job/success/etl", null);
    assertThat(success.status()).isEqualTo(200);
    assertThat(success.headers().get("content-type")).startsWith("text/plain");
    assertThat(success.text()).isEqualTo("marked job etl as successful: true");
    RawExchange.Answer lead = send("GET", prefix + "/leader", null);
    assertThat(lead.status()).isEqualTo(200);
    assertThat(lead.text()).isEqualTo("{\"leader\":\"m1:5050\"}");
    assertThat(lead.headers())
        .containsEntry("cache-control", "no-cache, no-store, must-revalidate");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v1/scheduler", "/scheduler"})
  void refusalsAreChronosJsonErrors(String prefix) throws Exception {
    RawExchange.Answer unknown = send("DELETE", prefix + "/job/nope", null);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.headers().get("content-type")).startsWith("application/json");
    assertThat(unknown.text())
        .isEqualTo("{\"status\":\"Not Found\",\"message\":\"Job 'nope' not found\"}");
    RawExchange.Answer method = send("POST", prefix + "/jobs", "{}");
    assertThat(method.status()).isEqualTo(405);
    assertThat(method.headers()).containsEntry("allow", "GET");
    assertThat(method.text()).contains("Method POST is not allowed on " + prefix + "/jobs");
    RawExchange.Answer nowhere = send("GET", prefix + "/jobz", null);
    assertThat(nowhere.status()).isEqualTo(404);
    assertThat(nowhere.text()).contains("No such endpoint: " + prefix + "/jobz");
    RawExchange.Answer param = send("DELETE", prefix + "/job/etl?force=true", null);
    assertThat(param.status()).isEqualTo(400);
    assertThat(param.text()).contains("Unknown query parameter 'force'");
    assertThat(jobs.calls).doesNotContain("delete etl");
  }

  @Test
  void edgeErrorsAreChronosJson() throws Exception {
    RawExchange.Answer big =
        send("POST", "/v1/scheduler/iso8601", "{\"name\":\"" + "a".repeat(LIMIT) + "\"}");
    assertThat(big.status()).isEqualTo(413);
    assertThat(big.text()).contains("\"message\":\"Request body is larger than " + LIMIT);
    RawExchange.Answer bad = send("POST", "/scheduler/iso8601", "{\"name\":");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.text()).contains("Request body is not valid JSON");
    RawExchange.Answer array = send("POST", "/scheduler/dependency", "[]");
    assertThat(array.status()).isEqualTo(400);
    assertThat(array.text()).contains("must be a JSON object (a job definition), not array");
    RawExchange.Answer empty = send("POST", "/scheduler/dependency", "");
    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.text()).contains("Request body is empty");
    assertThat(jobs.calls).isEmpty();
  }

  @Test
  void withoutTheFrameworkEveryJobCallIs503ButTheLeaderIsKnown() throws Exception {
    api.set(Optional.empty());
    RawExchange.Answer down = send("GET", "/v1/scheduler/jobs", null);
    assertThat(down.status()).isEqualTo(503);
    assertThat(down.text()).contains("jobs framework is not running");
    assertThat(send("GET", "/scheduler/leader", null).status()).isEqualTo(200);
    leader.set(Optional.empty());
    RawExchange.Answer none = send("GET", "/scheduler/leader", null);
    assertThat(none.status()).isEqualTo(503);
    assertThat(none.text()).contains("No leader elected");
  }

  @Test
  void aStandbySendsJobCallsToTheLeaderAndAnswersLeaderItself() throws Exception {
    standby.set(true);
    RawExchange.Answer moved = send("GET", "/v1/scheduler/jobs", null);
    assertThat(moved.status()).isEqualTo(307);
    assertThat(moved.headers()).containsEntry("location", "//m1:5050/v1/scheduler/jobs");
    RawExchange.Answer lead = send("GET", "/v1/scheduler/leader", null);
    assertThat(lead.status()).isEqualTo(200);
    assertThat(lead.text()).contains("m1:5050");
  }

  @Test
  void aFrameworkThatDoesNotAnswerIs503AfterTheCallTimeout() throws Exception {
    jobs.stalled = true;
    RawExchange.Answer slow = send("GET", "/v1/scheduler/jobs", null);
    assertThat(slow.status()).isEqualTo(503);
    assertThat(slow.text()).contains("jobs framework did not answer within 500 ms");
  }

  @Test
  void anEmptyFrameworkListsNoJobs() throws Exception {
    api.set(Optional.of(new InMemoryJobs()));
    RawExchange.Answer list = send("GET", "/v1/scheduler/jobs/", null);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.text()).isEqualTo("[]");
    assertThat(send("GET", "/scheduler/jobs/search?any=x", null).text()).isEqualTo("[]");
  }

  @Test
  void aBugIs500WithAnErrorIdAndNoDetail() throws Exception {
    api.set(
        Optional.of(
            new InMemoryJobs() {
              @Override
              public synchronized java.util.concurrent.CompletionStage<Void> killTasks(
                  String name) {
                throw new IllegalStateException("secret internals");
              }
            }));
    RawExchange.Answer bug = send("DELETE", "/scheduler/task/kill/etl", null);
    assertThat(bug.status()).isEqualTo(500);
    assertThat(bug.text())
        .contains("Internal error (error id ")
        .contains("the node's log has the details")
        .doesNotContain("secret");
  }

  @Test
  void onlyChronosPrefixesAreMounted() throws Exception {
    // Mesos's scheduler API shares the word; it must never reach the Chronos routes.
    RawExchange.Answer mesos = send("POST", "/api/v1/scheduler", "{}");
    assertThat(mesos.status()).isEqualTo(404);
    assertThat(mesos.text()).doesNotContain("chronos-api");
    assertThat(send("GET", "/v1/schedulerx/jobs", null).text()).doesNotContain("chronos-api");
  }

  private RawExchange.Answer send(String method, String path, String body) throws Exception {
    return RawExchange.exchange(
        base,
        new RawExchange.Request(
            method,
            path,
            RawExchange.headers("Content-Type", "application/json"),
            body == null ? null : body.getBytes(StandardCharsets.UTF_8),
            false),
        TIMEOUT);
  }
}
