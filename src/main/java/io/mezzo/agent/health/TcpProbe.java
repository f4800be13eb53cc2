package io.mezzo.agent.health;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.AsynchronousSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A TCP check: passes when a connection to the task's port on the loopback is accepted. A task with
 * its own network namespace is reached from inside it ({@code nsenter -n} running bash's {@code
 * /dev/tcp}), as Mesos does.
 */
final class TcpProbe implements Probe {
  private final boolean ipv6;
  private final int port;
  private final ProbeTarget target;

  TcpProbe(boolean ipv6, int port, ProbeTarget target) {
    this.ipv6 = ipv6;
    this.port = port;
    this.target = target;
  }

  @Override
  public CompletionStage<ProbeResult> run(Duration timeout) {
    return target.ownNetwork() ? inNamespace(timeout) : direct(timeout);
  }

  private CompletionStage<ProbeResult> direct(Duration timeout) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (AsynchronousSocketChannel ch = AsynchronousSocketChannel.open()) {
            Future<Void> f = ch.connect(new InetSocketAddress(host(), port));
            f.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
            return ProbeResult.connected(true, describe() + " connected");
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeResult.connected(false, describe() + " interrupted");
          } catch (IOException
              | java.util.concurrent.ExecutionException
              | java.util.concurrent.TimeoutException e) {
            return ProbeResult.connected(false, describe() + " failed: " + HttpProbe.cause(e));
          }
        },
        CommandRunner.BLOCKING);
  }

  private CompletionStage<ProbeResult> inNamespace(Duration timeout) {
    List<String> argv;
    try {
      argv = new ArrayList<>(target.enterNetwork());
    } catch (IllegalStateException e) {
      return CompletableFuture.completedFuture(
          ProbeResult.failed(describe() + ": " + e.getMessage()));
    }
    argv.addAll(List.of("/bin/bash", "-c", "exec 3<>/dev/tcp/" + host() + "/" + port));
    return CommandRunner.run(argv, Map.of(), null, timeout)
        .thenApply(
            o ->
                o.exitCode() == null
                    ? ProbeResult.connected(false, describe() + " " + o.error())
                    : ProbeResult.connected(
                        o.exitCode() == 0,
                        describe() + (o.exitCode() == 0 ? " connected" : " was refused")));
  }

  private String host() {
    return ipv6 ? "::1" : "127.0.0.1";
  }

  @Override
  public String describe() {
    return "TCP connect to " + (ipv6 ? "[::1]" : "127.0.0.1") + ":" + port;
  }
}
