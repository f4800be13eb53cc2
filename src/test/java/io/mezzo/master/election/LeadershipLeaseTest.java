package io.mezzo.master.election;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The lease's arithmetic on a hand-moved monotonic clock. */
class LeadershipLeaseTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final LeadershipLease lease = new LeadershipLease(now::get, Duration.ofSeconds(3));

  private void advance(Duration d) {
    now.addAndGet(d.toNanos());
  }

  @Test
  void notValidUntilFirstRenewed() {
    assertThat(lease.isValid()).isFalse();
    assertThat(lease.remaining()).isZero();
  }

  @Test
  void validForItsLengthFromTheTimeTakenBeforeTheConfirmingRead() {
    long t0 = now.get();
    advance(Duration.ofSeconds(1)); // the read took a second
    lease.renew(t0);
    assertThat(lease.remaining()).isEqualTo(Duration.ofSeconds(2));
    advance(Duration.ofMillis(1999));
    assertThat(lease.isValid()).isTrue();
    advance(Duration.ofMillis(1));
    assertThat(lease.isValid()).isFalse();
  }

  @Test
  void aPausePastTheLeaseEndsItForGoodEvenIfALateConfirmationArrives() {
    long t0 = now.get();
    lease.renew(t0);
    long t1 = now.get();
    advance(Duration.ofSeconds(10)); // SIGSTOP: the confirmation sent at t1 is read only now
    lease.renew(t1);
    assertThat(lease.isValid()).isFalse();
    lease.renew(now.get()); // a fresh confirmation does not revive it either
    assertThat(lease.isValid()).isFalse();
  }

  @Test
  void renewalsExtendButNeverShorten() {
    long early = now.get();
    advance(Duration.ofSeconds(1));
    long later = now.get();
    lease.renew(later);
    lease.renew(early); // a slow earlier round finishing after a later one
    assertThat(lease.remaining()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void revokedStaysInvalid() {
    lease.renew(now.get());
    lease.revoke();
    assertThat(lease.isValid()).isFalse();
    lease.renew(now.get());
    assertThat(lease.isValid()).isFalse();
  }

  @Test
  void lengthAndRenewalFollowTheSessionTimeout() {
    assertThat(LeadershipLease.lengthFor(Duration.ofSeconds(6))).isEqualTo(Duration.ofSeconds(4));
    assertThat(LeadershipLease.renewalFor(Duration.ofSeconds(6))).isEqualTo(Duration.ofSeconds(1));
    assertThat(LeadershipLease.renewalFor(Duration.ofMillis(60))).isEqualTo(Duration.ofMillis(50));
    assertThatThrownBy(() -> new LeadershipLease(now::get, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void worksAcrossTheNanoClockWrapping() {
    now.set(Long.MAX_VALUE - Duration.ofSeconds(1).toNanos());
    lease.renew(now.get());
    advance(Duration.ofSeconds(2)); // wraps to negative
    assertThat(lease.isValid()).isTrue();
    advance(Duration.ofSeconds(1));
    assertThat(lease.isValid()).isFalse();
  }
}
