package io.mezzo.master.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.v1.MesosJson;
import io.mezzo.api.v1.TaskInfo;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HealthCheckValidatorTest {

  private static Optional<String> problem(String field, String json) {
    TaskInfo task =
        MesosJson.read(
            "{\"name\":\"t\",\"task_id\":{\"value\":\"t\"},\"agent_id\":{\"value\":\"a\"},"
                + "\"command\":{\"value\":\"true\"},\""
                + field
                + "\":"
                + json
                + "}",
            TaskInfo.class);
    return HealthCheckValidator.problem(task);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "{\"type\":\"COMMAND\",\"command\":{\"value\":\"true\"}}",
        "{\"type\":\"HTTP\",\"http\":{\"port\":8080,\"path\":\"/ok\",\"statuses\":[200,204]}}",
        "{\"type\":\"HTTP\",\"http\":{\"scheme\":\"https\",\"port\":443}}",
        "{\"type\":\"TCP\",\"tcp\":{\"port\":22},\"delay_seconds\":0,\"interval_seconds\":1}",
      })
  void wellFormedHealthChecksPass(String json) {
    assertThat(problem("health_check", json)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "{\"type\":\"TCP\",\"tcp\":{\"port\":1},\"interval_seconds\":-1}"
            + "|Expecting 'interval_seconds' to be non-negative",
        "{\"type\":\"TCP\",\"tcp\":{\"port\":1},\"timeout_seconds\":\"NaN\"}"
            + "|Expecting 'timeout_seconds' to be non-negative",
        "{\"type\":\"TCP\",\"tcp\":{\"port\":1},\"grace_period_seconds\":-0.5}"
            + "|'grace_period_seconds'",
        "{\"type\":\"TCP\",\"tcp\":{\"port\":1},\"consecutive_failures\":-3}"
            + "|'consecutive_failures' to be non-negative",
        "{\"command\":{\"value\":\"true\"}}|must specify 'type'",
        "{\"type\":\"UNKNOWN\"}|'UNKNOWN' is not a valid health check type",
        "{\"type\":\"COMMAND\"}|Expecting 'command' to be set for COMMAND health check",
        "{\"type\":\"COMMAND\",\"command\":{\"shell\":true}}|'command.value'",
        "{\"type\":\"HTTP\"}|Expecting 'http' to be set for HTTP health check",
        "{\"type\":\"HTTP\",\"http\":{\"port\":80,\"scheme\":\"ftp\"}}|scheme: 'ftp'",
        "{\"type\":\"HTTP\",\"http\":{\"port\":70000}}|'http.port' to be in [1, 65535], got 70000",
        "{\"type\":\"HTTP\",\"http\":{\"port\":80,\"path\":\"ok\"}}|must start with '/'",
        "{\"type\":\"HTTP\",\"http\":{\"port\":80,\"statuses\":[42]}}|'http.statuses'",
        "{\"type\":\"TCP\"}|Expecting 'tcp' to be set for TCP health check",
        "{\"type\":\"TCP\",\"tcp\":{\"port\":0}}|'tcp.port' to be in [1, 65535]",
      })
  void badHealthChecksAreNamed(String json, String expected) {
    assertThat(problem("health_check", json))
        .hasValueSatisfying(
            m -> assertThat(m).startsWith("Task uses invalid health check: ").contains(expected));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "{\"type\":\"COMMAND\"}|'command.command' to be set for COMMAND check",
        "{\"type\":\"HTTP\",\"http\":{\"port\":-1}}|'http.port' to be in [1, 65535]",
        "{\"type\":\"TCP\",\"tcp\":{\"port\":80},\"delay_seconds\":-1}|'delay_seconds'",
        "{}|CheckInfo must specify 'type'",
      })
  void badChecksAreNamed(String json, String expected) {
    assertThat(problem("check", json))
        .hasValueSatisfying(
            m -> assertThat(m).startsWith("Task uses invalid check: ").contains(expected));
  }

  @Test
  void wellFormedCheckPasses() {
    assertThat(
            problem("check", "{\"type\":\"COMMAND\",\"command\":{\"command\":{\"value\":\"x\"}}}"))
        .isEmpty();
  }

  @Test
  void negativeMaxCompletionTimeIsRefused() {
    assertThat(problem("max_completion_time", "{\"nanoseconds\":-1}"))
        .hasValue("Task's 'max_completion_time' must be non-negative");
    assertThat(problem("max_completion_time", "{\"nanoseconds\":1000000000}")).isEmpty();
  }
}
