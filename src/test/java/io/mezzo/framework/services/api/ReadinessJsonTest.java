package io.mezzo.framework.services.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.framework.services.ReadinessResult;
import io.mezzo.framework.services.ServicesSnapshot;
import io.mezzo.framework.services.app.AppDefinition;
import io.mezzo.framework.services.app.Group;
import io.mezzo.framework.services.app.PathId;
import io.mezzo.framework.services.deploy.Deployment;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Readiness results in Marathon's shapes: on deployments' current actions and on embedded apps. */
class ReadinessJsonTest {
  private static final PathId WEB = PathId.parse("/web");
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  private final AppDefinition app =
      AppCodec.parse(
          MarathonJson.MAPPER.valueToTree(
              Map.of(
                  "id",
                  "/web",
                  "cmd",
                  "httpd",
                  "portDefinitions",
                  List.of(Map.of("port", 0, "name", "http")),
                  "readinessChecks",
                  List.of(Map.of("name", "ready", "portName", "http")))),
          PathId.ROOT);
  private final Group root = Group.empty(PathId.ROOT, T).withApp(app, T);
  private final ServicesSnapshot snapshot =
      new ServicesSnapshot(null, root, Map.of(), List.of(), List.of(), Map.of(), Map.of())
          .withReadiness(
              Map.of(
                  WEB,
                  List.of(
                      new ReadinessResult(WEB, "ready", "web.1", false, null),
                      new ReadinessResult(
                          WEB,
                          "ready",
                          "web.2",
                          true,
                          new ReadinessResult.Response(200, "text/plain", "ok")))));

  @Test
  void aDeploymentsCurrentActionCarriesItsAppsResults() {
    Deployment d =
        new Deployment(
            "d1",
            T,
            root,
            root,
            List.of(WEB),
            List.of(
                new Deployment.Step(
                    List.of(new Deployment.Action(Deployment.ActionType.RestartApplication, WEB)))),
            1);
    JsonNode results =
        MarathonJson.deployment(d, snapshot)
            .path("currentActions")
            .get(0)
            .path("readinessCheckResults");
    assertThat(results).hasSize(2);
    assertThat(results.get(0).path("taskId").asText()).isEqualTo("web.1");
    assertThat(results.get(0).path("ready").asBoolean()).isFalse();
    assertThat(results.get(0).has("lastResponse")).isFalse();
    assertThat(results.get(1).path("name").asText()).isEqualTo("ready");
    assertThat(results.get(1).path("lastResponse").path("status").asInt()).isEqualTo(200);
    assertThat(results.get(1).path("lastResponse").path("body").asText()).isEqualTo("ok");
  }

  @Test
  void embedAppsReadinessListsTheResults() {
    JsonNode o = MarathonJson.appInfo(app, snapshot, Set.of(AppEmbed.READINESS), T);
    assertThat(o.path("readinessCheckResults")).hasSize(2);
    JsonNode none =
        MarathonJson.appInfo(app, snapshot.withReadiness(Map.of()), Set.of(AppEmbed.READINESS), T);
    assertThat(none.path("readinessCheckResults").isArray()).isTrue();
    assertThat(none.path("readinessCheckResults")).isEmpty();
  }
}
