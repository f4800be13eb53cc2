package io.mezzo.framework.jobs.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mezzo.framework.jobs.JobsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class JobGraphTest {
  /** a → b, a → c, b,c → d. */
  private static final JobGraph DIAMOND =
      JobGraph.empty()
          .with("a", List.of())
          .with("b", List.of("a"))
          .with("c", List.of("a"))
          .with("d", List.of("c", "b"));

  private static AbstractThrowableAssert<?, ? extends Throwable> refusal(Runnable change) {
    return assertThatThrownBy(change::run)
        .isInstanceOf(JobsException.class)
        .satisfies(e -> assertThat(((JobsException) e).status()).isEqualTo(400));
  }

  @Test
  void emptyGraphHasNoJobs() {
    assertThat(JobGraph.empty().topological()).isEmpty();
    assertThat(JobGraph.empty().contains("a")).isFalse();
  }

  @Test
  void edgesAreKnownFromBothEnds() {
    assertThat(DIAMOND.parents("d")).containsExactly("b", "c");
    assertThat(DIAMOND.children("a")).containsExactly("b", "c");
    assertThat(DIAMOND.parents("a")).isEmpty();
    assertThat(DIAMOND.children("d")).isEmpty();
    assertThat(DIAMOND.contains("d")).isTrue();
  }

  @Test
  void unknownJobsHaveNoEdges() {
    assertThat(DIAMOND.parents("zz")).isEmpty();
    assertThat(DIAMOND.children("zz")).isEmpty();
    assertThat(DIAMOND.contains("zz")).isFalse();
  }

  @Test
  void withLeavesTheOriginalGraphUnchanged() {
    JobGraph bigger = DIAMOND.with("e", List.of("d"));
    assertThat(bigger.children("d")).containsExactly("e");
    assertThat(DIAMOND.contains("e")).isFalse();
    assertThat(DIAMOND.children("d")).isEmpty();
  }

  @Test
  void returnedSetsCannotBeModified() {
    assertThatThrownBy(() -> DIAMOND.children("a").add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> DIAMOND.parents("d").clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void unknownParentIsRefusedNamingIt() {
    refusal(() -> DIAMOND.with("e", List.of("a", "x"))).hasMessage("parents: unknown job 'x'");
  }

  @Test
  void selfParentIsACycleOfLengthOne() {
    refusal(() -> DIAMOND.with("a", List.of("a"))).hasMessage("dependency cycle: a -> a");
    refusal(() -> JobGraph.empty().with("new", List.of("new")))
        .hasMessage("dependency cycle: new -> new");
  }

  @Test
  void cycleOfLengthTwoIsNamedFromTheJobBeingChanged() {
    JobGraph g = JobGraph.empty().with("a", List.of()).with("b", List.of("a"));
    refusal(() -> g.with("a", List.of("b"))).hasMessage("dependency cycle: a -> b -> a");
  }

  @Test
  void cycleOfLengthThreeIsNamedInPathOrder() {
    JobGraph g =
        JobGraph.empty().with("a", List.of()).with("b", List.of("a")).with("c", List.of("b"));
    refusal(() -> g.with("a", List.of("c"))).hasMessage("dependency cycle: a -> b -> c -> a");
  }

  @Test
  void cycleThroughADiamondNamesTheShortestPathInNameOrder() {
    refusal(() -> DIAMOND.with("a", List.of("d"))).hasMessage("dependency cycle: a -> b -> d -> a");
  }

  @Test
  void refusedChangeLeavesTheGraphAsItWas() {
    refusal(() -> DIAMOND.with("a", List.of("d")));
    assertThat(DIAMOND.parents("a")).isEmpty();
    assertThat(DIAMOND.children("d")).isEmpty();
  }

  @Test
  void replacingParentsMovesTheEdgesAndKeepsChildren() {
    JobGraph g = DIAMOND.with("x", List.of()).with("b", List.of("x"));
    assertThat(g.parents("b")).containsExactly("x");
    assertThat(g.children("a")).containsExactly("c");
    assertThat(g.children("x")).containsExactly("b");
    assertThat(g.children("b")).containsExactly("d");
  }

  @Test
  void replacingParentsIsCheckedForCyclesAgain() {
    JobGraph g = DIAMOND.with("e", List.of());
    refusal(() -> g.with("e", List.of("d")).with("b", List.of("e")))
        .hasMessage("dependency cycle: b -> d -> e -> b");
  }

  @Test
  void replacingADependentJobWithAScheduledOneDropsItsParents() {
    JobGraph g = DIAMOND.with("d", List.of());
    assertThat(g.parents("d")).isEmpty();
    assertThat(g.children("b")).isEmpty();
    assertThat(g.children("c")).isEmpty();
  }

  @Test
  void withoutRefusesWhileChildrenDependOnTheJobNamingThem() {
    refusal(() -> DIAMOND.without("a"))
        .hasMessage("job 'a' has dependent jobs b, c: delete or re-parent them first");
  }

  @Test
  void withoutRemovesALeafAndItsEdges() {
    JobGraph g = DIAMOND.without("d");
    assertThat(g.contains("d")).isFalse();
    assertThat(g.children("b")).isEmpty();
    assertThat(g.children("c")).isEmpty();
    assertThat(g.without("b").without("c").without("a").topological()).isEmpty();
  }

  @Test
  void withoutAnUnknownJobIsANoOp() {
    assertThat(DIAMOND.without("zz")).isSameAs(DIAMOND);
  }

  @Test
  void topologicalPutsParentsFirstAndBreaksTiesByName() {
    JobGraph g =
        JobGraph.empty()
            .with("z", List.of())
            .with("m", List.of())
            .with("b", List.of("z"))
            .with("a", List.of("m", "b"))
            .with("y", List.of());
    assertThat(g.topological()).containsExactly("m", "y", "z", "b", "a");
    assertThat(DIAMOND.topological()).containsExactly("a", "b", "c", "d");
  }

  @Test
  void dotListsEveryJobThenEveryEdgeInNameOrder() {
    assertThat(DIAMOND.with("lone", List.of()).dot())
        .isEqualTo(
            """
            digraph G {
              "a";
              "b";
              "c";
              "d";
              "lone";
              "a" -> "b";
              "a" -> "c";
              "b" -> "d";
              "c" -> "d";
            }
            """);
  }

  @Test
  void dotEscapesQuotesInNames() {
    assertThat(JobGraph.empty().with("say \"hi\"", List.of()).dot())
        .isEqualTo("digraph G {\n  \"say \\\"hi\\\"\";\n}\n");
  }

  @Test
  void csvGivesNodesWithTheirStatesThenLinks() {
    Map<String, String[]> states =
        Map.of(
            "a", new String[] {"success", "idle"},
            "b", new String[] {"failure", "queued"},
            "c", new String[] {"fresh", "running"},
            "d", new String[] {"fresh", "idle"});
    assertThat(DIAMOND.csv(states::get))
        .isEqualTo(
            """
            node,a,success,idle
            node,b,failure,queued
            node,c,fresh,running
            node,d,fresh,idle
            link,a,b
            link,a,c
            link,b,d
            link,c,d
            """);
  }

  @Test
  void csvRefusesAStateThatIsNotAPair() {
    assertThatThrownBy(() -> DIAMOND.csv(name -> new String[] {"fresh"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("job 'a'");
  }

  @Test
  void tenThousandJobChainIsBuiltCheckedAndOrderedWithoutOverflow() {
    JobGraph g = JobGraph.empty().with(job(0), List.of());
    List<String> expected = new ArrayList<>(List.of(job(0)));
    for (int i = 1; i < 10_000; i++) {
      g = g.with(job(i), List.of(job(i - 1)));
      expected.add(job(i));
    }
    assertThat(g.topological()).isEqualTo(expected);
    JobGraph chain = g;
    refusal(() -> chain.with(job(0), List.of(job(9_999))))
        .hasMessageStartingWith("dependency cycle: j00000 -> j00001 -> ")
        .hasMessageEndingWith(" -> j09999 -> j00000");
  }

  private static String job(int i) {
    return String.format("j%05d", i);
  }
}
