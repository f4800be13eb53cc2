package io.mezzo.security.acl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AclsTest {
  private static final String ANY = "{\"type\":\"ANY\"}";

  @Test
  void anEmptyObjectIsPermissiveWithNoEntries() {
    Acls acls = Acls.parse("acls.json", " {} ");
    assertThat(acls.permissive()).isTrue();
    assertThat(acls.size()).isZero();
    assertThat(acls.rules(Action.RUN_TASKS)).isEmpty();
  }

  @Test
  void entriesKeepTheirListTheirOrderAndTheirEntities() {
    Acls acls =
        Acls.parse(
            "acls.json",
            """
            {"permissive": false,
             "run_tasks": [
               {"principals": {"values": ["web", "batch"]}, "users": {"type": "SOME", "values": ["app"]}},
               {"principals": {"type": "NONE"}, "users": {"type": "ANY"}}],
             "view_flags": [{"principals": {"type": "ANY"}, "flags": {"type": "NONE"}}]}
            """);
    assertThat(acls.permissive()).isFalse();
    assertThat(acls.size()).isEqualTo(3);
    assertThat(acls.rules(Action.RUN_TASKS))
        .containsExactly(
            new AclRule(Action.RUN_TASKS, 0, AclEntity.some("web", "batch"), AclEntity.some("app")),
            new AclRule(Action.RUN_TASKS, 1, AclEntity.NONE, AclEntity.ANY));
    assertThat(acls.rules(Action.VIEW_FLAGS))
        .containsExactly(new AclRule(Action.VIEW_FLAGS, 0, AclEntity.ANY, AclEntity.NONE));
  }

  @Test
  void everyMesosListLoadsUnderItsOwnObjectField() {
    StringBuilder json = new StringBuilder("{\"permissive\": false");
    for (Action action : Action.values()) {
      json.append(", \"")
          .append(action.aclName())
          .append("\": [{\"principals\": ")
          .append(ANY)
          .append(", \"")
          .append(action.objectField())
          .append("\": ")
          .append(ANY)
          .append("}]");
    }
    Acls acls = Acls.parse("all.json", json.append("}").toString());
    assertThat(acls.size()).isEqualTo(Action.values().length);
    for (Action action : Action.values()) {
      assertThat(acls.rules(action)).hasSize(1);
      assertThat(Action.ofAclName(action.aclName())).contains(action);
    }
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("", "ACLs must be a JSON object"),
        Arguments.of("[]", "ACLs must be a JSON object"),
        Arguments.of("{oops", "a.json: not valid JSON"),
        Arguments.of(
            "{\"permissive\": true, \"permissive\": false}", "Duplicate field 'permissive'"),
        Arguments.of("{\"permissive\": \"false\"}", "'permissive' must be true or false"),
        Arguments.of(
            "{\"update_quota\": []}",
            "unknown ACL list 'update_quota'; did you mean 'update_quotas'?"),
        Arguments.of(
            "{\"frobnicate\": []}",
            "unknown ACL list 'frobnicate'; the keys are 'permissive', 'register_frameworks'"),
        Arguments.of("{\"run_tasks\": {}}", "a.json: run_tasks must be an array"),
        Arguments.of("{\"run_tasks\": [3]}", "a.json: run_tasks[0] must be an object"),
        Arguments.of(
            "{\"run_tasks\": [{\"principals\": " + ANY + "}]}", "run_tasks[0]: missing 'users'"),
        Arguments.of(
            "{\"run_tasks\": [{\"principals\": " + ANY + ", \"roles\": " + ANY + "}]}",
            "run_tasks[0]: unknown field 'roles'; an entry of run_tasks holds 'principals' and 'users'"),
        // Mesos's own documentation writes {"type": "admin"}; Mezzo says where the name goes.
        Arguments.of(
            "{\"teardown_frameworks\": [{\"principals\": "
                + ANY
                + ", \"framework_principals\": "
                + ANY
                + "}, {\"principals\": {\"type\": \"admin\"}, \"framework_principals\": "
                + ANY
                + "}]}",
            "teardown_frameworks[1].principals: type \"admin\" is not ANY, NONE or SOME"),
        Arguments.of(
            entry("run_tasks", "{\"type\": \"any\"}", ANY),
            "type \"any\" is not ANY, NONE or SOME"),
        Arguments.of(
            entry("run_tasks", "{\"type\": \"ANY\", \"values\": [\"ops\"]}", ANY),
            "run_tasks[0].principals: type ANY takes no values"),
        Arguments.of(entry("run_tasks", "{}", ANY), "run_tasks[0].principals names nothing"),
        Arguments.of(
            entry("run_tasks", ANY, "{\"values\": []}"), "run_tasks[0].users names nothing"),
        Arguments.of(
            entry("run_tasks", "{\"values\": \"ops\"}", ANY),
            "run_tasks[0].principals.values must be an array of strings"),
        Arguments.of(
            entry("run_tasks", "{\"values\": [\"\"]}", ANY),
            "run_tasks[0].principals.values[0] must be a non-empty string"),
        Arguments.of(
            entry("run_tasks", "{\"values\": [7]}", ANY),
            "run_tasks[0].principals.values[0] must be a non-empty string"),
        Arguments.of(
            entry("run_tasks", "{\"typ\": \"ANY\"}", ANY),
            "run_tasks[0].principals: unknown field 'typ'"),
        Arguments.of(entry("run_tasks", "\"ANY\"", ANY), "run_tasks[0].principals must be"),
        Arguments.of(
            "{\"view_flags\": [{\"principals\": "
                + ANY
                + ", \"flags\": {\"values\": [\"port\"]}}]}",
            "view_flags[0]: view_flags has no object to name: its 'flags' must be"),
        Arguments.of(
            "{\"get_endpoints\": [{\"principals\": "
                + ANY
                + ", \"paths\": {\"values\": [\"/state\"]}}]}",
            "get_endpoints[0].paths: '/state' is not an authorizable endpoint"));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("malformed")
  void malformedAclsAreRefusedWithTheirPlace(String json, String message) {
    assertThatThrownBy(() -> Acls.parse("a.json", json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a.json")
        .hasMessageContaining(message);
  }

  private static String entry(String list, String principals, String users) {
    return "{\"" + list + "\": [{\"principals\": " + principals + ", \"users\": " + users + "}]}";
  }
}
