package io.mezzo.http.limits;

import io.mezzo.security.limits.ConnectionCaps;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Sits in a listening (server) channel's pipeline before Netty's acceptor, which reads each
 * accepted connection as a message. It counts the connection against its client address's cap
 * ({@code mezzo.http.max-connections-per-address}), releasing the slot when the connection closes,
 * and puts a fresh {@link HeadDeadlineHandler} first in the new connection's pipeline, before
 * Vert.x sets up TLS and HTTP there. One instance serves all connections of a listener, on the
 * listener's event loop.
 *
 * <p>A connection over its address's cap never reaches Vert.x: on plain HTTP it is answered a fixed
 * 429 naming the address and the cap, then closed; on TLS, where no HTTP can be spoken before the
 * handshake, it is closed at once. Either way it costs the server no request parsing.
 */
@ChannelHandler.Sharable
final class AcceptTap extends ChannelInboundHandlerAdapter {
  /** The name of this handler in the server channel's pipeline, and of the per-connection one. */
  static final String NAME = "mezzo-header-timeout";

  private final Duration timeout;
  private final Runnable onTimeout;
  private final ConnectionCaps perAddress;
  private final Runnable onRefused;
  private final boolean tls;

  /**
   * @param perAddress the per-address cap, or null for none
   * @param onRefused counts a connection refused over the cap
   * @param tls whether the listener speaks TLS (a refusal is then a bare close)
   */
  AcceptTap(
      Duration timeout,
      Runnable onTimeout,
      ConnectionCaps perAddress,
      Runnable onRefused,
      boolean tls) {
    this.timeout = timeout;
    this.onTimeout = onTimeout;
    this.perAddress = perAddress;
    this.onRefused = onRefused;
    this.tls = tls;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof Channel child) {
      if (perAddress != null) {
        ConnectionCaps.Lease lease = perAddress.acquire(address(child.remoteAddress()));
        if (!lease.granted()) {
          onRefused.run();
          child.pipeline().addFirst(NAME, new Refusal(lease.decision().reason(), tls));
          ctx.fireChannelRead(msg);
          return;
        }
        child.closeFuture().addListener(f -> lease.close());
      }
      child.pipeline().addFirst(NAME, new HeadDeadlineHandler(timeout, onTimeout));
    }
    ctx.fireChannelRead(msg);
  }

  /** The client's IP address without the port: one host's connections share one count. */
  static String address(SocketAddress remote) {
    if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
      return inet.getAddress().getHostAddress();
    }
    return String.valueOf(remote);
  }

  /**
   * Answers a refused connection once it is registered with its event loop, and closes it. It stays
   * first in the pipeline and swallows whatever the client sends, so Vert.x never parses a request
   * from it.
   */
  private static final class Refusal extends ChannelInboundHandlerAdapter {
    private final String reason;
    private final boolean tls;
    private boolean answered;

    Refusal(String reason, boolean tls) {
      this.reason = reason;
      this.tls = tls;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      // An accepted socket is connected already; channelActive may come before or after this.
      if (ctx.channel().isActive()) {
        answer(ctx);
      }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      answer(ctx);
    }

    private void answer(ChannelHandlerContext ctx) {
      if (answered) {
        return;
      }
      answered = true;
      if (tls) {
        ctx.close();
        return;
      }
      byte[] body =
          (reason + " (mezzo.http.max-connections-per-address)\n").getBytes(StandardCharsets.UTF_8);
      String head =
          "HTTP/1.1 429 Too Many Requests\r\n"
              + "Content-Type: text/plain; charset=utf-8\r\n"
              + "Connection: close\r\n"
              + "Content-Length: "
              + body.length
              + "\r\n\r\n";
      ctx.writeAndFlush(Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII), body))
          .addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReferenceCountUtil.release(msg);
    }
  }
}
