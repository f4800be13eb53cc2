package io.mezzo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.testing.MezzoProcess;
import io.mezzo.testing.OperatorHttp;
import io.mezzo.testing.ProtobufHttp;
import io.mezzo.testing.V1SchedulerClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import org.apache.mesos.v1.master.Protos;
import org.junit.jupiter.api.Test;

/**
 * Quota on the packaged jar (one standalone node, cpus:4): role {@code a} is guaranteed cpus:2 and
 * mem:1024, role {@code b} is limited to cpus:1. {@code b} subscribes first and holds its offers,
 * yet {@code a} gets its guarantee (the headroom kept it for a), and {@code b} never holds more
 * than its limit; the quotas survive a restart of the node; the legacy {@code /quota} endpoint
 * sets, shows and removes a quota. Waits are on state (the allocator's quota gauges), bounded.
 */
class QuotaIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String RESOURCES = "cpus:4;mem:2048;disk:1024;ports:[31000-31100]";

  private static String framework(String name, String role) {
    return "{\"user\":\""
        + System.getProperty("user.name")
        + "\",\"name\":\""
        + name
        + "\",\"role\":\""
        + role
        + "\",\"failover_timeout\":0.0}";
  }

  private static double gauge(URI base, String name) {
    return OperatorHttp.get(base, "/metrics/snapshot").json().path(name).asDouble(-1);
  }

  private static String consumed(String role) {
    return "allocator/mesos/quota/roles/" + role + "/resources/cpus/offered_or_allocated";
  }

  /** GET_QUOTA in protobuf and in JSON, parsed strictly with the official protos: the same. */
  private static Protos.Response getQuota(URI base) {
    return ProtobufHttp.assertSameInBothFormats(
        base,
        "/api/v1",
        Protos.Call.newBuilder().setType(Protos.Call.Type.GET_QUOTA).build(),
        Protos.Response.getDefaultInstance());
  }

  @Test
  void guaranteesAndLimitsHoldAndSurviveARestart() throws Exception {
    MezzoProcess first =
        MezzoProcess.start("quota-1", "standalone", Map.of("mezzo.agent.resources", RESOURCES));
    Map<String, String> same =
        Map.of(
            "mezzo.agent.resources", RESOURCES,
            "quarkus.http.port", Integer.toString(first.port()),
            "mezzo.work-dir", first.workDir().toAbsolutePath().toString());
    URI base = first.baseUrl();
    try {
      OperatorHttp.Reply set =
          OperatorHttp.call(
              base,
              "/api/v1",
              "{\"type\":\"UPDATE_QUOTA\",\"update_quota\":{\"quota_configs\":["
                  + "{\"role\":\"a\",\"guarantees\":{\"cpus\":{\"value\":2},"
                  + "\"mem\":{\"value\":1024}}},"
                  + "{\"role\":\"b\",\"limits\":{\"cpus\":{\"value\":1}}}]}}");
      assertThat(set.status()).as(set.body()).isEqualTo(200);
      OperatorHttp.Reply tooMuch =
          OperatorHttp.call(
              base,
              "/api/v1",
              "{\"type\":\"UPDATE_QUOTA\",\"update_quota\":{\"quota_configs\":["
                  + "{\"role\":\"c\",\"guarantees\":{\"cpus\":{\"value\":3}}}]}}");
      // cpus:2 guaranteed to a already; cpus:3 more does not fit in cpus:4.
      assertThat(tooMuch.status()).isEqualTo(400);
      assertThat(tooMuch.body()).contains("role 'c'").contains("cpus");

      try (V1SchedulerClient b = V1SchedulerClient.subscribe(base, framework("quota-b", "b"))) {
        JsonNode offerB = b.awaitOffer(TIMEOUT);
        assertThat(V1SchedulerClient.scalar(offerB, "cpus")).isLessThanOrEqualTo(1.0);
        try (V1SchedulerClient a = V1SchedulerClient.subscribe(base, framework("quota-a", "a"))) {
          a.awaitOffer(TIMEOUT);
          // b holds its offer (cpus:1), yet a is offered its guarantee.
          await()
              .atMost(TIMEOUT)
              .untilAsserted(
                  () -> assertThat(gauge(base, consumed("a"))).isGreaterThanOrEqualTo(2.0));
          assertThat(gauge(base, consumed("b"))).isLessThanOrEqualTo(1.0);
          assertThat(gauge(base, "allocator/mesos/quota/roles/b/resources/cpus/limit"))
              .isEqualTo(1.0);
          // b declines and is offered again: never past its limit.
          b.decline(0.0, offerB);
          JsonNode again = b.awaitOffer(TIMEOUT);
          assertThat(V1SchedulerClient.scalar(again, "cpus")).isLessThanOrEqualTo(1.0);
          assertThat(gauge(base, consumed("b"))).isLessThanOrEqualTo(1.0);
          a.teardown();
        }
        b.teardown();
      }
    } finally {
      first.close();
    }

    MezzoProcess second = MezzoProcess.start("quota-2", "standalone", same);
    try {
      Protos.Response quota = getQuota(second.baseUrl());
      assertThat(quota.getGetQuota().getStatus().getConfigsList())
          .extracting(c -> c.getRole())
          .containsExactly("a", "b");
      assertThat(quota.getGetQuota().getStatus().getConfigs(1).getLimitsOrThrow("cpus").getValue())
          .isEqualTo(1.0);

      // The legacy endpoint: POST sets (guarantee and limit alike), GET shows, DELETE removes.
      OperatorHttp.Reply post =
          OperatorHttp.post(
              second.baseUrl(),
              "/quota",
              "{\"role\":\"eng/web\",\"guarantee\":[{\"name\":\"cpus\",\"type\":\"SCALAR\","
                  + "\"scalar\":{\"value\":1}}]}",
              Map.of("Content-Type", "application/json"));
      assertThat(post.status()).as(post.body()).isEqualTo(200);
      JsonNode shown = OperatorHttp.get(second.baseUrl(), "/quota").json();
      assertThat(shown.path("configs").toString()).contains("eng/web");
      assertThat(shown.path("infos").toString()).contains("eng/web");
      OperatorHttp.Reply delete =
          OperatorHttp.send(
              HttpRequest.newBuilder(second.baseUrl().resolve("/quota/eng/web"))
                  .timeout(TIMEOUT)
                  .DELETE()
                  .build());
      assertThat(delete.status()).as(delete.body()).isEqualTo(200);
      assertThat(OperatorHttp.get(second.baseUrl(), "/quota").body()).doesNotContain("eng/web");
      JsonNode roles = OperatorHttp.get(second.baseUrl(), "/roles").json();
      assertThat(roles.toString()).contains("\"guarantee\":{\"cpus\":2.0,\"mem\":1024.0}");
    } finally {
      second.close();
    }
  }
}
