package io.mezzo.master;

import static io.mezzo.master.MasterHarness.get;
import static io.mezzo.testing.ProtoOracle.Schema.MASTER_CALL;
import static io.mezzo.testing.ProtoOracle.Schema.MASTER_RESPONSE;
import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.v1.MesosJson;
import io.mezzo.api.v1.master.Call;
import io.mezzo.api.v1.master.Response;
import io.mezzo.api.v1.master.Response.GetWeights.WeightInfo;
import io.mezzo.api.wire.WireCodec;
import io.mezzo.master.state.InMemoryStateStore;
import io.mezzo.security.AuthenticationFlags;
import io.mezzo.security.Caller;
import io.mezzo.security.acl.Acls;
import io.mezzo.security.acl.LocalAuthorizer;
import io.mezzo.testing.ProtoOracle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;
import org.apache.mesos.v1.master.Protos;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * UPDATE_WEIGHTS and GET_WEIGHTS on an in-process master: JSON and protobuf calls as the official
 * protos write them, answers checked against the protos, weights kept in the registry across a
 * restart, used by the allocator, shown by GET_ROLES, refused whole when one entry is bad or not
 * allowed.
 */
class WeightsOperatorTest {
  private final InMemoryStateStore store = new InMemoryStateStore();
  private MasterHarness h = new MasterHarness(store);

  @AfterEach
  void stop() {
    h.close();
  }

  private CallResult call(Call call) {
    return call(call, Caller.NODE);
  }

  private CallResult call(Call call, Caller caller) {
    CallResult r = get(h.master.operatorCall(call, caller));
    h.settle();
    return r;
  }

  /** A JSON call as a client writes it, checked against the official protos first. */
  private CallResult json(String body) {
    ProtoOracle.check(MASTER_CALL, body);
    return call(MesosJson.read(body, Call.class));
  }

  private Map<String, Double> weights() {
    CallResult r = call(Call.of(Call.Type.GET_WEIGHTS));
    assertThat(r.status()).as(r.message()).isEqualTo(200);
    Response response = (Response) r.body();
    ProtoOracle.check(MASTER_RESPONSE, MesosJson.writeString(response));
    Map<String, Double> out = new java.util.TreeMap<>();
    for (WeightInfo w : response.getWeights().weightInfos()) {
      out.put(w.role(), w.weight());
    }
    return out;
  }

  private static Call update(WeightInfo... infos) {
    return Call.updateWeights(new ArrayList<>(Arrays.asList(infos)));
  }

  @Test
  void jsonUpdateSetsTheWeightsGetWeightsAndGetRolesShowAndTheAllocatorUses() {
    CallResult r =
        json(
            """
            {"type":"UPDATE_WEIGHTS","update_weights":{"weight_infos":[
              {"role":"eng","weight":2.0},{"role":"eng/web","weight":3.5}]}}""");
    assertThat(r.status()).as(r.message()).isEqualTo(200);
    assertThat(r.body()).isNull();

    assertThat(weights()).isEqualTo(Map.of("eng", 2.0, "eng/web", 3.5));
    // A role that has only a weight is listed by GET_ROLES with it, as in Mesos.
    Response roles = (Response) call(Call.of(Call.Type.GET_ROLES)).body();
    ProtoOracle.check(MASTER_RESPONSE, MesosJson.writeString(roles));
    assertThat(MesosJson.writeString(roles)).contains("\"name\":\"eng\",\"weight\":2.0");

    // Roles not named keep their weights.
    assertThat(
            json("{\"type\":\"UPDATE_WEIGHTS\",\"update_weights\":{\"weight_infos\":"
                    + "[{\"role\":\"ops\",\"weight\":0.5}]}}")
                .status())
        .isEqualTo(200);
    assertThat(weights()).isEqualTo(Map.of("eng", 2.0, "eng/web", 3.5, "ops", 0.5));
  }

  @Test
  void theOfficialProtobufCallIsDecodedAndRun() {
    byte[] official =
        Protos.Call.newBuilder()
            .setType(Protos.Call.Type.UPDATE_WEIGHTS)
            .setUpdateWeights(
                Protos.Call.UpdateWeights.newBuilder()
                    .addWeightInfos(
                        org.apache.mesos.v1.Protos.WeightInfo.newBuilder()
                            .setRole("batch")
                            .setWeight(4)))
            .build()
            .toByteArray();

    Call decoded = WireCodec.decode(official, Call.class);

    assertThat(decoded.updateWeights().weightInfos()).containsExactly(new WeightInfo(4.0, "batch"));
    assertThat(call(decoded).status()).isEqualTo(200);
    Response response = (Response) call(Call.of(Call.Type.GET_WEIGHTS)).body();
    assertThat(WireCodec.toMessage(response))
        .isEqualTo(
            Protos.Response.newBuilder()
                .setType(Protos.Response.Type.GET_WEIGHTS)
                .setGetWeights(
                    Protos.Response.GetWeights.newBuilder()
                        .addWeightInfos(
                            org.apache.mesos.v1.Protos.WeightInfo.newBuilder()
                                .setRole("batch")
                                .setWeight(4)))
                .build());
  }

