package io.mezzo.security.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConnectionCapsTest {
  private static ConnectionCaps caps(int perPrincipal, int total) {
    return new ConnectionCaps(
        "subscriptions", "principal", OptionalInt.of(perPrincipal), OptionalInt.of(total));
  }

  @Test
  void principalIsRefusedAtItsCapAndOthersStillGetIn() {
    ConnectionCaps caps = caps(2, 10);
    assertThat(caps.acquire("bob").granted()).isTrue();
    assertThat(caps.acquire("bob").granted()).isTrue();
    ConnectionCaps.Lease third = caps.acquire("bob");
    assertThat(third.granted()).isFalse();
    assertThat(third.decision().reason())
        .isEqualTo("principal 'bob' already holds 2 of 2 subscriptions allowed per principal");
    assertThat(third.decision().retryAfterSeconds()).as("no prediction, no header").isZero();
    assertThat(caps.acquire("alice").granted()).isTrue();
    assertThat(caps.openBy("bob")).isEqualTo(2);
    assertThat(caps.openTotal()).isEqualTo(3);
  }

  @Test
  void totalCapRefusesEveryoneOnceFull() {
    ConnectionCaps caps = caps(5, 3);
    caps.acquire("a");
    caps.acquire("b");
    caps.acquire("c");
    ConnectionCaps.Lease d = caps.acquire("d");
    assertThat(d.granted()).isFalse();
    assertThat(d.decision().reason())
        .isEqualTo("all 3 subscriptions allowed in total are open; principal 'd' holds 0 of them");
    assertThat(caps.openTotal()).isEqualTo(3);
    assertThat(caps.openBy("d")).isZero();
  }

  @Test
  void closingALeaseFreesItsSlotOnceHoweverOftenItIsClosed() {
    ConnectionCaps caps = caps(1, 10);
    ConnectionCaps.Lease first = caps.acquire("bob");
    ConnectionCaps.Lease other = caps.acquire("alice");
    first.close();
    first.close();
    assertThat(caps.openBy("bob")).isZero();
    assertThat(caps.openTotal()).as("alice's slot survives bob's double close").isEqualTo(1);
    assertThat(caps.acquire("bob").granted()).isTrue();
    other.close();
    assertThat(caps.openBy("alice")).isZero();
  }

  @Test
  void closingARefusedLeaseChangesNothing() {
    ConnectionCaps caps = caps(1, 10);
    caps.acquire("bob");
    try (ConnectionCaps.Lease refused = caps.acquire("bob")) {
      assertThat(refused.granted()).isFalse();
    }
    assertThat(caps.openBy("bob")).isEqualTo(1);
    assertThat(caps.openTotal()).isEqualTo(1);
  }

  @Test
  void callersWithoutAPrincipalShareOneHolder() {
    ConnectionCaps caps = caps(2, 10);
    caps.acquire(null);
    caps.acquire(null);
    ConnectionCaps.Lease third = caps.acquire(null);
    assertThat(third.granted()).isFalse();
    assertThat(third.decision().reason())
        .isEqualTo(
            "the anonymous principal (callers without one) already holds 2 of 2 subscriptions"
                + " allowed per principal");
  }

  @Test
  void serveClientAddressesToo() {
    ConnectionCaps caps =
        new ConnectionCaps("connections", "client address", OptionalInt.of(1), OptionalInt.empty());
    caps.acquire("10.0.0.7");
    assertThat(caps.acquire("10.0.0.7").decision().reason())
        .isEqualTo(
            "client address '10.0.0.7' already holds 1 of 1 connections allowed per client"
                + " address");
  }

  @Test
  void uncappedCountsWithoutRefusing() {
    ConnectionCaps caps = ConnectionCaps.uncapped("streams", "principal");
    List<ConnectionCaps.Lease> leases = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      leases.add(caps.acquire("bob"));
    }
    assertThat(leases).allMatch(ConnectionCaps.Lease::granted);
    assertThat(caps.openTotal()).isEqualTo(1000);
    leases.forEach(ConnectionCaps.Lease::close);
    assertThat(caps.openTotal()).isZero();
  }

  @Test
  void capsBelowOneAreRefusedNamingTheCap() {
    assertThatThrownBy(() -> caps(0, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "subscriptions per principal must be at least 1, was 0 (leave it unset for no cap)");
    assertThatThrownBy(() -> caps(1, -3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("total subscriptions must be at least 1, was -3");
  }

  @Test
  void concurrentAcquiresNeverExceedTheCapsAndAllCountsReturnToZero() throws Exception {
    ConnectionCaps caps = caps(3, 8);
    AtomicInteger overCap = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      String principal = "p" + (t % 2);
      Thread thread =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
                for (int i = 0; i < 20_000; i++) {
                  ConnectionCaps.Lease lease = caps.acquire(principal);
                  if (caps.openBy(principal) > 3 || caps.openTotal() > 8) {
                    overCap.incrementAndGet();
                  }
                  lease.close();
                  lease.close();
                }
              });
      thread.start();
      threads.add(thread);
    }
    start.countDown();
    for (Thread thread : threads) {
      thread.join(10_000);
    }
    assertThat(overCap).hasValue(0);
    assertThat(caps.openTotal()).isZero();
    assertThat(caps.openBy("p0")).isZero();
    assertThat(caps.openBy("p1")).isZero();
  }
}
