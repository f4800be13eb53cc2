package io.mezzo;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The package rules of ARCHITECTURE.md §4 (house rule 12: the machine enforces structure), with the
 * amendment agreed for the first milestone:
 *
 * <ul>
 *   <li>{@code core} depends on nothing else in io.mezzo; {@code api} ({@code api.v1}, {@code
 *       api.agent}) only on {@code core};
 *   <li>{@code master} and {@code agent} never import each other, and {@code framework} imports
 *       neither (it talks HTTP like a third-party framework);
 *   <li>{@code master}, {@code agent}, {@code core}, {@code api} never import the edges: {@code
 *       bootstrap}, {@code http}, {@code web}, {@code ops};
 *   <li>the HTTP edge keeps the roles apart too: {@code http.master} imports no agent code (nor
 *       {@code http.agent}), {@code http.agent} no master code (nor {@code http.master}), and the
 *       shared {@code http.common} neither role, nor {@code bootstrap}, which hands out the master;
 *   <li>{@code cli} (the {@code mezzo} command) imports only {@code api.v1} and {@code core.net}
 *       (the plain-JDK TLS files every client of Mezzo reads, so the CLI takes the same PEM files
 *       as the nodes) of Mezzo and no Quarkus, Vert.x or CDI: it is an HTTP client that runs before
 *       Quarkus starts;
 *   <li>{@code bootstrap} never imports {@code http}: the routes ask the node what runs, the node
 *       does not know its routes;
 *   <li>pure packages ({@code core}, {@code master.allocator}, {@code api}) import no Quarkus,
 *       Vert.x or CDI;
 *   <li>no field injection anywhere except {@code bootstrap}, {@code web}, {@code ops} (and prefer
 *       none there either), and no static container look-ups in the domain.
 * </ul>
 *
 * Rules allow empty packages because most of them do not exist yet. So that a mistyped package name
 * cannot make a rule pass vacuously, every rule is also run against {@code
 * io.mezzo.testing.archfixture}, a copy of the layout full of violations, and must fail there.
 */
class ArchitectureTest {
  private static final String ROOT = "io.mezzo";
  private static final String FIXTURE_ROOT = "io.mezzo.testing.archfixture";

  private static final JavaClasses MEZZO =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
          .importPackages(ROOT);

  private static final JavaClasses FIXTURES = new ClassFileImporter().importPackages(FIXTURE_ROOT);

  /** The rules, for a root package, so they can be proved on the fixture layout too. */
  record Rules(String root) {
    private String p(String sub) {
      return root + "." + sub;
    }

    /** Classes under root but outside every one of the given sub-packages. */
    private DescribedPredicate<JavaClass> inRootExcept(String... allowedSubPackages) {
      String[] allowed = Arrays.stream(allowedSubPackages).map(this::p).toArray(String[]::new);
      return resideInAPackage(root + "..")
          .and(DescribedPredicate.not(resideInAnyPackage(allowed)))
          .as("classes in %s outside %s", root, String.join(", ", allowed));
    }

    ArchRule coreDependsOnNothingElseInMezzo() {
      return noClasses()
          .that()
          .resideInAPackage(p("core.."))
          .should()
          .dependOnClassesThat(inRootExcept("core.."))
          .because("core is the role-neutral base everything else builds on")
          .allowEmptyShould(true);
    }

    ArchRule apiDependsOnlyOnCore() {
      return noClasses()
          .that()
          .resideInAPackage(p("api.."))
          .should()
          .dependOnClassesThat(inRootExcept("api..", "core.."))
          .because("the wire model is shared by master, agent and frameworks")
          .allowEmptyShould(true);
    }

    ArchRule masterNeverImportsAgent() {
      return noClasses()
          .that()
          .resideInAPackage(p("master.."))
          .should()
          .dependOnClassesThat()
          .resideInAPackage(p("agent.."))
          .because("master and agent share only api and core messages")
          .allowEmptyShould(true);
    }

