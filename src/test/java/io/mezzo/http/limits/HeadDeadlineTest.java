package io.mezzo.http.limits;

import static io.mezzo.http.limits.HeadDeadline.Action.ARM;
import static io.mezzo.http.limits.HeadDeadline.Action.CANCEL;
import static io.mezzo.http.limits.HeadDeadline.Action.NONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mezzo.http.limits.HeadDeadline.State;
import org.junit.jupiter.api.Test;

class HeadDeadlineTest {
  private final HeadDeadline d = new HeadDeadline();

  @Test
  void aNewConnectionOwesItsFirstHead() {
    assertThat(d.opened()).isEqualTo(ARM);
    assertThat(d.state()).isEqualTo(State.AWAITING_HEAD);
    assertThat(d.opened()).as("opening twice starts nothing").isEqualTo(NONE);
  }

  @Test
  void bytesOfAPendingHeadDoNotExtendTheDeadline() {
    d.opened();
    for (int i = 0; i < 100; i++) {
      assertThat(d.bytesArrived()).isEqualTo(NONE);
    }
    assertThat(d.expired()).as("a trickling head is closed").isTrue();
    assertThat(d.state()).isEqualTo(State.CLOSED);
  }

  @Test
  void aCompleteHeadStopsTheDeadlineForTheWholeExchange() {
    d.opened();
    assertThat(d.headComplete()).isEqualTo(CANCEL);
    assertThat(d.bytesArrived()).as("body bytes of an upload").isEqualTo(NONE);
    assertThat(d.expired()).as("a stale timer closes nothing").isFalse();
    assertThat(d.state()).isEqualTo(State.IN_REQUEST);
  }

  @Test
  void anIdleKeptAliveConnectionOwesNothingUntilItsNextByte() {
    d.opened();
    d.headComplete();
    assertThat(d.requestEnded()).isEqualTo(NONE);
    assertThat(d.state()).isEqualTo(State.IDLE);
    assertThat(d.expired()).isFalse();
    assertThat(d.bytesArrived()).as("first byte of the next head").isEqualTo(ARM);
    assertThat(d.bytesArrived()).isEqualTo(NONE);
    assertThat(d.headComplete()).isEqualTo(CANCEL);
  }

  @Test
  void concurrentRequestsKeepTheConnectionBusyUntilTheLastEnds() {
    d.opened();
    d.headComplete();
    assertThat(d.headComplete()).as("a second HTTP/2 stream").isEqualTo(NONE);
    assertThat(d.inFlight()).isEqualTo(2);
    d.requestEnded();
    assertThat(d.state()).isEqualTo(State.IN_REQUEST);
    assertThat(d.bytesArrived()).isEqualTo(NONE);
    d.requestEnded();
    assertThat(d.state()).isEqualTo(State.IDLE);
  }

  @Test
  void endingARequestThatNeverBeganIsRefusedWithAReason() {
    d.opened();
    assertThatThrownBy(d::requestEnded)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("none in flight");
    assertThat(d.state()).as("nothing changed").isEqualTo(State.AWAITING_HEAD);
  }

  @Test
  void aClosedConnectionIgnoresLaterEvents() {
    d.opened();
    assertThat(d.closed()).isEqualTo(CANCEL);
    assertThat(d.headComplete()).isEqualTo(NONE);
    assertThat(d.requestEnded()).isEqualTo(NONE);
    assertThat(d.bytesArrived()).isEqualTo(NONE);
    assertThat(d.expired()).isFalse();
    assertThat(d.state()).isEqualTo(State.CLOSED);
  }
}
