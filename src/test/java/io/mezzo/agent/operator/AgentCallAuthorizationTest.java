package io.mezzo.agent.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.v1.agent.Call;
import io.mezzo.security.Caller;
import io.mezzo.security.acl.Acls;
import io.mezzo.security.acl.Authorizer;
import io.mezzo.security.acl.Decision;
import io.mezzo.security.acl.LocalAuthorizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The action each agent operator call needs as a whole, and the reason a refusal carries. */
class AgentCallAuthorizationTest {
  /** Only ops may do any of the guarded things; everything else is allowed. */
  private static final Authorizer OPS_ONLY =
      new LocalAuthorizer(
          Acls.parse(
              "test",
              """
              {"view_flags": [
                 {"principals": {"values": ["ops"]}, "flags": {"type": "ANY"}},
                 {"principals": {"type": "NONE"}, "flags": {"type": "ANY"}}],
               "set_log_level": [
                 {"principals": {"values": ["ops"]}, "level": {"type": "ANY"}},
                 {"principals": {"type": "NONE"}, "level": {"type": "ANY"}}],
               "wait_standalone_containers": [
                 {"principals": {"values": ["ops"]}, "users": {"type": "ANY"}},
                 {"principals": {"type": "NONE"}, "users": {"type": "ANY"}}],
               "kill_standalone_containers": [
                 {"principals": {"values": ["ops"]}, "users": {"type": "ANY"}},
                 {"principals": {"type": "NONE"}, "users": {"type": "ANY"}}]}
              """));

  private static Call call(Call.Type type) {
    return new Call(type, null, null, null);
  }

  @ParameterizedTest
  @CsvSource({
    "GET_FLAGS, view_flags",
    "SET_LOGGING_LEVEL, set_log_level",
    "WAIT_CONTAINER, wait_standalone_containers",
    "KILL_CONTAINER, kill_standalone_containers"
  })
  void aGuardedCallIsRefusedNamingTheActionAndThePrincipal(Call.Type type, String action) {
    Decision bob = AgentCallAuthorization.decide(OPS_ONLY, Caller.of("bob"), call(type));
    assertThat(bob.allowed()).isFalse();
    assertThat(bob.reason()).contains("'bob'", action);
    assertThat(AgentCallAuthorization.decide(OPS_ONLY, Caller.of("ops"), call(type)).allowed())
        .isTrue();
    assertThat(AgentCallAuthorization.decide(OPS_ONLY, Caller.NODE, call(type)).allowed()).isTrue();
  }

  @Test
  void readsDecidedPerObjectOrNotAtAllPassAsAWhole() {
    for (Call.Type type :
        new Call.Type[] {
          Call.Type.GET_HEALTH,
          Call.Type.GET_VERSION,
          Call.Type.GET_METRICS,
          Call.Type.GET_LOGGING_LEVEL,
          Call.Type.GET_STATE,
          Call.Type.GET_TASKS,
          Call.Type.GET_CONTAINERS,
          Call.Type.READ_FILE,
          Call.Type.LIST_FILES
        }) {
      assertThat(AgentCallAuthorization.decide(OPS_ONLY, Caller.of("bob"), call(type)).allowed())
          .as(type.name())
          .isTrue();
    }
  }
}
