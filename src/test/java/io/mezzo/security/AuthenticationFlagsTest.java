package io.mezzo.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuthenticationFlagsTest {
  /** One switch on at a time: exactly the realms it names need credentials, nothing else. */
  @ParameterizedTest(name = "{0} on -> {1} requires: {2}")
  @CsvSource({
    "frameworks,MASTER_SCHEDULER,true",
    "frameworks,MASTER_READWRITE,false",
    "frameworks,MASTER_READONLY,false",
    "frameworks,MASTER_AGENT,false",
    "agents,MASTER_AGENT,true",
    "agents,MASTER_SCHEDULER,false",
    "agents,AGENT_READWRITE,false",
    "readonly,MASTER_READONLY,true",
    "readonly,AGENT_READONLY,true",
    "readonly,MASTER_READWRITE,false",
    "readonly,AGENT_READWRITE,false",
    "readwrite,MASTER_READWRITE,true",
    "readwrite,AGENT_READWRITE,true",
    "readwrite,MASTER_READONLY,false",
    "readwrite,MASTER_SCHEDULER,false",
    "all,OPEN,false",
    "all,AGENT_EXECUTOR,false",
    "all,MASTER_SCHEDULER,true",
    "none,MASTER_READWRITE,false",
  })
  void eachSwitchGuardsItsRealms(String on, Realm realm, boolean required) {
    assertThat(flags(on).requires(realm)).isEqualTo(required);
  }

  @Test
  void everyRealmIsAnsweredForEverySwitch() {
    // A realm added without a switch would not compile (exhaustive switch); this pins that none
    // is ever required with every switch off.
    for (Realm realm : Realm.values()) {
      assertThat(AuthenticationFlags.OFF.requires(realm)).as("%s", realm).isFalse();
    }
  }

  @ParameterizedTest(name = "{0} {1} {2} with {3} on -> {4}, required {5}")
  @CsvSource({
    "false,GET,/q/health/ready,all,OPEN,false",
    "false,GET,/q/metrics,readonly,OPEN,false",
    "false,GET,/q/metrics,metrics,MASTER_READONLY,true",
    "true,GET,/q/metrics,metrics,AGENT_READONLY,true",
    "false,GET,/state,metrics,MASTER_READONLY,false",
    "false,POST,/api/v1/executor,all,AGENT_EXECUTOR,false",
    "false,POST,/slave(1)/api/v1,readwrite,AGENT_READWRITE,true",
    "false,GET,/slave(1)/state,readonly,AGENT_READONLY,true",
    "false,POST,/api/v1/scheduler,frameworks,MASTER_SCHEDULER,true",
    "false,POST,/internal/v1/agent,agents,MASTER_AGENT,true",
    "true,POST,/api/v1,readwrite,AGENT_READWRITE,true",
  })
  void decidesTheRealmAndTheRequirementOfARequest(
      boolean agent, String method, String path, String on, Realm realm, boolean required) {
    AuthenticationFlags.Requirement r = flags(on).decide(agent, method, path);

    assertThat(r.realm()).isEqualTo(realm);
    assertThat(r.required()).isEqualTo(required);
  }

  @Test
  void namesTheSwitchesThatAreOn() {
    assertThat(flags("all").describeOn())
        .isEqualTo(
            "mezzo.security.authenticate-frameworks, mezzo.security.authenticate-agents,"
                + " mezzo.security.authenticate-http-readonly,"
                + " mezzo.security.authenticate-http-readwrite");
    assertThat(AuthenticationFlags.OFF.anyRequired()).isFalse();
    assertThat(flags("metrics").anyRequired()).isFalse();
  }

  static AuthenticationFlags flags(String on) {
    return switch (on) {
      case "frameworks" -> new AuthenticationFlags(true, false, false, false, false);
      case "agents" -> new AuthenticationFlags(false, true, false, false, false);
      case "readonly" -> new AuthenticationFlags(false, false, true, false, false);
      case "readwrite" -> new AuthenticationFlags(false, false, false, true, false);
      case "metrics" -> new AuthenticationFlags(false, false, false, false, true);
      case "all" -> new AuthenticationFlags(true, true, true, true, true);
      case "none" -> AuthenticationFlags.OFF;
      default -> throw new IllegalArgumentException(on);
    };
  }
}