    ArchRule agentNeverImportsMaster() {
      return noClasses()
          .that()
          .resideInAPackage(p("agent.."))
          .should()
          .dependOnClassesThat()
          .resideInAPackage(p("master.."))
          .because("master and agent share only api and core messages")
          .allowEmptyShould(true);
    }

    ArchRule frameworkNeverImportsMasterOrAgent() {
      return noClasses()
          .that()
          .resideInAPackage(p("framework.."))
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(p("master.."), p("agent.."))
          .because(
              "built-in frameworks talk to the master over HTTP like any third-party framework")
          .allowEmptyShould(true);
    }

    ArchRule cliIsAnHttpClientOnly() {
      return noClasses()
          .that()
          .resideInAPackage(p("cli.."))
          .should()
          .dependOnClassesThat(inRootExcept("cli..", "api.v1..", "core.net.."))
          .orShould()
          .dependOnClassesThat()
          .resideInAnyPackage("io.quarkus..", "io.vertx..", "jakarta.enterprise..")
          .because("the mezzo CLI talks to any master over HTTP and runs without starting Quarkus")
          .allowEmptyShould(true);
    }

    ArchRule domainNeverImportsTheEdges() {
      return noClasses()
          .that()
          .resideInAnyPackage(p("master.."), p("agent.."), p("core.."), p("api.."))
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(p("bootstrap.."), p("http.."), p("web.."), p("ops.."))
          .because("wiring, HTTP, UI and operations sit on top of the domain, never under it")
          .allowEmptyShould(true);
    }

    ArchRule httpMasterNeverImportsAgentCode() {
      return noClasses()
          .that()
          .resideInAPackage(p("http.master.."))
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(p("agent.."), p("http.agent.."))
          .because(
              "the master's routes reach a local agent only through http.common's LocalAgentApi")
          .allowEmptyShould(true);
    }

    ArchRule httpAgentNeverImportsMasterCode() {
      return noClasses()
          .that()
          .resideInAPackage(p("http.agent.."))
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(p("master.."), p("http.master.."))
          .because("an agent-role node runs no master; its routes share only http.common")
          .allowEmptyShould(true);
    }

    ArchRule httpCommonKnowsNeitherRole() {
      return noClasses()
          .that()
          .resideInAPackage(p("http.common.."))
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              p("master.."), p("agent.."), p("http.master.."), p("http.agent.."), p("bootstrap.."))
          .because("the shared HTTP plumbing serves both roles, so it may know neither")
          .allowEmptyShould(true);
    }

    ArchRule bootstrapNeverImportsHttp() {
      return noClasses()
          .that()
          .resideInAPackage(p("bootstrap.."))
          .should()
          .dependOnClassesThat()
          .resideInAPackage(p("http.."))
          .because("the routes ask the node what runs; the wiring does not know its routes")
          .allowEmptyShould(true);
    }

    ArchRule purePackagesUseNoQuarkusVertxOrCdi() {
      return noClasses()
          .that()
          .resideInAnyPackage(p("core.."), p("master.allocator.."), p("api.."))
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.quarkus..", "io.vertx..", "jakarta.enterprise..")
          .because("pure logic is constructible with new, so one JVM can host a whole cluster")
          .allowEmptyShould(true);
    }

    ArchRule noFieldInjectionOutsideTheEdges() {
      return noFields()
          .that()
          .areDeclaredInClassesThat()
          .resideInAPackage(root + "..")
          .and()
          .areDeclaredInClassesThat()
          .resideOutsideOfPackages(p("bootstrap.."), p("web.."), p("ops.."))
          .should()
          .beAnnotatedWith("jakarta.inject.Inject")
          .orShould()
          .beAnnotatedWith("javax.inject.Inject")
          // Quarkus injects a field that carries only a qualifier (e.g. @ConfigProperty) too.
          .orShould()
          .beMetaAnnotatedWith("jakarta.inject.Qualifier")
          .because("house rule 1: constructor injection with final fields")
          .allowEmptyShould(true);
    }

