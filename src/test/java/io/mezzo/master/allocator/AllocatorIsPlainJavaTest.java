package io.mezzo.master.allocator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The resources arithmetic and the allocator are pure decisions (ARCHITECTURE.md §4, STYLE.md rule
 * 5): no container, event loop or I/O, so they build with {@code new} and test in milliseconds.
 */
@AnalyzeClasses(
    packages = {"io.mezzo.core.resources", "io.mezzo.master.allocator"},
    importOptions = ImportOption.DoNotIncludeTests.class)
class AllocatorIsPlainJavaTest {

  @ArchTest
  static final ArchRule noFrameworksOrIo =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.quarkus..",
              "io.vertx..",
              "io.smallrye..",
              "jakarta..",
              "javax..",
              "java.io..",
              "java.nio..",
              "java.net..")
          .because(
              "allocation is a pure function of state and input; effects belong to the master");

  @ArchTest
  static final ArchRule resourcesDependOnNothingElseHere =
      classes()
          .that()
          .resideInAPackage("io.mezzo.core.resources..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage("io.mezzo.core.resources..", "java..")
          .because("core depends on nothing else in Mezzo");
}
