package io.mezzo;

import static io.mezzo.testing.ProtoOracle.Schema.MASTER_RESPONSE;
import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.testing.MezzoProcess;
import io.mezzo.testing.OperatorHttp;
import io.mezzo.testing.OperatorHttp.Reply;
import io.mezzo.testing.ProtoOracle;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged node's one logging level: {@code /logging/toggle} and the master's
 * GET/SET_LOGGING_LEVEL read and move the same level, and the settings reads answer Mesos's bodies
 * over HTTP.
 */
class LoggingLevelIT {
  private static MezzoProcess mezzo;

  @BeforeAll
  static void start() {
    mezzo = MezzoProcess.standalone("logging-level");
  }

  @AfterAll
  static void stop() {
    if (mezzo != null) {
      mezzo.close();
    }
  }

  private static int operatorLevel() {
    Reply r = OperatorHttp.call(mezzo.baseUrl(), "/api/v1", "{\"type\":\"GET_LOGGING_LEVEL\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    ProtoOracle.check(MASTER_RESPONSE, r.body());
    return r.json().path("get_logging_level").path("level").asInt(-1);
  }

  @Test
  void theToggleAndTheOperatorApiShareOneLevel() {
    Reply initial = OperatorHttp.get(mezzo.baseUrl(), "/logging/toggle");
    assertThat(initial.status()).isEqualTo(200);
    assertThat(initial.body()).isEqualTo("0\n");
    assertThat(operatorLevel()).isZero();

    Reply set =
        OperatorHttp.call(
            mezzo.baseUrl(),
            "/api/v1",
            "{\"type\":\"SET_LOGGING_LEVEL\",\"set_logging_level\":{\"level\":1,"
                + "\"duration\":{\"nanoseconds\":600000000000}}}");
    assertThat(set.status()).as(set.body()).isEqualTo(200);
    assertThat(OperatorHttp.get(mezzo.baseUrl(), "/logging/toggle").body()).isEqualTo("1\n");

    Reply toggled =
        OperatorHttp.post(mezzo.baseUrl(), "/logging/toggle?level=2&duration=10mins", "", Map.of());
    assertThat(toggled.status()).as(toggled.body()).isEqualTo(200);
    assertThat(operatorLevel()).isEqualTo(2);

    Reply back = OperatorHttp.get(mezzo.baseUrl(), "/logging/toggle?level=0&duration=1secs");
    assertThat(back.status()).isEqualTo(200);
    assertThat(operatorLevel()).isZero();
  }

  @Test
  void theToggleRefusesAsMesosDoes() {
    Reply noDuration = OperatorHttp.get(mezzo.baseUrl(), "/logging/toggle?level=1");
    assertThat(noDuration.status()).isEqualTo(400);
    assertThat(noDuration.body()).isEqualTo("Expecting 'duration=value' in query.\n");
    Reply badUnit = OperatorHttp.get(mezzo.baseUrl(), "/logging/toggle?level=1&duration=5s");
    assertThat(badUnit.status()).isEqualTo(400);
    assertThat(badUnit.body()).contains("'s'");
  }

  @Test
  void quotaWeightsAndMaintenanceAnswerMesosBodies() {
    Map<String, String> expected =
        Map.of(
            "GET_QUOTA", "{\"type\":\"GET_QUOTA\",\"get_quota\":{\"status\":{}}}",
            "GET_WEIGHTS", "{\"type\":\"GET_WEIGHTS\",\"get_weights\":{}}",
            "GET_OPERATIONS", "{\"type\":\"GET_OPERATIONS\",\"get_operations\":{}}",
            "GET_MAINTENANCE_SCHEDULE",
                "{\"type\":\"GET_MAINTENANCE_SCHEDULE\",\"get_maintenance_schedule\":{\"schedule\":{}}}",
            "GET_MAINTENANCE_STATUS",
                "{\"type\":\"GET_MAINTENANCE_STATUS\",\"get_maintenance_status\":{\"status\":{}}}");
    expected.forEach(
        (type, body) -> {
          Reply r = OperatorHttp.call(mezzo.baseUrl(), "/api/v1", "{\"type\":\"" + type + "\"}");
          assertThat(r.status()).as(type + ": " + r.body()).isEqualTo(200);
          assertThat(r.body()).isEqualTo(body);
          ProtoOracle.check(MASTER_RESPONSE, r.body());
        });
    Reply update = OperatorHttp.call(mezzo.baseUrl(), "/api/v1", "{\"type\":\"UPDATE_WEIGHTS\"}");
    // UPDATE_WEIGHTS is built: without its body it is a 400 saying so.
    assertThat(update.status()).isEqualTo(400);
    assertThat(update.body()).contains("Expecting 'update_weights' to be present");
  }
}
