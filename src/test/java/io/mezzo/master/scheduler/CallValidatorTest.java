package io.mezzo.master.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.v1.MesosJson;
import io.mezzo.api.v1.scheduler.Call;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Structural problems, from raw JSON as a client would send it, with the reason each gets. */
class CallValidatorTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "{}|Expecting 'type' to be present",
        "{\"type\":\"NOT_A_TYPE\"}|Expecting 'type' to be present",
        "{\"type\":\"SUBSCRIBE\"}|Expecting 'subscribe' to be present",
        "{\"type\":\"SUBSCRIBE\",\"subscribe\":{\"framework_info\":{\"name\":\"x\"}}}|framework_info.user",
        "{\"type\":\"SUBSCRIBE\",\"framework_id\":{\"value\":\"a\"},\"subscribe\":{\"framework_info\":{\"user\":\"u\",\"name\":\"x\"}}}|differs",
        "{\"type\":\"SUBSCRIBE\",\"subscribe\":{\"framework_info\":{\"user\":\"u\",\"name\":\"x\"},\"offer_constraints\":{\"role_constraints\":{}}}}|'subscribe.offer_constraints' is not supported",
        "{\"type\":\"UPDATE_FRAMEWORK\",\"framework_id\":{\"value\":\"f\"},\"update_framework\":{\"framework_info\":{\"user\":\"u\",\"name\":\"x\"},\"offer_constraints\":{}}}|'update_framework.offer_constraints' is not supported",
        "{\"type\":\"TEARDOWN\"}|Expecting 'framework_id' to be present",
        "{\"type\":\"ACCEPT\",\"framework_id\":{\"value\":\"f\"}}|Expecting 'accept' to be present",
        "{\"type\":\"ACCEPT\",\"framework_id\":{\"value\":\"f\"},\"accept\":{\"offer_ids\":[{\"value\":\"o\"},{\"value\":\"o\"}]}}|twice",
        "{\"type\":\"ACCEPT\",\"framework_id\":{\"value\":\"f\"},\"accept\":{\"offer_ids\":[{\"value\":\"o\"}],\"operations\":[{\"type\":\"LAUNCH\",\"launch\":{\"task_infos\":[{\"task_id\":{\"value\":\"t\"},\"agent_id\":{\"value\":\"a\"}}]}}]}}|.name' to be present",
        "{\"type\":\"ACCEPT\",\"framework_id\":{\"value\":\"f\"},\"accept\":{\"offer_ids\":[{\"value\":\"o\"}],\"operations\":[{\"type\":\"CREATE_DISK\"}]}}|not supported",
        "{\"type\":\"KILL\",\"framework_id\":{\"value\":\"f\"},\"kill\":{}}|task_id",
        "{\"type\":\"ACKNOWLEDGE\",\"framework_id\":{\"value\":\"f\"},\"acknowledge\":{\"task_id\":{\"value\":\"t\"}}}|'uuid'",
        "{\"type\":\"RECONCILE\",\"framework_id\":{\"value\":\"f\"},\"reconcile\":{\"tasks\":[{}]}}|task_id",
        "{\"type\":\"UNKNOWN\"}|Expecting 'framework_id' to be present",
        "{\"type\":\"MESSAGE\",\"framework_id\":{\"value\":\"f\"},\"message\":{\"agent_id\":{\"value\":\"a\"},\"executor_id\":{\"value\":\"e\"},\"data\":\"not base64!\"}}|'message.data' is not valid Base64",
        "{\"type\":\"ACCEPT\",\"framework_id\":{\"value\":\"f\"},\"accept\":{\"offer_ids\":[{\"value\":\"o\"}],\"operations\":[{\"type\":\"LAUNCH\",\"launch\":{\"task_infos\":[{\"name\":\"t\",\"task_id\":{\"value\":\"t\"},\"agent_id\":{\"value\":\"a\"},\"data\":\"not base64!\"}]}}]}}|.data' is not valid Base64",
        "{\"type\":\"ACCEPT\",\"framework_id\":{\"value\":\"f\"},\"accept\":{\"offer_ids\":[{\"value\":\"o\"}],\"operations\":[{\"type\":\"LAUNCH\",\"launch\":{\"task_infos\":[{\"name\":\"t\",\"task_id\":{\"value\":\"t\"},\"agent_id\":{\"value\":\"a\"},\"command\":{\"value\":\"true\",\"environment\":{\"variables\":[{\"value\":\"v\"}]}}}]}}]}}|.command.environment.variables[0].name' to be present",
        "{\"type\":\"ACCEPT\",\"framework_id\":{\"value\":\"f\"},\"accept\":{\"offer_ids\":[{\"value\":\"o\"}],\"operations\":[{\"type\":\"LAUNCH\",\"launch\":{\"task_infos\":[{\"name\":\"t\",\"task_id\":{\"value\":\"t\"},\"agent_id\":{\"value\":\"a\"},\"command\":{\"value\":\"true\",\"uris\":[{\"extract\":false}]}}]}}]}}|.command.uris[0].value' to be present",
        "{\"type\":\"ACCEPT\",\"framework_id\":{\"value\":\"f\"},\"accept\":{\"offer_ids\":[{\"value\":\"o\"}],\"operations\":[{\"type\":\"LAUNCH\",\"launch\":{\"task_infos\":[{\"name\":\"t\",\"task_id\":{\"value\":\"t\"},\"agent_id\":{\"value\":\"a\"},\"container\":{\"type\":\"NOPE\"}}]}}]}}|.container.type' to be a known type",
        "{\"type\":\"ACCEPT\",\"framework_id\":{\"value\":\"f\"},\"accept\":{\"offer_ids\":[{\"value\":\"o\"}],\"operations\":[{\"type\":\"LAUNCH\",\"launch\":{\"task_infos\":[{\"name\":\"t\",\"task_id\":{\"value\":\"t\"},\"agent_id\":{\"value\":\"a\"},\"container\":{\"type\":\"DOCKER\",\"docker\":{}}}]}}]}}|.container.docker.image' to be present",
        "{\"type\":\"ACCEPT\",\"framework_id\":{\"value\":\"f\"},\"accept\":{\"offer_ids\":[{\"value\":\"o\"}],\"operations\":[{\"type\":\"LAUNCH\",\"launch\":{\"task_infos\":[{\"name\":\"t\",\"task_id\":{\"value\":\"t\"},\"agent_id\":{\"value\":\"a\"},\"kill_policy\":{\"grace_period\":{}}}]}}]}}|.kill_policy.grace_period.nanoseconds' to be present",
        "{\"type\":\"ACCEPT\",\"framework_id\":{\"value\":\"f\"},\"accept\":{\"offer_ids\":[{\"value\":\"o\"}],\"operations\":[{\"type\":\"LAUNCH\",\"launch\":{\"task_infos\":[{\"name\":\"t\",\"task_id\":{\"value\":\"t\"},\"agent_id\":{\"value\":\"a\"},\"max_completion_time\":{}}]}}]}}|.max_completion_time.nanoseconds' to be present",
        "{\"type\":\"ACCEPT\",\"framework_id\":{\"value\":\"f\"},\"accept\":{\"offer_ids\":[{\"value\":\"o\"}],\"operations\":[{\"type\":\"LAUNCH\",\"launch\":{\"task_infos\":[{\"name\":\"t\",\"task_id\":{\"value\":\"t\"},\"agent_id\":{\"value\":\"a\"},\"labels\":{\"labels\":[{\"value\":\"v\"}]}}]}}]}}|.labels.labels[0].key' to be present",
        "{\"type\":\"ACCEPT\",\"framework_id\":{\"value\":\"f\"},\"accept\":{\"offer_ids\":[{\"value\":\"o\"}],\"operations\":[{\"type\":\"LAUNCH_GROUP\",\"launch_group\":{\"task_group\":{\"tasks\":[]}}}]}}|launch_group.executor' to be present",
        "{\"type\":\"ACCEPT\",\"framework_id\":{\"value\":\"f\"},\"accept\":{\"offer_ids\":[{\"value\":\"o\"}],\"operations\":[{\"type\":\"LAUNCH_GROUP\",\"launch_group\":{\"executor\":{\"executor_id\":{\"value\":\"e\"}},\"task_group\":{\"tasks\":[]}}}]}}|task_group.tasks' to hold at least one task",
        "{\"type\":\"ACCEPT\",\"framework_id\":{\"value\":\"f\"},\"accept\":{\"offer_ids\":[{\"value\":\"o\"}],\"operations\":[{\"type\":\"LAUNCH_GROUP\",\"launch_group\":{\"executor\":{\"executor_id\":{\"value\":\"e\"},\"resources\":[{\"name\":\"cpus\"}]},\"task_group\":{\"tasks\":[{\"name\":\"t\",\"task_id\":{\"value\":\"t\"},\"agent_id\":{\"value\":\"a\"}}]}}}]}}|launch_group.executor.resources[0]' to have 'name' and a known 'type'",
        "{\"type\":\"ACCEPT\",\"framework_id\":{\"value\":\"f\"},\"accept\":{\"offer_ids\":[{\"value\":\"o\"}],\"operations\":[{\"type\":\"LAUNCH\",\"launch\":{\"task_infos\":[{\"name\":\"t\",\"task_id\":{\"value\":\"t\"},\"agent_id\":{\"value\":\"a\"},\"executor\":{\"executor_id\":{\"value\":\"e\"},\"command\":{\"value\":\"x\",\"uris\":[{}]}}}]}}]}}|.executor.command.uris[0].value' to be present",
      })
  void malformedCallsAreNamed(String json, String expected) {
    Optional<String> problem = CallValidator.problem(MesosJson.read(json, Call.class));
    assertThat(problem).hasValueSatisfying(p -> assertThat(p).contains(expected));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "{\"type\":\"SUBSCRIBE\",\"subscribe\":{\"framework_info\":{\"user\":\"u\",\"name\":\"x\"}}}",
        "{\"type\":\"TEARDOWN\",\"framework_id\":{\"value\":\"f\"}}",
        "{\"type\":\"REVIVE\",\"framework_id\":{\"value\":\"f\"}}",
        "{\"type\":\"DECLINE\",\"framework_id\":{\"value\":\"f\"},\"decline\":{\"offer_ids\":[{\"value\":\"o\"}]}}",
        "{\"type\":\"RECONCILE\",\"framework_id\":{\"value\":\"f\"},\"reconcile\":{}}",
        "{\"type\":\"ACCEPT\",\"framework_id\":{\"value\":\"f\"},\"accept\":{\"offer_ids\":[{\"value\":\"o\"}],\"operations\":[{\"type\":\"LAUNCH_GROUP\",\"launch_group\":{\"executor\":{\"type\":\"DEFAULT\",\"executor_id\":{\"value\":\"e\"}},\"task_group\":{\"tasks\":[{\"name\":\"t\",\"task_id\":{\"value\":\"t\"},\"agent_id\":{\"value\":\"a\"}}]}}}]}}",
      })
  void wellFormedCallsPass(String json) {
    assertThat(CallValidator.problem(MesosJson.read(json, Call.class))).isEmpty();
  }
}
