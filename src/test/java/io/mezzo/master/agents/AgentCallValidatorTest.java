package io.mezzo.master.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.v1.MesosJson;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Malformed agent calls, from raw JSON as they arrive on /internal/v1/agent, with the reason each
 * gets.
 */
class AgentCallValidatorTest {
  private static final String INFO = "\"agent_info\":{\"hostname\":\"h\",\"resources\":[]";
  private static final String UUID16 = "AAAAAAAAAAAAAAAAAAAAAA==";

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "{}|Expecting 'type' to be present",
        "{\"type\":\"SUBSCRIBE\"}|register.agent_info",
        "{\"type\":\"SUBSCRIBE\",\"register\":{\"agent_info\":{\"hostname\":\" \"}}}|hostname",
        // Re-registration under an id that is not an id: it used to be admitted (an agent named
        // "").
        "{\"type\":\"SUBSCRIBE\",\"register\":{"
            + INFO
            + ",\"id\":{\"value\":\"\"}}}}|'register.agent_info.id' is invalid: it is empty",
        "{\"type\":\"SUBSCRIBE\",\"register\":{"
            + INFO
            + ",\"id\":{\"value\":\"a/b\"}}}}|'register.agent_info.id' is invalid",
        "{\"type\":\"SUBSCRIBE\",\"register\":{"
            + INFO
            + ",\"attributes\":[{\"name\":\"rack\",\"type\":\"TEXT\"}]}}}|attributes[0]' has no valid TEXT value",
        "{\"type\":\"SUBSCRIBE\",\"register\":{"
            + INFO
            + ",\"attributes\":[{\"type\":\"TEXT\",\"text\":{\"value\":\"x\"}}]}}}|attributes[0]' must have a 'name'",
        "{\"type\":\"SUBSCRIBE\",\"register\":{"
            + INFO
            + "},\"frameworks\":[{\"user\":\"u\",\"name\":\"n\"}]}}|'register.frameworks[0].id' is invalid",
        "{\"type\":\"SUBSCRIBE\",\"register\":{"
            + INFO
            + "},\"tasks\":[{\"task\":{\"task_id\":{\"value\":\"t\"}}}]}}|'register.tasks[0].framework_id' is invalid",
        "{\"type\":\"SUBSCRIBE\",\"register\":{"
            + INFO
            + "},\"tasks\":[{\"framework_id\":{\"value\":\"f\"}}]}}|register.tasks[0].task' to be present",
        "{\"type\":\"SUBSCRIBE\",\"register\":{"
            + INFO
            + "},\"tasks\":[{\"framework_id\":{\"value\":\"f\"},\"task\":{\"task_id\":{\"value\":\"t\"}},\"latest\":{\"task_id\":{\"value\":\"u\"},\"state\":\"TASK_RUNNING\"}}]}}|register.tasks[0].latest' must have",
        // Booked twice, the second copy used to overwrite the first in one index but not the other.
        "{\"type\":\"SUBSCRIBE\",\"register\":{"
            + INFO
            + "},\"tasks\":[{\"framework_id\":{\"value\":\"f\"},\"task\":{\"task_id\":{\"value\":\"t\"}}},{\"framework_id\":{\"value\":\"f\"},\"task\":{\"task_id\":{\"value\":\"t\"}}}]}}|'register.tasks[1]' repeats task 't' of framework 'f'",
        // Unparsable resources used to be booked as none, so the agent's use went unaccounted.
        "{\"type\":\"SUBSCRIBE\",\"register\":{"
            + INFO
            + "},\"tasks\":[{\"framework_id\":{\"value\":\"f\"},\"task\":{\"task_id\":{\"value\":\"t\"},\"resources\":[{\"type\":\"SCALAR\",\"scalar\":{\"value\":1}}]}}]}}|'register.tasks[0].task.resources' are invalid: a resource has no name",
        "{\"type\":\"SUBSCRIBE\",\"register\":{"
            + INFO
            + "},\"executors\":[{\"executor_id\":{\"value\":\"e\"}}]}}|'register.executors[0].framework_id' is invalid",
        "{\"type\":\"SUBSCRIBE\",\"register\":{"
            + INFO
            + "},\"executors\":[{\"executor_id\":{\"value\":\"e\"},\"framework_id\":{\"value\":\"f\"}},{\"executor_id\":{\"value\":\"e\"},\"framework_id\":{\"value\":\"f\"}}]}}|'register.executors[1]' repeats executor 'e'",
        "{\"type\":\"EXECUTOR_TO_FRAMEWORK\",\"agent_id\":{\"value\":\"a\"}}|Expecting 'message'",
        "{\"type\":\"EXECUTOR_TO_FRAMEWORK\",\"agent_id\":{\"value\":\"a\"},\"message\":{\"framework_id\":{\"value\":\"f\"},\"executor_id\":{\"value\":\"..\"},\"data\":\"aGk=\"}}|'message.executor_id' is invalid",
        "{\"type\":\"EXITED_EXECUTOR\",\"agent_id\":{\"value\":\"a\"},\"exited_executor\":{\"executor_id\":{\"value\":\"e\"}}}|'exited_executor.framework_id' is invalid",
        "{\"type\":\"HEARTBEAT\"}|'agent_id' is invalid",
        "{\"type\":\"HEARTBEAT\",\"agent_id\":{\"value\":\"..\"}}|'agent_id' is invalid",
        "{\"type\":\"STATUS_UPDATE\",\"agent_id\":{\"value\":\"a\"}}|Expecting 'update'",
        "{\"type\":\"STATUS_UPDATE\",\"agent_id\":{\"value\":\"a\"},\"update\":{\"framework_id\":{\"value\":\"f\"},\"status\":{\"task_id\":{\"value\":\"t\"},\"state\":\"TASK_NOPE\"}}}|'update.status.state' to be a known task state",
        // Forwarded as it was, these left the framework an update it could not acknowledge.
        "{\"type\":\"STATUS_UPDATE\",\"agent_id\":{\"value\":\"a\"},\"update\":{\"framework_id\":{\"value\":\"f\"},\"status\":{\"task_id\":{\"value\":\"t\"},\"state\":\"TASK_RUNNING\",\"uuid\":\"AAAA\"}}}|'update.status.uuid' must be 16 bytes",
        "{\"type\":\"STATUS_UPDATE\",\"agent_id\":{\"value\":\"a\"},\"update\":{\"framework_id\":{\"value\":\"f\"},\"status\":{\"task_id\":{\"value\":\"t\"},\"state\":\"TASK_RUNNING\",\"data\":\"!!\"}}}|'update.status.data' is not valid Base64",
        "{\"type\":\"STATUS_UPDATE\",\"agent_id\":{\"value\":\"a\"},\"update\":{\"framework_id\":{\"value\":\"f\"},\"status\":{\"task_id\":{\"value\":\"t\"},\"state\":\"TASK_RUNNING\",\"agent_id\":{\"value\":\"b\"}}}}|is not the calling agent",
        "{\"type\":\"STATUS_UPDATE\",\"agent_id\":{\"value\":\"a\"},\"update\":{\"framework_id\":{\"value\":\"a b\"},\"status\":{\"task_id\":{\"value\":\"t\"},\"state\":\"TASK_RUNNING\"}}}|'update.framework_id' is invalid",
      })
  void malformedAgentCallsAreNamed(String json, String expected) {
    Optional<String> problem = AgentCallValidator.problem(MesosJson.read(json, AgentCall.class));
    assertThat(problem).hasValueSatisfying(p -> assertThat(p).contains(expected));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "{\"type\":\"SUBSCRIBE\",\"register\":{"
            + INFO
            + ",\"attributes\":[{\"name\":\"rack\",\"type\":\"TEXT\",\"text\":{\"value\":\"a\"}}]}}}",
        "{\"type\":\"SUBSCRIBE\",\"register\":{"
            + INFO
            + ",\"id\":{\"value\":\"m-S1\"}},\"frameworks\":[{\"user\":\"u\",\"name\":\"n\",\"id\":{\"value\":\"f\"}}],\"tasks\":[{\"framework_id\":{\"value\":\"f\"},\"task\":{\"task_id\":{\"value\":\"t\"}},\"latest\":{\"task_id\":{\"value\":\"t\"},\"state\":\"TASK_RUNNING\",\"uuid\":\""
            + UUID16
            + "\"}}]}}",
        "{\"type\":\"HEARTBEAT\",\"agent_id\":{\"value\":\"m-S1\"}}",
        "{\"type\":\"STATUS_UPDATE\",\"agent_id\":{\"value\":\"a\"},\"update\":{\"framework_id\":{\"value\":\"f\"},\"status\":{\"task_id\":{\"value\":\"t\"},\"state\":\"TASK_RUNNING\",\"agent_id\":{\"value\":\"a\"},\"uuid\":\""
            + UUID16
            + "\",\"data\":\"aGk=\"}}}",
        "{\"type\":\"EXITED_EXECUTOR\",\"agent_id\":{\"value\":\"a\"},\"exited_executor\":{\"framework_id\":{\"value\":\"f\"},\"executor_id\":{\"value\":\"e\"},\"status\":9}}",
        "{\"type\":\"EXECUTOR_TO_FRAMEWORK\",\"agent_id\":{\"value\":\"a\"},\"message\":{\"framework_id\":{\"value\":\"f\"},\"executor_id\":{\"value\":\"e\"},\"data\":\"aGk=\"}}",
        "{\"type\":\"UNKNOWN\"}",
      })
  void wellFormedAgentCallsPass(String json) {
    assertThat(AgentCallValidator.problem(MesosJson.read(json, AgentCall.class))).isEmpty();
  }
}
