package io.mezzo.http.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.security.limits.ConnectionCaps;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The tap on a listener's embedded channel, fed accepted connections (embedded channels, which all
 * come from the same address) as Netty's acceptor would be.
 */
class AcceptTapTest {
  private final AtomicInteger refused = new AtomicInteger();
  private final ConnectionCaps caps =
      new ConnectionCaps("connections", "client address", OptionalInt.of(2), OptionalInt.empty());

  private EmbeddedChannel listener(boolean tls) {
    return new EmbeddedChannel(
        new AcceptTap(Duration.ofSeconds(10), () -> {}, caps, refused::incrementAndGet, tls));
  }

  private static EmbeddedChannel accept(EmbeddedChannel listener) {
    EmbeddedChannel child = new EmbeddedChannel();
    listener.writeInbound(child);
    // The acceptor (next in the pipeline) still gets every connection to register it.
    assertThat((Object) listener.readInbound()).isSameAs(child);
    return child;
  }

  @Test
  void connectionsOverTheAddressCapAreAnswered429AndClosedUntilOneCloses() {
    EmbeddedChannel listener = listener(false);
    EmbeddedChannel first = accept(listener);
    EmbeddedChannel second = accept(listener);
    assertThat(first.isOpen()).isTrue();
    assertThat(second.isOpen()).isTrue();
    assertThat((Object) first.readOutbound()).isNull();

    EmbeddedChannel third = accept(listener);
    ByteBuf answer = third.readOutbound();
    String text = answer.toString(StandardCharsets.UTF_8);
    answer.release();
    assertThat(text)
        .startsWith("HTTP/1.1 429 Too Many Requests\r\n")
        .contains("Connection: close")
        .contains("already holds 2 of 2 connections allowed per client address")
        .contains("mezzo.http.max-connections-per-address");
    assertThat(third.isOpen()).isFalse();
    assertThat(refused).hasValue(1);

    first.close();
    EmbeddedChannel fourth = accept(listener);
    assertThat(fourth.isOpen()).isTrue();
    assertThat(caps.openTotal()).isEqualTo(2);
  }

  @Test
  void aRefusedTlsConnectionIsClosedWithoutPlainText() {
    EmbeddedChannel listener = listener(true);
    accept(listener);
    accept(listener);

    EmbeddedChannel third = accept(listener);

    assertThat((Object) third.readOutbound()).isNull();
    assertThat(third.isOpen()).isFalse();
    assertThat(refused).hasValue(1);
  }

  @Test
  void addressesAreCountedWithoutTheirPort() {
    assertThat(AcceptTap.address(new InetSocketAddress("10.0.0.7", 41234))).isEqualTo("10.0.0.7");
    assertThat(AcceptTap.address(new InetSocketAddress("::1", 5))).isEqualTo("0:0:0:0:0:0:0:1");
  }
}
