package io.mezzo.http.limits;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Duration;

/**
 * Sits in a listening (server) channel's pipeline before Netty's acceptor, which reads each
 * accepted connection as a message: it puts a fresh {@link HeadDeadlineHandler} first in the new
 * connection's pipeline, before Vert.x sets up TLS and HTTP there. One instance serves all
 * connections of a listener, on the listener's event loop.
 */
@ChannelHandler.Sharable
final class AcceptTap extends ChannelInboundHandlerAdapter {
  /** The name of this handler in the server channel's pipeline, and of the per-connection one. */
  static final String NAME = "mezzo-header-timeout";

  private final Duration timeout;
  private final Runnable onTimeout;

  AcceptTap(Duration timeout, Runnable onTimeout) {
    this.timeout = timeout;
    this.onTimeout = onTimeout;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof Channel child) {
      child.pipeline().addFirst(NAME, new HeadDeadlineHandler(timeout, onTimeout));
    }
    ctx.fireChannelRead(msg);
  }
}
