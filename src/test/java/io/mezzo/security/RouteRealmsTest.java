package io.mezzo.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.bootstrap.Role;
import io.mezzo.testing.RegisteredPaths;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteRealmsTest {
  @ParameterizedTest
  @CsvSource({
    "GET,/q/health/ready,OPEN",
    "GET,/health,OPEN",
    "GET,/,OPEN",
    "GET,/ui/app.js,OPEN",
    "GET,/master/redirect,OPEN",
    "GET,/q/metrics,OPEN",
    "POST,/api/v1/scheduler,MASTER_SCHEDULER",
    "POST,/master/api/v1/scheduler,MASTER_SCHEDULER",
    "POST,/api/v1,MASTER_READWRITE",
    "POST,/teardown,MASTER_READWRITE",
    "POST,/master/teardown,MASTER_READWRITE",
    "POST,/machine/down,MASTER_READWRITE",
    "POST,/maintenance/schedule,MASTER_READWRITE",
    "GET,/maintenance/schedule,MASTER_READONLY",
    "POST,/quota,MASTER_READWRITE",
    "GET,/quota,MASTER_READONLY",
    "GET,/state,MASTER_READONLY",
    "GET,/master/state-summary,MASTER_READONLY",
    "GET,/metrics/snapshot,MASTER_READONLY",
    "GET,/files/browse,MASTER_READONLY",
    "GET,/no/such/path,MASTER_READONLY",
    "GET,/internal/v1/agent,MASTER_AGENT",
    "POST,/v2/apps,MASTER_READWRITE",
    "GET,/v2/apps,MASTER_READONLY",
    "POST,/v1/scheduler/iso8601,MASTER_READWRITE",
  })
  void masterPaths(String method, String path, Realm realm) {
    assertThat(RouteRealms.of(false, method, path, false)).isEqualTo(realm);
  }

  @ParameterizedTest
  @CsvSource({
    "POST,/slave(1)/api/v1,AGENT_READWRITE",
    "POST,/api/v1,AGENT_READWRITE",
    "POST,/api/v1/executor,AGENT_EXECUTOR",
    "POST,/slave(1)/api/v1/executor,AGENT_EXECUTOR",
    "GET,/slave(1)/state,AGENT_READONLY",
    "GET,/containers,AGENT_READONLY",
    "GET,/q/health/live,OPEN",
  })
  void agentPaths(String method, String path, Realm realm) {
    assertThat(RouteRealms.of(true, method, path, false)).isEqualTo(realm);
  }

  @Test
  void metricsNeedReadonlyOnlyWhenAsked() {
    assertThat(RouteRealms.of(false, "GET", "/q/metrics", true)).isEqualTo(Realm.MASTER_READONLY);
    assertThat(RouteRealms.of(true, "GET", "/q/metrics", true)).isEqualTo(Realm.AGENT_READONLY);
  }

  /** The paths a route of any of these packages registers, found as Quarkus would find them. */
  private static final RegisteredPaths REGISTERED =
      new RegisteredPaths(
          List.of(
              "io.mezzo.http.master",
              "io.mezzo.http.agent",
              "io.mezzo.http.common",
              "io.mezzo.http.services",
              "io.mezzo.http.jobs"));

  /** Mesos's unauthenticated endpoints; any other registered path must ask when told to. */
  private static final Set<String> OPEN =
      Set.of(
          "/health",
          "/master/health",
          "/slave(1)/health",
          "/version",
          "/redirect",
          "/master/redirect");

  @Test
  void everyRegisteredPathOfEveryRoleHasTheRealmOfItsNode() {
    for (Role role : Role.values()) {
      Set<String> paths = REGISTERED.of(role);
      assertThat(paths).as("%s paths", role).isNotEmpty();
      for (String path : paths) {
        for (String method : List.of("GET", "POST", "DELETE")) {
          Realm realm = RouteRealms.of(role == Role.AGENT, method, path, false);
          String what = role + " " + method + " " + path;
          if (OPEN.contains(path)) {
            assertThat(realm).as(what).isEqualTo(Realm.OPEN);
            continue;
          }
          assertThat(realm).as(what).isNotEqualTo(Realm.OPEN);
          if (!method.equals("GET")) {
            assertThat(realm).as(what + " is a write").isNotIn(readOnly());
          }
          boolean agentPath = path.startsWith("/slave(1)/") || path.endsWith("/api/v1/executor");
          if (role == Role.AGENT || agentPath) {
            assertThat(realm.name()).as(what).startsWith("AGENT_");
          } else {
            assertThat(realm.name()).as(what).startsWith("MASTER_");
          }
        }
      }
    }
  }

  @Test
  void healthAndVersionStayOpenOnEveryNode() {
    for (String path : OPEN) {
      assertThat(RouteRealms.of(false, "GET", path, true)).as(path).isEqualTo(Realm.OPEN);
      assertThat(RouteRealms.of(true, "GET", path, true)).as(path).isEqualTo(Realm.OPEN);
    }
  }

  @Test
  void togglingTheLogLevelIsAWriteOnEveryNode() {
    assertThat(RouteRealms.of(true, "GET", "/logging/toggle", false))
        .isEqualTo(Realm.AGENT_READWRITE);
    assertThat(RouteRealms.of(false, "GET", "/logging/toggle", false))
        .isEqualTo(Realm.MASTER_READWRITE);
  }

  private static Set<Realm> readOnly() {
    return Set.of(Realm.MASTER_READONLY, Realm.AGENT_READONLY);
  }
}
