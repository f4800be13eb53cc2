package io.mezzo.framework.services.app;

import static io.mezzo.framework.services.app.AppJsonTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mezzo.framework.services.ServicesException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupJsonTest {
  static final String NESTED =
      "{'id': '/prod', 'dependencies': ['/infra'], 'apps': [{'id': 'web', 'cmd': 'x',"
          + " 'dependencies': ['db/pg']}], 'groups': [{'id': 'db', 'apps': [{'id': 'pg', 'cmd':"
          + " 'y'}]}]}";

  @Test
  void nestedGroupsResolveRelativeIds() {
    Group g = GroupJson.parse(json(NESTED), PathId.ROOT);
    assertThat(g.id()).isEqualTo(PathId.parse("/prod"));
    assertThat(g.allApps().keySet())
        .containsExactly(PathId.parse("/prod/db/pg"), PathId.parse("/prod/web"));
    assertThat(g.app(PathId.parse("/prod/web")).orElseThrow().dependencies())
        .containsExactly(PathId.parse("/prod/db/pg"));
    assertThat(g.dependencies()).containsExactly(PathId.parse("/infra"));
  }

  @Test
  void writeThenParseGivesTheSameGroup() {
    Group g = GroupJson.parse(json(NESTED), PathId.ROOT);
    var w = GroupJson.write(g);
    assertThat(w.get("pods").isArray()).isTrue();
    assertThat(GroupJson.parse(w, PathId.ROOT)).isEqualTo(g);
  }

  @Test
  void problemsInsideGroupsCarryTheirFullPath() {
    assertThatThrownBy(
            () ->
                GroupJson.parse(
                    json(
                        "{'id': '/g', 'pods': [{}], 'apps': [{'id': '/elsewhere/a', 'cmd': 'x'}],"
                            + " 'groups': [{'id': 'sub', 'apps': [{'id': 'b', 'cmd': 'x', 'cpus':"
                            + " 0}]}]}"),
                    PathId.ROOT))
        .isInstanceOfSatisfying(
            ServicesException.class,
            e ->
                assertThat(e.details())
                    .extracting(ServicesException.Detail::path)
                    .containsExactlyInAnyOrder("/apps(0)/id", "/groups(0)/apps(0)/cpus", "/pods"));
  }

  @Test
  void scaleByIsAPositiveFactor() {
    assertThat(GroupJson.scaleBy(json("{'scaleBy': 1.5}"))).hasValue(1.5);
    assertThat(GroupJson.scaleBy(json(NESTED))).isEmpty();
    assertThatThrownBy(() -> GroupJson.scaleBy(json("{'scaleBy': 0}")))
        .isInstanceOf(ServicesException.class);
  }

  static AppDefinition app(String id, String... deps) {
    return AppJson.parse(
        json(
            "{'id': '"
                + id
                + "', 'cmd': 'x', 'dependencies': ["
                + String.join(",", List.of(deps).stream().map(d -> "'" + d + "'").toList())
                + "]}"),
        PathId.ROOT);
  }

  static Map<String, List<String>> problems(Group root) {
    Map<String, List<String>> out = new java.util.TreeMap<>();
    GroupValidator.validate(root).details().forEach(d -> out.put(d.path(), d.errors()));
    return out;
  }

  @Test
  void treeRules() {
    Instant t = Instant.EPOCH;
    Group ok = Group.empty(PathId.ROOT, t).withApp(app("/a", "/g"), t).withApp(app("/g/b"), t);
    assertThat(problems(ok)).isEmpty();
    assertThat(GroupValidator.appDependencies(ok))
        .containsEntry(PathId.parse("/a"), java.util.Set.of(PathId.parse("/g/b")));

    Group missing = Group.empty(PathId.ROOT, t).withApp(app("/a", "/nope"), t);
    assertThat(problems(missing).get("/dependencies").get(0))
        .contains("/a depends on /nope, which is neither an app nor a group");

    Group cycle =
        Group.empty(PathId.ROOT, t)
            .withApp(app("/a", "/b"), t)
            .withApp(app("/b", "/c"), t)
            .withApp(app("/c", "/a"), t);
    assertThat(problems(cycle).get("/dependencies").get(0))
        .isEqualTo("dependency cycle: /a → /b → /c → /a");

    Group clash = Group.empty(PathId.ROOT, t).withApp(app("/x/y"), t).withApp(app("/x"), t);
    assertThat(problems(clash).get("/id").get(0)).contains("app /x has the id of a group");
  }
}
