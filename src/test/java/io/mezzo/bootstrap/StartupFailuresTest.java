package io.mezzo.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.QuarkusBindException;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.net.BindException;
import org.junit.jupiter.api.Test;

class StartupFailuresTest {
  @Test
  void aRefusalAnywhereInTheChainIsItsOwnMessage() {
    Throwable wrapped =
        new RuntimeException(
            "Failed to start", new IllegalStateException(new StartupRefusal("mezzo.x=1: bad")));

    assertThat(StartupFailures.oneLine(wrapped)).contains("mezzo.x=1: bad");
  }

  @Test
  void aPortQuarkusCouldNotBindNamesThePortAndTheKey() {
    Throwable bind =
        new RuntimeException(new QuarkusBindException("127.0.0.1", 5050, new BindException()));

    assertThat(StartupFailures.oneLine(bind))
        .hasValueSatisfying(
            line -> assertThat(line).startsWith("quarkus.http.port=5050: port 5050 on 127.0.0.1"));
  }

  @Test
  void quarkusConversionErrorsBecomeOneLineWithKeyValueAndExpectation() {
    String report =
        "Configuration validation failed:\n"
            + "\tjava.lang.IllegalArgumentException: SRCFG00039: The config property"
            + " mezzo.master.agent-ping-timeout with the config value \"abc\" threw an Exception"
            + " whilst being converted Invalid duration: abc\n"
            + "\tjava.lang.IllegalArgumentException: SRCFG00039: The config property"
            + " mezzo.max-request-bytes with the config value \"lots\" threw an Exception whilst"
            + " being converted SRCFG00029: Expected an integer value, got \"lots\"\n";

    assertThat(StartupFailures.oneLine(new ConfigurationException(report)))
        .contains(
            "mezzo.master.agent-ping-timeout=abc: not a duration; expected a number with a unit"
                + " such as 15S, 500MS, 2M or 1H; mezzo.max-request-bytes=lots: Expected an integer"
                + " value, got \"lots\"");
  }

  @Test
  void anUnknownKeyQuarkusReportsTwiceIsRestatedOnceWithTheKeyItMeant() {
    String report =
        "Configuration validation failed:\n"
            + "\tjava.util.NoSuchElementException: SRCFG00050: mezzo.agent.resorces in"
            + " PropertiesConfigSource[source=application.properties] does not map to any root\n"
            + "\tjava.util.NoSuchElementException: SRCFG00050: mezzo.agent.resorces in"
            + " PropertiesConfigSource[source=application.properties] does not map to any root\n";

    assertThat(StartupFailures.configProblems(report))
        .isEqualTo(
            "mezzo.agent.resorces: unknown key, its value would be ignored; did you mean"
                + " mezzo.agent.resources?");
  }

  @Test
  void aMissingRequiredKeyIsNamed() {
    String report =
        "Configuration validation failed:\n\tjava.util.NoSuchElementException: SRCFG00014: The"
            + " config property mezzo.needed is required but it could not be found in any config"
            + " source\n";

    assertThat(StartupFailures.configProblems(report))
        .isEqualTo("mezzo.needed is not set; it is required");
  }

  @Test
  void anythingElseIsABugAndKeepsItsStackTrace() {
    assertThat(StartupFailures.oneLine(new NullPointerException("oops"))).isEmpty();
  }
}
