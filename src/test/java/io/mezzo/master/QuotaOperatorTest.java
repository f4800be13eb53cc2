package io.mezzo.master;

import static io.mezzo.master.MasterHarness.get;
import static io.mezzo.testing.ProtoOracle.Schema.MASTER_RESPONSE;
import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.MesosJson;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.master.Call;
import io.mezzo.api.v1.master.Response;
import io.mezzo.api.wire.WireCodec;
import io.mezzo.master.state.InMemoryStateStore;
import io.mezzo.security.AuthenticationFlags;
import io.mezzo.security.Caller;
import io.mezzo.security.acl.Acls;
import io.mezzo.security.acl.LocalAuthorizer;
import io.mezzo.testing.ProtoOracle;
import java.util.Map;
import org.apache.mesos.v1.Protos.Value;
import org.apache.mesos.v1.master.Protos;
import org.apache.mesos.v1.quota.Protos.QuotaConfig;
import org.apache.mesos.v1.quota.Protos.QuotaInfo;
import org.apache.mesos.v1.quota.Protos.QuotaStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The quota calls through a master built from constructors: UPDATE_QUOTA in JSON and in protobuf,
 * GET_QUOTA checked against the official protos, the deprecated SET_QUOTA/REMOVE_QUOTA, every
 * refusal (400, nothing changed), the capacity check and {@code force}, the ACLs, a restart, and
 * offers that keep to a limit.
 */
class QuotaOperatorTest {
  private final InMemoryStateStore store = new InMemoryStateStore();
  private MasterHarness h = new MasterHarness(store);

  @AfterEach
  void stop() {
    h.close();
  }

  private CallResult call(Call call) {
    CallResult r = get(h.master.operatorCall(call));
    h.settle();
    return r;
  }

  /** A call as an operator's tool sends it in JSON. */
  private CallResult json(String body) {
    return call(MesosJson.read(body, Call.class));
  }

  private static Value.Scalar scalar(double v) {
    return Value.Scalar.newBuilder().setValue(v).build();
  }

  private static String update(String configs) {
    return "{\"type\":\"UPDATE_QUOTA\",\"update_quota\":{\"quota_configs\":[" + configs + "]}}";
  }

  /** GET_QUOTA, strictly parsed as the official Response; its status. */
  private QuotaStatus quota() {
    CallResult r = call(Call.of(Call.Type.GET_QUOTA));
    assertThat(r.status()).isEqualTo(200);
    ProtoOracle.check(MASTER_RESPONSE, MesosJson.writeString(r.body()));
    Protos.Response proto = (Protos.Response) WireCodec.toMessage(r.body());
    return proto.getGetQuota().getStatus();
  }

  @Test
  void anUpdateInJsonIsShownAsConfigsAndLegacyInfos() {
    h.registerAgent("cpus:8;mem:4096");
    CallResult r =
        json(
            update(
                "{\"role\":\"a\",\"guarantees\":{\"cpus\":{\"value\":2}},"
                    + "\"limits\":{\"cpus\":{\"value\":4},\"mem\":{\"value\":2048}}}"));
    assertThat(r.status()).as(r.message()).isEqualTo(200);

    assertThat(quota())
        .isEqualTo(
            QuotaStatus.newBuilder()
                .addInfos(
                    QuotaInfo.newBuilder()
                        .setRole("a")
                        .addGuarantee(
                            org.apache.mesos.v1.Protos.Resource.newBuilder()
                                .setName("cpus")
                                .setType(Value.Type.SCALAR)
                                .setScalar(scalar(2))))
                .addConfigs(
                    QuotaConfig.newBuilder()
                        .setRole("a")
                        .putGuarantees("cpus", scalar(2))
                        .putLimits("cpus", scalar(4))
                        .putLimits("mem", scalar(2048)))
                .build());
  }

  @Test
  void anUpdateInProtobufIsTheSame() {
    h.registerAgent("cpus:8;mem:4096");
    Protos.Call proto =
        Protos.Call.newBuilder()
            .setType(Protos.Call.Type.UPDATE_QUOTA)
            .setUpdateQuota(
                Protos.Call.UpdateQuota.newBuilder()
                    .addQuotaConfigs(
                        QuotaConfig.newBuilder().setRole("eng/web").putLimits("cpus", scalar(3))))
            .build();
    CallResult r = call(WireCodec.decode(proto.toByteArray(), Call.class));
    assertThat(r.status()).as(r.message()).isEqualTo(200);
    assertThat(quota().getConfigsList())
        .containsExactly(
            QuotaConfig.newBuilder().setRole("eng/web").putLimits("cpus", scalar(3)).build());
    // No guarantee: the legacy info lists the role with nothing guaranteed.
    assertThat(quota().getInfos(0).getGuaranteeList()).isEmpty();
  }

  @Test
  void aGuaranteeBeyondTheClusterIsRefusedUnlessForced() {
    h.registerAgent("cpus:4;mem:1024");
    CallResult r = json(update("{\"role\":\"a\",\"guarantees\":{\"cpus\":{\"value\":5}}}"));
    // The cluster has cpus:4; a guarantee of cpus:5 does not fit.
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.message()).contains("role 'a'").contains("cpus:5.0").contains("force");
    assertThat(quota().getConfigsCount()).isZero();

