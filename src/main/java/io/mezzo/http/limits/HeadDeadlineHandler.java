package io.mezzo.http.limits;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The header timeout of one connection: the first handler of its Netty pipeline, so it sees the
 * connection open and every read before TLS or HTTP decoding. It does not parse bytes; the end of a
 * head is told by {@link #headComplete} (from the router, which Vert.x calls once it has parsed a
 * head) and the end of an exchange by {@link #requestEnded}. The decisions are {@link
 * HeadDeadline}'s; the timer is Netty's scheduler on the connection's event loop, so every state
 * change happens on that one thread.
 */
final class HeadDeadlineHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = Logger.getLogger(HeadDeadlineHandler.class);

  /** Where a connection's handler is found from a request: {@link #of(Channel)}. */
  private static final AttributeKey<HeadDeadlineHandler> KEY =
      AttributeKey.valueOf("mezzo.head-deadline");

  private final HeadDeadline deadline = new HeadDeadline();
  private final long timeoutNanos;
  private final Runnable onTimeout;
  private ChannelHandlerContext ctx;
  private ScheduledFuture<?> timer;

  /**
   * @param timeout how long a head may take
   * @param onTimeout runs (on the event loop) for each connection the timeout closes, e.g. to count
   *     it
   */
  HeadDeadlineHandler(Duration timeout, Runnable onTimeout) {
    this.timeoutNanos = timeout.toNanos();
    this.onTimeout = onTimeout;
  }

  /** The handler installed on this connection, or null if it has none. */
  static HeadDeadlineHandler of(Channel channel) {
    return channel.attr(KEY).get();
  }

  HeadDeadline.State state() {
    return deadline.state();
  }

  /** A complete head was parsed on this connection. Any thread. */
  void headComplete() {
    onLoop(() -> apply(deadline.headComplete()));
  }

  /** A request's exchange ended (response sent or failed). Any thread. */
  void requestEnded() {
    onLoop(
        () -> {
          try {
            apply(deadline.requestEnded());
          } catch (IllegalStateException e) {
            // A request we never saw begin: the connection keeps no deadline rather than a wrong
            // one.
            LOG.warnf("header timeout on %s: %s", ctx.channel().remoteAddress(), e.getMessage());
          }
        });
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    ctx.channel().attr(KEY).set(this);
    // An accepted socket is already connected when its pipeline is set up; channelActive may have
    // been delivered before this handler was added.
    if (ctx.channel().isActive()) {
      apply(deadline.opened());
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    apply(deadline.opened());
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    apply(deadline.bytesArrived());
    ctx.fireChannelRead(msg);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    apply(deadline.closed());
    ctx.fireChannelInactive();
  }

  private void onLoop(Runnable r) {
    if (ctx == null) {
      return;
    }
    if (ctx.executor().inEventLoop()) {
      r.run();
    } else {
      ctx.executor().execute(r);
    }
  }

  private void apply(HeadDeadline.Action action) {
    switch (action) {
      case ARM -> {
        cancel();
        timer = ctx.executor().schedule(this::expire, timeoutNanos, TimeUnit.NANOSECONDS);
      }
      case CANCEL -> cancel();
      case NONE -> {}
    }
  }

  private void cancel() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private void expire() {
    timer = null;
    if (deadline.expired()) {
      LOG.debugf(
          "closing %s: no complete request head within %d ms (mezzo.http.header-timeout)",
          ctx.channel().remoteAddress(), TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
      onTimeout.run();
      ctx.close();
    }
  }
}
