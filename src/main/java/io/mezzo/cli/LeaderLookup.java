package io.mezzo.cli;

import io.mezzo.core.net.detect.ZkUrl;
import io.mezzo.core.net.detect.ZooKeeperMasterDetector;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code --master zk://host:2181,…/path}: asks ZooKeeper once which master leads (Mesos's election
 * znodes, as agents read them) and hands back its base URL; the CLI then talks to it as to any
 * {@code --master URL}. The look-up is bounded by {@code --timeout}.
 */
final class LeaderLookup {
  private LeaderLookup() {}

  /**
   * @param https whether the leader is reached over https (TLS files were given), else http
   * @throws CliFailure usage for a malformed URL, unreachable when no leader is known in time
   */
  static URI leader(String zkUrl, boolean https, Duration timeout) {
    ZkUrl url;
    try {
      url = ZkUrl.parse(zkUrl.strip());
    } catch (IllegalArgumentException e) {
      throw CliFailure.usage("master URL '" + zkUrl + "': " + e.getMessage());
    }
    Optional<URI> leader;
    try (ZooKeeperMasterDetector detector =
        new ZooKeeperMasterDetector(
            url, https ? "https" : "http", timeout, timeout.multipliedBy(2))) {
      leader = detector.awaitLeader(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure(CliFailure.UNREACHABLE, "interrupted while asking " + url);
    }
    return leader.orElseThrow(
        () ->
            new CliFailure(
                CliFailure.UNREACHABLE,
                "no leading master found in ZooKeeper at "
                    + url
                    + " within "
                    + Durations.format(timeout)
                    + " (is ZooKeeper reachable, and does a master run with mezzo.zk="
                    + url
                    + "?)"));
  }
}
