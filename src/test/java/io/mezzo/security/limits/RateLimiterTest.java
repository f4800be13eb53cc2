package io.mezzo.security.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  /** A clock that moves only when the test says so. */
  private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);

  private RateLimiter limiter(String json) {
    return new RateLimiter(RateLimits.parse("test", json), nanos::get);
  }

  private void advanceMillis(long millis) {
    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
  }

  private static int allowedInARow(RateLimiter limiter, String principal, int attempts) {
    int allowed = 0;
    for (int i = 0; i < attempts; i++) {
      if (limiter.tryAcquire(principal).allowed()) {
        allowed++;
      }
    }
    return allowed;
  }

  @Test
  void burstIsRefusedExactlyAtCapacity() {
    RateLimiter limiter =
        limiter("{\"limits\":[{\"principal\":\"bob\",\"qps\":10,\"capacity\":5}]}");
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.tryAcquire("bob")).as("call %d", i + 1).isEqualTo(LimitDecision.ALLOWED);
    }
    LimitDecision sixth = limiter.tryAcquire("bob");
    assertThat(sixth.allowed()).isFalse();
    assertThat(sixth.reason()).isEqualTo("principal 'bob' exceeds 10 qps (burst 5)");
    assertThat(sixth.retryAfterSeconds()).isEqualTo(1);
  }

  @Test
  void bucketRefillsAtQpsAndNeverBeyondItsBurst() {
    RateLimiter limiter =
        limiter("{\"limits\":[{\"principal\":\"bob\",\"qps\":10,\"capacity\":5}]}");
    assertThat(allowedInARow(limiter, "bob", 5)).isEqualTo(5);

    advanceMillis(99);
    assertThat(limiter.tryAcquire("bob").allowed()).as("a token takes 100 ms").isFalse();
    advanceMillis(1);
    assertThat(limiter.tryAcquire("bob").allowed()).isTrue();
    assertThat(limiter.tryAcquire("bob").allowed()).isFalse();

    advanceMillis(300);
    assertThat(allowedInARow(limiter, "bob", 10)).isEqualTo(3);

    advanceMillis(60_000);
    assertThat(allowedInARow(limiter, "bob", 10))
        .as("an idle minute refills to the burst")
        .isEqualTo(5);
  }

  @Test
  void sustainedTrafficIsPacedAtQps() {
    RateLimiter limiter =
        limiter("{\"limits\":[{\"principal\":\"bob\",\"qps\":4,\"capacity\":1}]}");
    int allowed = 0;
    // 100 calls a second for 10 seconds.
    for (int ms = 0; ms < 10_000; ms += 10) {
      if (limiter.tryAcquire("bob").allowed()) {
        allowed++;
      }
      advanceMillis(10);
    }
    assertThat(allowed).isEqualTo(40);
  }

  @Test
  void refusalsDoNotDelayTheNextAllowedCall() {
    RateLimiter limiter =
        limiter("{\"limits\":[{\"principal\":\"bob\",\"qps\":1,\"capacity\":1}]}");
    assertThat(limiter.tryAcquire("bob").allowed()).isTrue();
    for (int i = 0; i < 100; i++) {
      assertThat(limiter.tryAcquire("bob").allowed()).isFalse();
    }
    advanceMillis(1000);
    assertThat(limiter.tryAcquire("bob").allowed()).isTrue();
  }

  @Test
  void retryAfterIsTheWholeSecondsUntilTheNextToken() {
    RateLimiter limiter =
        limiter("{\"limits\":[{\"principal\":\"slow\",\"qps\":0.25,\"capacity\":1}]}");
    assertThat(limiter.tryAcquire("slow").allowed()).isTrue();
    assertThat(limiter.tryAcquire("slow").retryAfterSeconds()).isEqualTo(4);
    advanceMillis(2500);
    assertThat(limiter.tryAcquire("slow").retryAfterSeconds()).isEqualTo(2);
    advanceMillis(1400);
    assertThat(limiter.tryAcquire("slow").retryAfterSeconds())
        .as("100 ms left still says 1 s, never 0")
        .isEqualTo(1);
    advanceMillis(100);
    assertThat(limiter.tryAcquire("slow").allowed()).isTrue();
  }

  @Test
  void withoutCapacityTheBurstIsOneSecondOfCalls() {
    RateLimiter limiter = limiter("{\"limits\":[{\"principal\":\"bar\",\"qps\":3}]}");
    assertThat(allowedInARow(limiter, "bar", 10)).isEqualTo(3);
    assertThat(limiter.tryAcquire("bar").reason())
        .isEqualTo("principal 'bar' exceeds 3 qps (burst 3)");
  }

  @Test
  void principalsListedWithoutQpsAreNeverThrottledEvenUnderAnAggregateDefault() {
    RateLimiter limiter =
        limiter(
            "{\"limits\":[{\"principal\":\"prod\"}],"
                + "\"aggregate_default_qps\":1,\"aggregate_default_capacity\":1}");
    assertThat(allowedInARow(limiter, "prod", 10_000)).isEqualTo(10_000);
  }

  @Test
  void withoutAggregateDefaultUnlistedPrincipalsAreNotThrottled() {
    RateLimiter limiter =
        limiter("{\"limits\":[{\"principal\":\"bob\",\"qps\":1,\"capacity\":1}]}");
    assertThat(allowedInARow(limiter, "alice", 1000)).isEqualTo(1000);
    assertThat(allowedInARow(limiter, null, 1000)).isEqualTo(1000);
  }

  @Test
  void noLimitsThrottleNobody() {
    RateLimiter limiter = new RateLimiter(RateLimits.none(), nanos::get);
    assertThat(allowedInARow(limiter, "anyone", 1000)).isEqualTo(1000);
  }

  @Test
  void unlistedPrincipalsShareOneAggregateBucket() {
    RateLimiter limiter =
        limiter(
            "{\"limits\":[{\"principal\":\"bob\",\"qps\":10,\"capacity\":2}],"
                + "\"aggregate_default_qps\":2,\"aggregate_default_capacity\":3}");
    assertThat(limiter.tryAcquire("carol").allowed()).isTrue();
    assertThat(limiter.tryAcquire("dave").allowed()).isTrue();
    assertThat(limiter.tryAcquire(null).allowed()).isTrue();

    LimitDecision carol = limiter.tryAcquire("carol");
    assertThat(carol.allowed()).isFalse();
    assertThat(carol.reason())
        .isEqualTo(
            "principal 'carol', which has no rate limit of its own, and the other principals"
                + " without one together exceed the aggregate default of 2 qps (burst 3)");
    assertThat(limiter.tryAcquire(null).reason()).startsWith("callers without a principal and");
    // A fresh name gets no fresh bucket: inventing principals does not buy calls.
    assertThat(limiter.tryAcquire("mallory-4711").allowed()).isFalse();

    // A listed principal has its own bucket, untouched by the aggregate's exhaustion ...
    assertThat(allowedInARow(limiter, "bob", 5)).isEqualTo(2);
    // ... and its exhaustion leaves the aggregate alone.
    advanceMillis(500);
    assertThat(limiter.tryAcquire("erin").allowed()).isTrue();
    assertThat(limiter.tryAcquire("erin").allowed()).isFalse();
  }

  @Test
  void listedPrincipalsDoNotShareTheirBuckets() {
    RateLimiter limiter =
        limiter(
            "{\"limits\":[{\"principal\":\"a\",\"qps\":1,\"capacity\":2},"
                + "{\"principal\":\"b\",\"qps\":1,\"capacity\":2}]}");
    assertThat(allowedInARow(limiter, "a", 5)).isEqualTo(2);
    assertThat(allowedInARow(limiter, "b", 5)).isEqualTo(2);
  }

  @Test
  void aClockSteppingBackIsTreatedAsStandingStill() {
    RateLimiter limiter =
        limiter("{\"limits\":[{\"principal\":\"bob\",\"qps\":1,\"capacity\":1}]}");
    assertThat(limiter.tryAcquire("bob").allowed()).isTrue();
    advanceMillis(-5000);
    assertThat(limiter.tryAcquire("bob").allowed()).isFalse();
    advanceMillis(5000);
    assertThat(limiter.tryAcquire("bob").allowed()).as("no refill owed yet").isFalse();
    advanceMillis(1000);
    assertThat(limiter.tryAcquire("bob").allowed()).isTrue();
  }

  @Test
  void fractionalRatesStillGrantEveryEarnedToken() {
    RateLimiter limiter = limiter("{\"limits\":[{\"principal\":\"p\",\"qps\":3,\"capacity\":1}]}");
    int allowed = 0;
    // 3 qps for 30 s, polled every third of a second rounded to whole milliseconds.
    for (int i = 0; i < 90; i++) {
      if (limiter.tryAcquire("p").allowed()) {
        allowed++;
      }
      nanos.addAndGet(333_333_334L);
    }
    assertThat(allowed).isEqualTo(90);
  }

  @Test
  void noWindowEverAdmitsMoreThanBurstPlusWhatTheRateEarned() {
    // Seeded: a failing seed replays the same call times.
    for (long seed = 1; seed <= 20; seed++) {
      SplittableRandom random = new SplittableRandom(seed);
      double qps = 0.5 + random.nextInt(200) / 4.0;
      long burst = 1 + random.nextInt(20);
      RateLimiter limiter =
          limiter(
              "{\"limits\":[{\"principal\":\"p\",\"qps\":"
                  + qps
                  + ",\"capacity\":"
                  + burst
                  + "}]}");
      List<Long> allowedAt = new ArrayList<>();
      for (int call = 0; call < 2000; call++) {
        // Bursts of back-to-back calls mixed with pauses of up to two seconds.
        if (random.nextInt(4) == 0) {
          nanos.addAndGet(random.nextLong(2_000_000_000L));
        }
        LimitDecision decision = limiter.tryAcquire("p");
        if (decision.allowed()) {
          allowedAt.add(nanos.get());
        } else {
          assertThat(decision.retryAfterSeconds()).isBetween(1L, (long) Math.ceil(1 / qps));
        }
      }
      for (int i = 0; i < allowedAt.size(); i++) {
        for (int j = i; j < allowedAt.size() && j < i + 200; j++) {
          double seconds = (allowedAt.get(j) - allowedAt.get(i)) / 1e9;
          // Plain comparison first: building an assertion for each of the 8 million windows
          // would make this test take seconds.
          if (j - i + 1 > Math.floor(burst + qps * seconds + 1e-6)) {
            throw new AssertionError(
                "seed %d: calls %d..%d allowed within %.3f s at %s qps, burst %d"
                    .formatted(seed, i, j, seconds, qps, burst));
          }
        }
      }
    }
  }
}
