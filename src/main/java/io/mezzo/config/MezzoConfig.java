package io.mezzo.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * Node-wide settings ({@code mezzo.*}). Every key can also be set as an environment variable the
 * Quarkus way ({@code mezzo.work-dir} → {@code MEZZO_WORK_DIR}).
 */
@ConfigMapping(prefix = "mezzo")
public interface MezzoConfig {
  /**
   * Which parts run: {@code standalone} (master and one local agent in one JVM), {@code master} or
   * {@code agent}. Set by the Quarkus profile ({@code -Dquarkus.profile=master}). Default
   * standalone.
   */
  @WithDefault("standalone")
  String role();

  /**
   * Where state lives: the master's registry in {@code <work-dir>/master}, the agent's in {@code
   * <work-dir>/agent}. Default {@code ./mezzo-data}.
   */
  @WithDefault("./mezzo-data")
  String workDir();

  /**
   * The host name this node advertises to others. Default: the HTTP host if it is a specific
   * address, else this machine's name.
   */
  Optional<String> hostname();

  /**
   * For agents: the master to register with, {@code http://host:5050} or a comma-separated list of
   * such URLs tried in turn. Ignored in standalone, where the agent talks to its own master.
   */
  Optional<String> master();

  /**
   * Keep the master's registry in ZooKeeper instead of {@code <work-dir>/master}: {@code
   * zk://host1:2181,host2:2181/mezzo} for an external ensemble, or {@code embedded} for a ZooKeeper
   * peer inside each master (see {@link #zkEnsemble}). Default: unset (local files).
   */
  Optional<String> zk();

  /**
   * With {@code mezzo.zk=embedded}: the ensemble the masters form, {@code
   * host:peerPort:electionPort[:clientPort]} per master, comma-separated, in the same order on
   * every master (the position is the peer's ZooKeeper id).
   */
  Optional<String> zkEnsemble();

  /** With {@code mezzo.zk=embedded}: the client port of entries that name none. Default 2181. */
  @WithDefault("2181")
  int zkClientPort();

  /**
   * With {@code mezzo.zk=embedded}: this master's position (1 = first) in {@link #zkEnsemble}.
   * Default: the entry that names this master's advertised host name.
   */
  java.util.OptionalInt zkId();

  /**
   * With {@code mezzo.zk=embedded}: how long a starting master waits for a quorum of peers (a
   * majority of the ensemble) before it gives up and exits. Default 2 minutes.
   */
  @WithDefault("2M")
  java.time.Duration zkQuorumTimeout();

  /** ZooKeeper session timeout (Mesos uses 10 s). */
  @WithDefault("10S")
  java.time.Duration zkSessionTimeout();

  /** Largest request body accepted on the APIs, in bytes; larger ones get 413. Default 10 MiB. */
  @WithDefault("10485760")
  int maxRequestBytes();
}
