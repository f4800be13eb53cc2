package io.mezzo.http.master;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.framework.sdk.FrameworkStore;
import io.mezzo.master.election.Lease;
import io.mezzo.master.state.StateStore;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** A fenced write or a lost lease is a 503 with a reason, never a 500 (issue 13). */
class FencedFailureTest {
  @Test
  void fencedRegistryWriteEvenWrappedIsNotLeading() {
    Throwable wrapped =
        new CompletionException(new StateStore.StaleVersionException("registry: version 3"));
    assertThat(FencedFailure.reason(wrapped))
        .hasValueSatisfying(r -> assertThat(r).contains("lost leadership").contains("version 3"));
  }

  @Test
  void builtInFrameworksFencedWriteAndALostLeaseAreNotLeading() {
    assertThat(FencedFailure.reason(new FrameworkStore.StaleException("jobs.j1")))
        .hasValueSatisfying(r -> assertThat(r).contains("framework's state"));
    assertThat(FencedFailure.reason(new Lease.LostException())).hasValue(Lease.LOST_MESSAGE);
    assertThat(FencedFailure.reason(new IllegalStateException("master-1234 is stopped")))
        .isPresent();
  }

  @Test
  void otherFailuresRemainBugs() {
    assertThat(FencedFailure.reason(new IllegalStateException("boom"))).isEmpty();
    assertThat(FencedFailure.reason(new NullPointerException())).isEmpty();
  }
}