    ArchRule noStaticContainerLookUpsInTheDomain() {
      return noClasses()
          .that()
          .resideInAnyPackage(
              p("core.."), p("api.."), p("master.."), p("agent.."), p("framework.."))
          .should()
          .dependOnClassesThat()
          .haveFullyQualifiedName("io.quarkus.arc.Arc")
          .orShould()
          .dependOnClassesThat()
          .haveFullyQualifiedName("jakarta.enterprise.inject.spi.CDI")
          .because("house rule 1: every component can be built with new in a test")
          .allowEmptyShould(true);
    }

    /**
     * Deciders (the scheduler-call handlers, the offer maker, status updates and the operator's
     * mutations: TEARDOWN, MARK_AGENT_GONE, DRAIN/DEACTIVATE/REACTIVATE_AGENT) read a {@code
     * MasterView} and return an {@code Outcome}; only the master's applier persists, changes the
     * books, tells observers and sends. Phase 2 adds the agent handlers here as they become
     * deciders.
     */
    ArchRule decidersNeitherPersistNorSendNorMutate() {
      Set<String> migrated =
          Set.of(
              p("master.operator.OperatorTeardownHandler"),
              p("master.agents.StatusUpdateHandler"),
              p("master.operator.AgentControls"),
              p("master.operator.MarkAgentGoneHandler"),
              p("master.operator.DrainAgentHandler"),
              p("master.operator.DeactivateAgentHandler"),
              p("master.operator.ReactivateAgentHandler"),
              p("master.agents.AgentHealthMonitor"),
              p("master.agents.AgentRegistrar"),
              p("master.agents.ExecutorEventHandler"),
              p("master.agents.ReportedTasks"),
              p("master.agents.ReportedTasks$Merged"));
      DescribedPredicate<JavaClass> deciders =
          resideInAnyPackage(p("master.scheduler.."), p("master.offer.."))
              .or(DescribedPredicate.describe("migrated", c -> migrated.contains(c.getName())))
              .as("deciders");
      Set<String> effects =
          Set.of(
              p("master.state.StateStore"),
              p("master.registry.RegistryStore"),
              p("master.MasterState"),
              p("master.MasterObserver"),
              p("master.MasterObservers"),
              p("master.operator.OperatorStream"));
      DescribedPredicate<JavaClass> effectTypes =
          DescribedPredicate.describe(
              "the store, the live state, observers or operator streams",
              c -> effects.contains(c.getName()));
      Map<String, Set<String>> mutators =
          Map.of(
              p("master.registry.FrameworkEntry"),
              Set.of(
                  "connect",
                  "disconnect",
                  "markRemoved",
                  "info",
                  "suppressedRoles",
                  "complete",
                  "send"),
              p("master.registry.AgentEntry"),
              Set.of(
                  "connect",
                  "disconnect",
                  "closeChannel",
                  "markUnreachable",
                  "markGone",
                  "send",
                  "heartbeat",
                  "missPing",
                  "version",
                  "deactivated"),
              p("master.registry.TaskEntry"),
              Set.of("record", "clearPendingUuid", "markResourcesRecovered"),
              p("master.scheduler.FrameworkStream"),
              Set.of("send", "close"),
              p("master.agents.AgentChannel"),
              Set.of("send", "close"));
      DescribedPredicate<JavaMethodCall> mutation =
          DescribedPredicate.describe(
              "a mutator of an entry, or send/close of a framework stream or agent channel",
              call -> {
                var target = call.getTarget();
                Set<String> names = mutators.get(target.getOwner().getName());
                // Getters share their setter's name (info(), version()): only calls with
                // arguments mutate, except for the argument-less mutators.
                return names != null
                    && names.contains(target.getName())
                    && (!target.getRawParameterTypes().isEmpty()
                        || Set.of(
                                "markRemoved",
                                "closeChannel",
                                "markGone",
                                "missPing",
                                "close",
                                "clearPendingUuid",
                                "markResourcesRecovered")
                            .contains(target.getName()));
              });
      return noClasses()
          .that(deciders)
          .should()
          .dependOnClassesThat(effectTypes)
          .orShould()
          .callMethodWhere(mutation)
          .because(
              "decide -> persist -> apply -> announce: a decider returns an Outcome and the"
                  + " master's applier acts on it")
          .allowEmptyShould(true);
    }
  }

  static java.util.stream.Stream<Arguments> rules() {
    return java.util.stream.Stream.<Function<Rules, ArchRule>>of(
            Rules::coreDependsOnNothingElseInMezzo,
            Rules::apiDependsOnlyOnCore,
            Rules::masterNeverImportsAgent,
            Rules::agentNeverImportsMaster,
            Rules::frameworkNeverImportsMasterOrAgent,
            Rules::cliIsAnHttpClientOnly,
            Rules::domainNeverImportsTheEdges,
            Rules::httpMasterNeverImportsAgentCode,
            Rules::httpAgentNeverImportsMasterCode,
            Rules::httpCommonKnowsNeitherRole,
            Rules::bootstrapNeverImportsHttp,
            Rules::purePackagesUseNoQuarkusVertxOrCdi,
            Rules::noFieldInjectionOutsideTheEdges,
            Rules::noStaticContainerLookUpsInTheDomain,
            Rules::decidersNeitherPersistNorSendNorMutate)
        .map(r -> Arguments.of(r.apply(new Rules(ROOT)).getDescription(), r));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void mezzoKeepsTheRule(String description, Function<Rules, ArchRule> rule) {
    rule.apply(new Rules(ROOT)).check(MEZZO);
  }

  @Test
  void theProductionImportSeesTheCodeButNoTests() {
    assertThat(MEZZO.contain("io.mezzo.api.v1.MesosJson")).isTrue();
    assertThat(MEZZO.contain(ArchitectureTest.class)).isFalse();
  }

  @Nested
  class EveryRuleCatchesAViolation {
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.mezzo.ArchitectureTest#rules")
    void ruleFailsOnTheFixtureLayout(String description, Function<Rules, ArchRule> rule) {
      assertThatThrownBy(() -> rule.apply(new Rules(FIXTURE_ROOT)).check(FIXTURES))
          .isInstanceOf(AssertionError.class);
    }

    @Test
    void theHttpRulesNameTheirViolations() {
      Rules rules = new Rules(FIXTURE_ROOT);
      assertThatThrownBy(() -> rules.domainNeverImportsTheEdges().check(FIXTURES))
          .hasMessageContaining("AgentThatKnowsItsRoutes.route");
      assertThatThrownBy(() -> rules.httpMasterNeverImportsAgentCode().check(FIXTURES))
          .hasMessageContaining("MasterRouteThatKnowsTheAgent.agent");
      assertThatThrownBy(() -> rules.httpAgentNeverImportsMasterCode().check(FIXTURES))
          .hasMessageContaining("AgentRouteThatKnowsTheMaster.route");
      assertThatThrownBy(() -> rules.httpCommonKnowsNeitherRole().check(FIXTURES))
          .hasMessageContaining("PlumbingThatKnowsTheMaster.master");
      assertThatThrownBy(() -> rules.bootstrapNeverImportsHttp().check(FIXTURES))
          .hasMessageContaining("WiringThatKnowsTheRoutes.plumbing");
    }

    @Test
    void theEdgesMayStillUseFieldInjection() {
      assertThatThrownBy(
              () -> new Rules(FIXTURE_ROOT).noFieldInjectionOutsideTheEdges().check(FIXTURES))
          .hasMessageContaining("MasterThatKnowsTheAgent.agent")
          .hasMessageContaining("AgentThatKnowsTheMaster.x")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Wiring"));
    }
  }
}
