package io.mezzo.security;

import static org.assertj.core.api.Assertions.assertThat;

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
}