    CallResult forced =
        json(
            "{\"type\":\"UPDATE_QUOTA\",\"update_quota\":{\"force\":true,\"quota_configs\":"
                + "[{\"role\":\"a\",\"guarantees\":{\"cpus\":{\"value\":5}}}]}}");
    assertThat(forced.status()).as(forced.message()).isEqualTo(200);
    assertThat(quota().getConfigs(0).getGuaranteesOrThrow("cpus").getValue()).isEqualTo(5.0);
  }

  @Test
  void badConfigsAre400AndChangeNothing() {
    h.registerAgent("cpus:8;mem:4096;ports:[31000-32000]");
    Map<String, String> refusals =
        Map.of(
            "{\"role\":\"a\",\"guarantees\":{\"cpus\":{\"value\":3}},"
                + "\"limits\":{\"cpus\":{\"value\":2}}}",
            "is above its limit",
            "{\"role\":\"a\",\"limits\":{\"cpus\":{\"value\":-1}}}",
            "is negative",
            "{\"role\":\"a\",\"limits\":{\"ports\":{\"value\":10}}}",
            "scalar resources only",
            "{\"role\":\"a//b\",\"limits\":{\"cpus\":{\"value\":1}}}",
            "empty level",
            "{\"role\":\"*\",\"limits\":{\"cpus\":{\"value\":1}}}",
            "default role '*'",
            "{\"role\":\"a\",\"limits\":{\"cpus\":{\"value\":1}}},"
                + "{\"role\":\"a\",\"limits\":{\"cpus\":{\"value\":2}}}",
            "more than once",
            "{\"role\":\"eng\",\"guarantees\":{\"cpus\":{\"value\":2}}},"
                + "{\"role\":\"eng/web\",\"guarantees\":{\"cpus\":{\"value\":2}}},"
                + "{\"role\":\"eng/db\",\"guarantees\":{\"cpus\":{\"value\":1}}}",
            "children of role 'eng' add up to cpus:3.0");
    refusals.forEach(
        (configs, why) -> {
          CallResult r = json(update(configs));
          assertThat(r.status()).as(configs).isEqualTo(400);
          assertThat(r.message()).as(configs).startsWith("Invalid QuotaConfig: ").contains(why);
        });
    assertThat(call(Call.of(Call.Type.UPDATE_QUOTA)).status()).isEqualTo(400);
    assertThat(quota()).isEqualTo(QuotaStatus.getDefaultInstance());
  }

  @Test
  void theDeprecatedCallsSetAndRemoveAQuota() {
    h.registerAgent("cpus:8;mem:4096");
    String set =
        "{\"type\":\"SET_QUOTA\",\"set_quota\":{\"quota_request\":{\"role\":\"a\",\"guarantee\":"
            + "[{\"name\":\"cpus\",\"type\":\"SCALAR\",\"scalar\":{\"value\":2}}]}}}";
    assertThat(json(set).status()).isEqualTo(200);
    // Mesos 1.9+ sets the guarantee and the limit alike for the old API.
    assertThat(quota().getConfigsList())
        .containsExactly(
            QuotaConfig.newBuilder()
                .setRole("a")
                .putGuarantees("cpus", scalar(2))
                .putLimits("cpus", scalar(2))
                .build());
    CallResult again = json(set);
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.message()).contains("already has a quota");

    String remove = "{\"type\":\"REMOVE_QUOTA\",\"remove_quota\":{\"role\":\"a\"}}";
    assertThat(json(remove).status()).isEqualTo(200);
    assertThat(quota().getConfigsCount()).isZero();
    CallResult none = json(remove);
    assertThat(none.status()).isEqualTo(400);
    assertThat(none.message()).contains("has no quota set");

    String ranges =
        "{\"type\":\"SET_QUOTA\",\"set_quota\":{\"quota_request\":{\"role\":\"a\",\"guarantee\":"
            + "[{\"name\":\"ports\",\"type\":\"RANGES\","
            + "\"ranges\":{\"range\":[{\"begin\":1,\"end\":2}]}}]}}}";
    CallResult bad = json(ranges);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.message()).contains("not a scalar resource");
  }

  @Test
  void aSettingToTheDefaultRemovesTheQuota() {
    h.registerAgent("cpus:8;mem:4096");
    json(update("{\"role\":\"a\",\"limits\":{\"cpus\":{\"value\":1}}}"));
    assertThat(json(update("{\"role\":\"a\"}")).status()).isEqualTo(200);
    assertThat(quota().getConfigsCount()).isZero();
  }

  @Test
  void quotasSurviveARestart() {
    h.registerAgent("cpus:8;mem:4096");
    json(update("{\"role\":\"a\",\"guarantees\":{\"cpus\":{\"value\":1}}}"));
    h.close();
    h = new MasterHarness(store);
    assertThat(quota().getConfigs(0).getRole()).isEqualTo("a");
    java.util.Set<String> inAllocator =
        get(h.master.inspect(s -> java.util.Set.copyOf(s.allocator().quotas().keySet())));
    assertThat(inAllocator).containsExactly("a");
  }

  @Test
  void offersKeepToARolesLimit() {
    h.registerAgent("cpus:2;mem:1024");
    h.registerAgent("cpus:2;mem:1024");
    json(update("{\"role\":\"b\",\"limits\":{\"cpus\":{\"value\":3}}}"));
    MasterHarness.Fw b =
        h.subscribe(
            FrameworkInfo.builder()
                .user("root")
                .name("b")
                .role("b")
                .failoverTimeout(0.0)
                .checkpoint(false)
                .build());
    h.allocate();
    // Two agents of cpus:2 under a limit of cpus:3: one whole, one chopped to cpus:1.
    double cpus = b.offers().stream().mapToDouble(QuotaOperatorTest::cpus).sum();
    assertThat(cpus).isEqualTo(3.0);
  }

  @Test
  void rolesAndMetricsShowGuaranteeLimitAndConsumption() {
    h.registerAgent("cpus:2;mem:1024");
    json(
        update(
            "{\"role\":\"b\",\"guarantees\":{\"cpus\":{\"value\":1}},"
                + "\"limits\":{\"cpus\":{\"value\":1.5}}}"));
    MasterHarness.Fw b =
        h.subscribe(
            FrameworkInfo.builder()
                .user("root")
                .name("b")
                .role("b")
                .failoverTimeout(0.0)
                .checkpoint(false)
                .build());
    h.allocate();
    assertThat(b.offers()).isNotEmpty();
    Map<String, Double> m =
        get(h.master.inspect(s -> io.mezzo.master.operator.MasterMetricsSnapshot.of(s, 0)));
    // Offered cpus:1.5 of 2 (the limit), all the mem.
    assertThat(m)
        .containsEntry("allocator/mesos/quota/roles/b/resources/cpus/guarantee", 1.0)
        .containsEntry("allocator/mesos/quota/roles/b/resources/cpus/limit", 1.5)
        .containsEntry("allocator/mesos/quota/roles/b/resources/cpus/offered_or_allocated", 1.5);
    com.fasterxml.jackson.databind.JsonNode roles =
        get(h.master.inspect(io.mezzo.master.operator.LegacySummaryJson::roles));
    com.fasterxml.jackson.databind.JsonNode quota = null;
    for (com.fasterxml.jackson.databind.JsonNode r : roles.path("roles")) {
      if (r.path("name").asText().equals("b")) {
        quota = r.path("quota");
      }
    }
    assertThat(quota).isNotNull();
    assertThat(quota.path("guarantee").path("cpus").asDouble()).isEqualTo(1.0);
    assertThat(quota.path("limit").path("cpus").asDouble()).isEqualTo(1.5);
    assertThat(quota.path("consumed").path("cpus").asDouble()).isEqualTo(1.5);
    assertThat(quota.path("consumed").path("mem").asDouble()).isEqualTo(1024.0);
  }

  private static double cpus(Offer o) {
    return o.resources().stream()
        .filter(r -> r.name().equals("cpus"))
        .mapToDouble(r -> r.scalar().value())
        .sum();
  }

  @Test
  void updateQuotasAndGetQuotasAreAuthorizedPerRole() {
    h.close();
    String acls =
        """
        {"permissive": false,
         "update_quotas": [{"principals": {"values": ["ops"]}, "roles": {"values": ["a"]}}],
         "get_quotas": [{"principals": {"values": ["ops"]}, "roles": {"values": ["a"]}}]}
        """;
    h =
        new MasterHarness(
            new InMemoryStateStore(),
            MasterConfig.defaults()
                .withSecurity(
                    AuthenticationFlags.OFF, new LocalAuthorizer(Acls.parse("test", acls))));
    Call a =
        MesosJson.read(update("{\"role\":\"a\",\"limits\":{\"cpus\":{\"value\":1}}}"), Call.class);
    Call b =
        MesosJson.read(update("{\"role\":\"b\",\"limits\":{\"cpus\":{\"value\":1}}}"), Call.class);
    assertThat(get(h.master.operatorCall(a, Caller.of("ops"))).status()).isEqualTo(200);
    CallResult refused = get(h.master.operatorCall(b, Caller.of("ops")));
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.message()).contains("update_quotas");
    assertThat(get(h.master.operatorCall(a, Caller.of("eve"))).status()).isEqualTo(403);
    // Forced past the ACL by the node itself, b has a quota too; ops sees only a's.
    assertThat(call(b).status()).isEqualTo(200);
    Response seen =
        (Response)
            get(h.master.operatorCall(Call.of(Call.Type.GET_QUOTA), Caller.of("ops"))).body();
    assertThat(seen.getQuota().status().configs())
        .extracting(io.mezzo.api.v1.master.QuotaStatus.Config::role)
        .containsExactly("a");
  }
}