  @Test
  void weightsSurviveARestartAndTheAllocatorStartsWithThem() {
    assertThat(call(update(new WeightInfo(3.0, "eng/a"))).status()).isEqualTo(200);
    h.close();
    h = new MasterHarness(store);

    assertThat(weights()).isEqualTo(Map.of("eng/a", 3.0));
  }

  @Test
  void badEntriesRefuseTheWholeCallAndChangeNothing() {
    assertThat(call(update(new WeightInfo(2.0, "keep"))).status()).isEqualTo(200);
    Map<String, String> refused =
        Map.of(
            "zero",
            call(update(new WeightInfo(1.0, "a"), new WeightInfo(0.0, "b"))).message(),
            "negative",
            call(update(new WeightInfo(-1.0, "b"))).message(),
            "NaN",
            call(update(new WeightInfo(Double.NaN, "b"))).message(),
            "infinite",
            call(update(new WeightInfo(Double.POSITIVE_INFINITY, "b"))).message(),
            "empty level",
            call(update(new WeightInfo(2.0, "eng//a"))).message(),
            "dot level",
            call(update(new WeightInfo(2.0, "eng/.."))).message(),
            "twice",
            call(update(new WeightInfo(2.0, "x"), new WeightInfo(3.0, "x"))).message(),
            "no weight",
            call(update(new WeightInfo(null, "x"))).message(),
            "no role",
            call(update(new WeightInfo(1.0, null))).message());
    assertThat(refused.get("zero")).contains("invalid weight 0.0 for role 'b'", "positive");
    assertThat(refused.get("negative")).contains("invalid weight -1.0");
    assertThat(refused.get("NaN")).contains("invalid weight NaN");
    assertThat(refused.get("infinite")).contains("invalid weight Infinity");
    assertThat(refused.get("empty level")).contains("invalid role", "empty level");
    assertThat(refused.get("dot level")).contains("invalid role", "'..'");
    assertThat(refused.get("twice")).contains("role 'x' is given twice");
    assertThat(refused.get("no weight")).contains("has no 'weight'");
    assertThat(refused.get("no role")).contains("has no 'role'");
    assertThat(call(Call.of(Call.Type.UPDATE_WEIGHTS)).message())
        .contains("Expecting 'update_weights' to be present");
    assertThat(weights()).isEqualTo(Map.of("keep", 2.0));
  }

  @Test
  void startUpWeightsAreWrittenOnceAndThenTheRegistryWins() {
    h.close();
    h = new MasterHarness(store, MasterConfig.defaults().withWeights(Map.of("a", 2.0, "b", 3.5)));
    assertThat(weights()).isEqualTo(Map.of("a", 2.0, "b", 3.5));
    assertThat(call(update(new WeightInfo(5.0, "a"))).status()).isEqualTo(200);

    h.close();
    h = new MasterHarness(store, MasterConfig.defaults().withWeights(Map.of("a", 2.0, "b", 3.5)));
    // The registry's weights win over the setting once it holds some.
    assertThat(weights()).isEqualTo(Map.of("a", 5.0, "b", 3.5));
  }

  @Test
  void updateWeightsIsAuthorizedPerRole() {
    h.close();
    String acls =
        """
        {"update_weights": [
          {"principals": {"values": ["ops"]}, "roles": {"values": ["ops", "ops/%"]}},
          {"principals": {"type": "ANY"}, "roles": {"type": "NONE"}}]}""";
    h =
        new MasterHarness(
            store,
            MasterConfig.defaults()
                .withSecurity(
                    AuthenticationFlags.OFF, new LocalAuthorizer(Acls.parse("test", acls))));
    Caller ops = Caller.of("ops");

    assertThat(call(update(new WeightInfo(2.0, "ops/batch")), ops).status()).isEqualTo(200);
    CallResult refused = call(update(new WeightInfo(2.0, "ops"), new WeightInfo(2.0, "eng")), ops);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.message()).contains("update_weights", "eng");
    assertThat(call(update(new WeightInfo(2.0, "ops")), Caller.of("eve")).status()).isEqualTo(403);
    assertThat(weights()).isEqualTo(Map.of("ops/batch", 2.0));
  }

  @Test
  void aChangedWeightOfASubscribedRoleRescindsOutstandingOffersAsMesosDoes() {
    MasterHarness.Fw fw =
        h.subscribe(
            io.mezzo.api.v1.FrameworkInfo.builder()
                .user("root")
                .name("web")
                .role("eng/web")
                .build());
    h.registerAgent("cpus:4;mem:1024");
    h.allocate();
    assertThat(fw.offers()).hasSize(1);

    // No framework is under "ops": its offers stay.
    assertThat(call(update(new WeightInfo(2.0, "ops"))).status()).isEqualTo(200);
    assertThat(fw.stream.ofType(io.mezzo.api.v1.scheduler.Event.Type.RESCIND)).isEmpty();

    // "eng" is the parent of the framework's role: the offer is rescinded and made again.
    assertThat(call(update(new WeightInfo(2.0, "eng"))).status()).isEqualTo(200);
    assertThat(fw.stream.ofType(io.mezzo.api.v1.scheduler.Event.Type.RESCIND)).hasSize(1);
    h.allocate();
    assertThat(fw.offers()).hasSize(2);
  }
}
