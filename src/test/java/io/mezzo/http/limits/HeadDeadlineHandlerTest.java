package io.mezzo.http.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The handler on Netty's embedded channel, whose clock only moves when the test moves it. */
class HeadDeadlineHandlerTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private final AtomicInteger closedByTimeout = new AtomicInteger();

  private EmbeddedChannel connection() {
    EmbeddedChannel ch = new EmbeddedChannel();
    ch.pipeline()
        .addFirst(
            AcceptTap.NAME, new HeadDeadlineHandler(TIMEOUT, closedByTimeout::incrementAndGet));
    return ch;
  }

  private static void send(EmbeddedChannel ch, String s) {
    ch.writeInbound(Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII));
  }

  private static void advance(EmbeddedChannel ch, long seconds) {
    ch.advanceTimeBy(seconds, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
  }

  @Test
  void aConnectionThatSendsPartOfAHeadIsClosedAtTheDeadline() {
    EmbeddedChannel ch = connection();
    send(ch, "GET / HTTP/1.1\r\nHost: x\r\n");
    advance(ch, 9);
    assertThat(ch.isOpen()).isTrue();
    advance(ch, 2);
    assertThat(ch.isOpen()).isFalse();
    assertThat(closedByTimeout).hasValue(1);
  }

  @Test
  void tricklingBytesDoNotBuyTime() {
    EmbeddedChannel ch = connection();
    for (int i = 0; i < 11 && ch.isOpen(); i++) {
      send(ch, "X");
      advance(ch, 1);
    }
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void aStreamAfterACompleteHeadStaysOpenAndTheNextHeadIsDueAgain() {
    EmbeddedChannel ch = connection();
    HeadDeadlineHandler handler = HeadDeadlineHandler.of(ch);
    send(ch, "POST /api/v1/scheduler HTTP/1.1\r\n\r\n");
    handler.headComplete();
    advance(ch, 60);
    assertThat(ch.isOpen()).as("a response stream outlives the timeout").isTrue();
    handler.requestEnded();
    advance(ch, 60);
    assertThat(ch.isOpen()).as("idle keep-alive is the idle timeout's business").isTrue();
    send(ch, "GET /");
    advance(ch, 11);
    assertThat(ch.isOpen()).isFalse();
    assertThat(closedByTimeout).hasValue(1);
  }
}
