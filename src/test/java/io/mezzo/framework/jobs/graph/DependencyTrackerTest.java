package io.mezzo.framework.jobs.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DependencyTrackerTest {
  /** a → b, a → c, b,c → d. */
  private static final JobGraph DIAMOND =
      JobGraph.empty()
          .with("a", List.of())
          .with("b", List.of("a"))
          .with("c", List.of("a"))
          .with("d", List.of("b", "c"));

  private final DependencyTracker tracker = new DependencyTracker(Map.of());

  @Test
  void aChildWithOneParentRunsAfterEachOfItsSuccesses() {
    assertThat(tracker.parentSucceeded("a", DIAMOND)).containsExactly("b", "c");
    assertThat(tracker.parentSucceeded("a", DIAMOND)).containsExactly("b", "c");
  }

  @Test
  void diamondRunsTheJoinOncePerRunOfTheRootAfterBothBranches() {
    for (int run = 0; run < 3; run++) {
      assertThat(tracker.parentSucceeded("a", DIAMOND)).containsExactly("b", "c");
      assertThat(tracker.parentSucceeded("b", DIAMOND)).isEmpty();
      assertThat(tracker.parentSucceeded("c", DIAMOND)).containsExactly("d");
      assertThat(tracker.toMap()).isEmpty();
    }
  }

  @Test
  void aParentSucceedingTwiceBeforeTheOtherCountsOnce() {
    assertThat(tracker.parentSucceeded("b", DIAMOND)).isEmpty();
    assertThat(tracker.parentSucceeded("b", DIAMOND)).isEmpty();
    assertThat(tracker.parentSucceeded("c", DIAMOND)).containsExactly("d");
    assertThat(tracker.parentSucceeded("c", DIAMOND)).isEmpty();
    assertThat(tracker.toMap()).isEqualTo(Map.of("d", Set.of("c")));
  }

  @Test
  void leavesAndUnknownJobsMakeNothingDue() {
    assertThat(tracker.parentSucceeded("d", DIAMOND)).isEmpty();
    assertThat(tracker.parentSucceeded("nope", DIAMOND)).isEmpty();
    assertThat(tracker.toMap()).isEmpty();
  }

  @Test
  void aParentRemovedFromTheChildNoLongerCountsNorIsWaitedFor() {
    tracker.parentSucceeded("b", DIAMOND);
    JobGraph reparented = DIAMOND.with("x", List.of()).with("d", List.of("c", "x"));
    assertThat(tracker.parentSucceeded("c", reparented)).isEmpty();
    assertThat(tracker.toMap()).isEqualTo(Map.of("d", Set.of("c")));
    assertThat(tracker.parentSucceeded("x", reparented)).containsExactly("d");
  }

  @Test
  void aParentDroppedFromTheChildLetsTheRemainingOneTriggerIt() {
    tracker.parentSucceeded("b", DIAMOND);
    JobGraph onlyC = DIAMOND.with("d", List.of("c"));
    assertThat(tracker.parentSucceeded("c", onlyC)).containsExactly("d");
  }

  @Test
  void forgetDropsTheJobAsChildAndAsParent() {
    JobGraph g = DIAMOND.with("e", List.of("b", "d"));
    tracker.parentSucceeded("b", g);
    assertThat(tracker.toMap()).isEqualTo(Map.of("d", Set.of("b"), "e", Set.of("b")));
    tracker.forget("d");
    assertThat(tracker.toMap()).isEqualTo(Map.of("e", Set.of("b")));
    tracker.forget("b");
    assertThat(tracker.toMap()).isEmpty();
    tracker.forget("unknown");
    assertThat(tracker.toMap()).isEmpty();
  }

  @Test
  void toMapAndTheMapConstructorRoundTrip() {
    tracker.parentSucceeded("b", DIAMOND);
    DependencyTracker restored = new DependencyTracker(tracker.toMap());
    assertThat(restored.toMap()).isEqualTo(tracker.toMap());
    assertThat(restored.parentSucceeded("c", DIAMOND)).containsExactly("d");
  }

  @Test
  void theConstructorCopiesItsInput() {
    Set<String> parents = new HashSet<>(Set.of("b"));
    Map<String, Set<String>> input = new HashMap<>(Map.of("d", parents));
    DependencyTracker restored = new DependencyTracker(input);
    parents.add("c");
    input.put("zz", Set.of("a"));
    assertThat(restored.toMap()).isEqualTo(Map.of("d", Set.of("b")));
  }

  @Test
  void toMapIsACopyThatCannotBeModified() {
    tracker.parentSucceeded("b", DIAMOND);
    Map<String, Set<String>> map = tracker.toMap();
    assertThatThrownBy(() -> map.get("d").add("c"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> map.clear()).isInstanceOf(UnsupportedOperationException.class);
    tracker.parentSucceeded("c", DIAMOND);
    assertThat(map).isEqualTo(Map.of("d", Set.of("b")));
  }

  @Test
  void emptySetsAreNotRestored() {
    assertThat(new DependencyTracker(Map.of("d", Set.of())).toMap()).isEmpty();
  }

  @Test
  void nullInTheStoredMapIsRefusedNamingIt() {
    Map<String, Set<String>> input = new HashMap<>();
    input.put("d", null);
    assertThatThrownBy(() -> new DependencyTracker(input))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("'d'");
  }
}
