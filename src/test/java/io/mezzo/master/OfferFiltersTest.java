package io.mezzo.master;

import static io.mezzo.master.MasterHarness.get;
import static io.mezzo.testing.ProtoOracle.Schema.MASTER_RESPONSE;
import static io.mezzo.testing.ProtoOracle.Schema.SCHEDULER_CALL;
import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.MesosJson;
import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.scheduler.Call;
import io.mezzo.api.v1.scheduler.Event;
import io.mezzo.testing.ProtoOracle;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * FrameworkInfo {@code offer_filters} on an in-process master: subscriptions and updates written as
 * the official protos accept them; a role's {@code min_allocatable_resources} replaces the master's
 * minimum for that framework (bigger or smaller); bad filters are refused with a message;
 * GET_FRAMEWORKS shows them.
 */
class OfferFiltersTest {
  private final MasterHarness h = new MasterHarness();

  @AfterEach
  void stop() {
    h.close();
  }

  /** A FrameworkInfo of role {@code r} with {@code filters} as its offer_filters JSON. */
  private static FrameworkInfo info(String name, String filters) {
    String json =
        """
        {"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"root","name":"%s",
         "role":"r","offer_filters":%s}}}"""
            .formatted(name, filters);
    ProtoOracle.check(SCHEDULER_CALL, json);
    return MesosJson.read(json, Call.class).subscribe().frameworkInfo();
  }

  private static String minimum(String quantities) {
    return "{\"r\":{\"min_allocatable_resources\":{\"quantities\":[" + quantities + "]}}}";
  }

  private static List<String> offeredAgents(MasterHarness.Fw fw) {
    return fw.offers().stream().map(o -> o.agentId().value()).toList();
  }

  @Test
  void aFrameworksOwnMinimumKeepsSmallerAgentsAwayAndIsShownInGetFrameworks() {
    MasterHarness.Fw big =
        h.subscribe(info("big", minimum("{\"quantities\":{\"cpus\":{\"value\":4}}}")));
    MasterHarness.Ag small = h.registerAgent("cpus:2;mem:1024");
    h.allocate();
    assertThat(big.offers()).as("cpus:2 is below its cpus:4").isEmpty();

    MasterHarness.Ag large = h.registerAgent("cpus:8;mem:1024");
    h.allocate();
    assertThat(offeredAgents(big)).containsExactly(large.id.value());
    assertThat(offeredAgents(big)).doesNotContain(small.id.value());

    var r =
        get(
            h.master.operatorCall(
                io.mezzo.api.v1.master.Call.of(io.mezzo.api.v1.master.Call.Type.GET_FRAMEWORKS)));
    String body = MesosJson.writeString(r.body());
    ProtoOracle.check(MASTER_RESPONSE, body);
    assertThat(body)
        .contains(
            "\"offer_filters\":{\"r\":{\"min_allocatable_resources\":{\"quantities\":"
                + "[{\"quantities\":{\"cpus\":{\"value\":4.0}}}]}}}");
  }

  @Test
  void aFrameworksOwnMinimumMayBeBelowTheMastersAndAnEmptyListTakesAnything() {
    // The master's minimum is cpus:0.01|mem:32: an agent of cpus:0.005;mem:16 is offered to none
    // but a framework that asks for less (or gives an empty list, which takes any offer).
    MasterHarness.Fw plain = h.subscribe("plain");
    MasterHarness.Fw tiny =
        h.subscribe(info("tiny", minimum("{\"quantities\":{\"cpus\":{\"value\":0.001}}}")));
    h.registerAgent("cpus:0.005;mem:16");
    h.allocate();
    assertThat(plain.offers()).isEmpty();
    assertThat(tiny.offers()).hasSize(1);

    MasterHarness.Fw any = h.subscribe(info("any", "{\"r\":{\"min_allocatable_resources\":{}}}"));
    h.registerAgent("cpus:0.002;mem:8");
    h.allocate();
    assertThat(plain.offers()).isEmpty();
    assertThat(tiny.offers().size() + any.offers().size()).isEqualTo(2);
  }

  @Test
  void badFiltersAreRefusedOnSubscribeWithAMessage() {
    assertThat(refusal(info("x", "{\"other\":{}}")))
        .contains("offer_filters[other]", "not subscribed");
    assertThat(refusal(info("x", minimum("{\"quantities\":{}}"))))
        .contains("offer_filters[r]", "names no resource");
    assertThat(refusal(info("x", minimum("{\"quantities\":{\"cpus\":{\"value\":-1}}}"))))
        .contains("offer_filters[r]", "negative");
  }

  private String refusal(FrameworkInfo info) {
    RecordingFrameworkStream stream = new RecordingFrameworkStream();
    get(h.master.subscribe(Call.subscribe(info), stream));
    h.settle();
    assertThat(stream.ofType(Event.Type.SUBSCRIBED)).isEmpty();
    return stream.ofType(Event.Type.ERROR).get(0).error().message();
  }

  @Test
  void updateFrameworkChangesTheFiltersOrIsRefused() {
    MasterHarness.Fw fw =
        h.subscribe(info("fw", minimum("{\"quantities\":{\"cpus\":{\"value\":4}}}")));
    h.registerAgent("cpus:2;mem:1024");
    h.allocate();
    assertThat(fw.offers()).isEmpty();

    FrameworkInfo bad =
        info("fw", minimum("{\"quantities\":{\"cpus\":{\"value\":-2}}}")).withId(fw.id);
    var refused = fw.call(Call.updateFramework(fw.id, new Call.UpdateFramework(bad, null, null)));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.message()).contains("offer_filters[r]");

    FrameworkInfo lower =
        info("fw", minimum("{\"quantities\":{\"cpus\":{\"value\":1}}}")).withId(fw.id);
    var ok = fw.call(Call.updateFramework(fw.id, new Call.UpdateFramework(lower, null, null)));
    assertThat(ok.status()).as(ok.message()).isEqualTo(200);
    h.allocate();
    List<Offer> offers = fw.offers();
    assertThat(offers).hasSize(1);
  }
}
