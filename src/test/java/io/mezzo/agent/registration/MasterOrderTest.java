package io.mezzo.agent.registration;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MasterOrderTest {
  private static final URI A = URI.create("http://a:5050");
  private static final URI B = URI.create("http://b:5050");
  private static final URI C = URI.create("http://c:5050");

  @Test
  void theDetectedLeaderThenTheLastGoodThenTheRest() {
    assertThat(MasterOrder.order(Optional.of(C), B, List.of(A, B, C), null))
        .containsExactly(C, B, A);
    assertThat(MasterOrder.order(Optional.empty(), null, List.of(A, B, C), null))
        .containsExactly(A, B, C);
  }

  @Test
  void aMasterThatDidNotAnswerInTimeIsTriedLast() {
    assertThat(MasterOrder.order(Optional.empty(), A, List.of(A, B, C), A))
        .containsExactly(B, C, A);
    // Even when ZooKeeper still names it (its session has not expired yet).
    assertThat(MasterOrder.order(Optional.of(A), A, List.of(A, B), A)).containsExactly(B, A);
  }

  @Test
  void nothingKnownIsNothingToTry() {
    assertThat(MasterOrder.order(Optional.empty(), null, List.of(), null)).isEmpty();
  }
}
