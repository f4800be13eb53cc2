package io.mezzo.bootstrap;

import io.mezzo.api.v1.MasterInfo;
import io.mezzo.config.MezzoConfig;
import io.mezzo.master.Master;
import java.time.Duration;
import java.util.Optional;

/**
 * {@link MezzoNode}s for route tests outside this package: a master-role node that leads with a
 * given in-process master, or a standby that knows the leader, as NodeLifecycle would set them.
 */
public final class TestNodes {
  private TestNodes() {}

  /** A master-role node whose master is {@code master} (leading and serving). */
  public static MezzoNode leading(Master master, int maxBodyBytes) {
    MezzoNode node = new MezzoNode(config("master", maxBodyBytes));
    node.master(master);
    return node;
  }

  /** A master-role node that does not lead and points at {@code leader}. */
  public static MezzoNode standby(MasterInfo leader, int maxBodyBytes) {
    MezzoNode node = new MezzoNode(config("master", maxBodyBytes));
    node.standby(true);
    node.standbyConfig(io.mezzo.master.MasterConfig.defaults());
    node.leader(leader);
    return node;
  }

  public static MezzoConfig config(String role, int maxRequestBytes) {
    return new MezzoConfig() {
      @Override
      public String role() {
        return role;
      }

      @Override
      public String workDir() {
        return "unused";
      }

      @Override
      public Optional<String> hostname() {
        return Optional.empty();
      }

      @Override
      public Optional<String> master() {
        return Optional.empty();
      }

      @Override
      public Optional<String> zk() {
        return Optional.empty();
      }

      @Override
      public Duration zkSessionTimeout() {
        return Duration.ofSeconds(10);
      }

      @Override
      public int maxRequestBytes() {
        return maxRequestBytes;
      }
    };
  }
}
