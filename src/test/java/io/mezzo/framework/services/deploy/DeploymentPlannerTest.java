package io.mezzo.framework.services.deploy;

import static io.mezzo.framework.services.deploy.PlannerFixtures.V1;
import static io.mezzo.framework.services.deploy.PlannerFixtures.V2;
import static io.mezzo.framework.services.deploy.PlannerFixtures.app;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mezzo.framework.services.ServicesException;
import io.mezzo.framework.services.app.AppDefinition;
import io.mezzo.framework.services.app.Group;
import io.mezzo.framework.services.app.PathId;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DeploymentPlannerTest {
  private final DeploymentPlanner planner = new DeploymentPlanner();

  private static Group root(AppDefinition... apps) {
    Group g = Group.empty(PathId.ROOT, V1);
    for (AppDefinition a : apps) {
      g = g.withApp(a, V1);
    }
    return g;
  }

  /** {@code root} with group {@code id} depending on {@code deps}. */
  private static Group withGroupDeps(Group root, String id, String... deps) {
    Group g = root.group(PathId.parse(id)).orElseThrow();
    Group changed =
        new Group(g.id(), g.apps(), g.groups(), Stream.of(deps).map(PathId::parse).toList(), V1);
    return root.withGroup(changed, V1);
  }

  private static String render(Optional<Deployment> plan) {
    if (plan.isEmpty()) {
      return "nothing";
    }
    return plan.get().steps().stream()
        .map(
            s ->
                s.actions().stream()
                    .map(a -> a.action().name().replace("Application", "") + " " + a.app())
                    .sorted()
                    .collect(Collectors.joining(", ")))
        .collect(Collectors.joining(" | "));
  }

  static Stream<Arguments> plans() {
    AppDefinition web = app("/web").instances(2).build();
    AppDefinition db = app("/db").build();
    AppDefinition api = app("/api").dependsOn("/db").build();
    AppDefinition front = app("/front").dependsOn("/api").build();
    AppDefinition cache = app("/cache").build();
    Group backFront =
        root(
            app("/back/db").build(),
            app("/back/api").build(),
            app("/front/web").build(),
            app("/front/ui").build());
    return Stream.of(
        Arguments.of("same apps", root(web), root(web), "nothing"),
        Arguments.of("new app", root(), root(web), "Start /web"),
        Arguments.of("removed app", root(web), root(), "Stop /web"),
        Arguments.of("only instances changed", root(web), root(web.withInstances(5)), "Scale /web"),
        Arguments.of(
            "command changed",
            root(web),
            root(app("/web").instances(2).cmd("other").config(V2).build()),
            "Restart /web"),
        Arguments.of(
            "restart asked: new configuration version, same definition",
            root(web),
            root(app("/web").instances(2).config(V2).build()),
            "Restart /web"),
        Arguments.of(
            "scale-only version change needs no restart",
            root(web),
            root(app("/web").instances(2).version(V2).build()),
            "nothing"),
        Arguments.of(
            "changed and scaled to zero is a scale",
            root(web),
            root(app("/web").instances(0).cmd("other").config(V2).build()),
            "Scale /web"),
        Arguments.of(
            "dependencies start first, independent apps share a step",
            root(),
            root(db, api, front, cache),
            "Start /cache, Start /db | Start /api | Start /front"),
        Arguments.of(
            "unchanged dependency is not redeployed",
            root(db, api),
            root(db, app("/api").dependsOn("/db").cmd("v2").config(V2).build()),
            "Restart /api"),
        Arguments.of(
            "restarts follow dependency order",
            root(db, api),
            root(
                app("/db").cmd("v2").config(V2).build(),
                app("/api").dependsOn("/db").cmd("v2").config(V2).build()),
            "Restart /db | Restart /api"),
        Arguments.of(
            "stops go in reverse dependency order",
            root(db, api, front),
            root(),
            "Stop /front | Stop /api | Stop /db"),
        Arguments.of(
            "stops come before starts", root(web), root(cache), "Stop /web | Start /cache"),
        Arguments.of(
            "a group's dependency means all its apps",
            root(),
            withGroupDeps(backFront, "/front", "/back"),
            "Start /back/api, Start /back/db | Start /front/ui, Start /front/web"),
        Arguments.of(
            "an app may depend on a group",
            root(),
            root(
                app("/back/db").build(),
                app("/back/api").build(),
                app("/web").dependsOn("/back").build()),
            "Start /back/api, Start /back/db | Start /web"));
  }

  @ParameterizedTest(name = "{0}: {3}")
  @MethodSource("plans")
  void plansStepsInMarathonsOrder(String why, Group original, Group target, String steps) {
    assertThat(render(planner.plan(original, target, "d1", V2))).isEqualTo(steps);
  }

  @Test
  void deploymentCarriesIdVersionAffectedAppsAndStartsBeforeTheFirstStep() {
    Deployment d =
        planner
            .plan(root(app("/old").build()), root(app("/new").build()), "dep-1", V2)
            .orElseThrow();
    assertThat(d.id()).isEqualTo("dep-1");
    assertThat(d.version()).isEqualTo(V2);
    assertThat(d.currentStep()).isZero();
    assertThat(d.affectedApps()).containsExactly(PathId.parse("/new"), PathId.parse("/old"));
    assertThat(d.original().allApps()).containsOnlyKeys(PathId.parse("/old"));
    assertThat(d.target().allApps()).containsOnlyKeys(PathId.parse("/new"));
  }

  @Test
  void aDependencyCycleIsRefusedWith422NamingIt() {
    Group cyclic =
        root(app("/a").dependsOn("/b").build(), app("/b").dependsOn("/c").build())
            .withApp(app("/c").dependsOn("/a").build(), V1);
    assertThatThrownBy(() -> planner.plan(root(), cyclic, "d", V2))
        .isInstanceOfSatisfying(ServicesException.class, e -> assertThat(e.status()).isEqualTo(422))
        .hasMessageContaining("/a → /b → /c → /a");
  }

  @Test
  void aCycleThroughGroupsIsRefusedToo() {
    Group g = root(app("/x/a").build(), app("/y/b").build());
    g = withGroupDeps(withGroupDeps(g, "/x", "/y"), "/y", "/x");
    Group target = g;
    assertThatThrownBy(() -> planner.plan(root(), target, "d", V2))
        .isInstanceOf(ServicesException.class)
        .hasMessageContaining("/x/a → /y/b → /x/a");
  }

  @Test
  void aCycleElsewhereInTheTargetIsRefusedEvenIfUntouched() {
    Group cyclic = root(app("/a").dependsOn("/b").build(), app("/b").dependsOn("/a").build());
    Group target = cyclic.withApp(app("/new").build(), V2);
    assertThatThrownBy(() -> planner.plan(cyclic, target, "d", V2))
        .isInstanceOf(ServicesException.class);
  }

  @Test
  void unknownDependenciesAreLeftToTheValidator() {
    assertThat(render(planner.plan(root(), root(app("/a").dependsOn("/nope").build()), "d", V2)))
        .isEqualTo("Start /a");
  }

  @Test
  void actionTypesFollowTheDefinitions() {
    AppDefinition a = app("/a").instances(2).build();
    assertThat(DeploymentPlanner.actionFor(null, a))
        .isEqualTo(Deployment.ActionType.StartApplication);
    assertThat(DeploymentPlanner.actionFor(a, a)).isNull();
  }
}
