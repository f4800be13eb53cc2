package io.mezzo.api.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mezzo.core.resources.Reservation;
import io.mezzo.core.resources.ReservationStack;
import io.mezzo.core.resources.ResourceKey;
import io.mezzo.core.resources.Resources;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResourceMappingReservationTest {

  private static Resources parse(String json) {
    return ResourceMapping.toCore(List.of(MesosJson.read(json, Resource.class)));
  }

  @Test
  void refinedAndDeprecatedFormatsMeanTheSameReservation() {
    Resources refined =
        parse(
            "{\"name\":\"cpus\",\"type\":\"SCALAR\",\"scalar\":{\"value\":1},"
                + "\"reservations\":[{\"type\":\"DYNAMIC\",\"role\":\"eng\",\"principal\":\"alice\","
                + "\"labels\":{\"labels\":[{\"key\":\"k\",\"value\":\"v\"}]}}]}");
    Resources old =
        parse(
            "{\"name\":\"cpus\",\"type\":\"SCALAR\",\"scalar\":{\"value\":1},\"role\":\"eng\","
                + "\"reservation\":{\"principal\":\"alice\","
                + "\"labels\":{\"labels\":[{\"key\":\"k\",\"value\":\"v\"}]}}}");
    assertThat(refined).isEqualTo(old);
    ResourceKey key = refined.keyAt(0);
    assertThat(key.isDynamicallyReserved()).isTrue();
    assertThat(key.reservations().last().principal()).isEqualTo("alice");
    assertThat(
            parse(
                "{\"name\":\"cpus\",\"type\":\"SCALAR\",\"scalar\":{\"value\":1},\"role\":\"eng\"}"))
        .hasToString("cpus(eng):1");
  }

  @Test
  void bothWaysRoundTripInEachFormat() {
    ReservationStack stack =
        ReservationStack.of(
            List.of(
                Reservation.ofStatic("eng"),
                new Reservation(
                    Reservation.Type.DYNAMIC,
                    "eng/ml",
                    "alice",
                    List.of(new Reservation.Label("team", "ml")))));
    Resources r =
        Resources.parse("mem:64")
            .plus(
                Resources.builder()
                    .add(
                        ResourceKey.of("cpus", stack),
                        io.mezzo.core.resources.ResourceValue.Scalar.of(2))
                    .build());
    List<Resource> refined = ResourceMapping.toWire(r, "eng/ml", true);
    assertThat(ResourceMapping.toCore(refined)).isEqualTo(r);
    assertThat(refined.get(0).role()).isNull();
    assertThat(refined.get(0).reservations()).hasSize(2);
    Resources oneLevel = Dynamic.dynamic("cpus", 1, "eng", "alice").plus(Resources.parse("mem:64"));
    List<Resource> old = ResourceMapping.toWire(oneLevel, "eng", false);
    assertThat(old.get(0).role()).isEqualTo("eng");
    assertThat(old.get(0).reservation().principal()).isEqualTo("alice");
    assertThat(old.get(1).role()).isEqualTo("*");
    assertThat(ResourceMapping.toCore(old)).isEqualTo(oneLevel);
    assertThat(MesosJson.writeString(old.get(0))).doesNotContain("\"reservations\"");
  }

  @ParameterizedTest(name = "{0} is refused naming {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "\"disk\":{\"source\":{\"type\":\"PATH\"}}|disk.source",
        "\"revocable\":{}|revocable (",
        "\"shared\":{}|shared (",
        "\"provider_id\":{\"value\":\"p\"}|provider_id (",
        "\"reservations\":[{\"role\":\"eng\"}]|without type",
        "\"reservations\":[{\"type\":\"DYNAMIC\"}]|without role",
        "\"reservations\":[{\"type\":\"DYNAMIC\",\"role\":\"eng\"},{\"type\":\"DYNAMIC\",\"role\":\"ops\"}]|not a descendant",
        "\"reservations\":[{\"type\":\"STATIC\",\"role\":\"eng\",\"principal\":\"p\"}]|STATIC reservation with a principal",
        "\"reservations\":[{\"type\":\"DYNAMIC\",\"role\":\"eng\"}],\"reservation\":{}|use one format",
        "\"reservation\":{\"principal\":\"p\"}|but no",
        "\"role\":\"ops\",\"reservations\":[{\"type\":\"DYNAMIC\",\"role\":\"eng\"}]|is not the role of its last",
      })
  void unhonouredOrMalformedFieldsAreRefusedByName(String fields, String reason) {
    String json = "{\"name\":\"cpus\",\"type\":\"SCALAR\",\"scalar\":{\"value\":1}," + fields + "}";
    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cpus")
        .hasMessageContaining(reason);
  }

  /** Builds dynamically reserved resources for the tests. */
  private static final class Dynamic {
    static Resources dynamic(String name, double value, String role, String principal) {
      return Resources.builder()
          .add(
              ResourceKey.of(
                  name, ReservationStack.of(List.of(Reservation.dynamic(role, principal)))),
              io.mezzo.core.resources.ResourceValue.Scalar.of(value))
          .build();
    }
  }
}
