package io.mezzo.testing.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.Test;

/** The fuzz's protobuf requests: real official-class encodings, damaged ones, never F damaged. */
class HostileProtobufRequestsTest {
  private static final FuzzTargets TARGETS =
      new FuzzTargets(
          "f-0000",
          "f-stream",
          "g-0001",
          "g-stream",
          "agent-S0",
          List.of("f-O1"),
          List.of("g-O1"),
          List.of("g-task"));

  private static List<HostileRequests.Hostile> protobufRequests() {
    HostileRequests generator = new HostileRequests(42, 1 << 20);
    List<HostileRequests.Hostile> out = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      HostileRequests.Hostile h = generator.next(TARGETS);
      if (h.request().headers().contains(Map.entry("Content-Type", "application/x-protobuf"))) {
        out.add(h);
      }
    }
    return out;
  }

  @Test
  void validOnesDecodeWithTheOfficialClassesAsTheCallTheySayTheyAre() throws Exception {
    List<HostileRequests.Hostile> valid =
        protobufRequests().stream().filter(h -> h.kind().startsWith("protobuf ")).toList();
    assertThat(valid).hasSizeGreaterThan(20);
    for (HostileRequests.Hostile h : valid) {
      Call call = Call.parser().parsePartialFrom(h.request().body());
      assertThat(h.kind()).endsWith(" " + call.getType().name());
    }
  }

  @Test
  void everyDamageIsDrawnAndNoneIsSentAsTheProtectedFramework() {
    List<HostileRequests.Hostile> all = protobufRequests();
    for (String kind :
        List.of("truncated protobuf", "garbled protobuf", "FrameworkInfo as a protobuf Call")) {
      assertThat(all).as(kind).anyMatch(h -> h.kind().startsWith(kind));
    }
    for (HostileRequests.Hostile h : all) {
      if (!h.kind().startsWith("protobuf ")) {
        assertThat(h.kind()).doesNotContain(" F ");
        assertThat(h.request().headers()).doesNotContain(Map.entry("Mesos-Stream-Id", "f-stream"));
        assertThat(h.allowed()).doesNotContain(500);
      }
    }
  }
}
