package io.mezzo.bootstrap;

import io.mezzo.api.v1.MasterInfo;
import io.mezzo.config.MezzoConfig;
import io.mezzo.master.Master;
import io.mezzo.master.MasterConfig;
import io.mezzo.master.election.ElectionMetrics;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * What this process runs: its role, and the master and agent once started. HTTP routes, health
 * checks and metrics ask it; a part of a role that is not running is simply absent (its endpoints
 * answer 404).
 */
@ApplicationScoped
public class MezzoNode {
  private final Role role;
  private final int maxBodyBytes;
  private volatile Master master;
  private volatile Object agent;
  private volatile MasterInfo leader;
  private volatile boolean standby;
  private volatile MasterConfig standbyConfig;
  private final ElectionMetrics election = new ElectionMetrics();

  public MezzoNode(MezzoConfig config) {
    // The first bean built while Quarkus sets up routes: a wrong profile or role stops it here.
    this.role = RoleChoice.choose(ConfigUtils.getProfiles(), config.role());
    this.maxBodyBytes = config.maxRequestBytes();
  }

  public Role role() {
    return role;
  }

  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  public Optional<Master> master() {
    return Optional.ofNullable(master);
  }

  void master(Master m) {
    this.master = m;
  }

  /**
   * The leading master when this node is a standby master (HA with ZooKeeper); empty when no leader
   * is known or this node leads.
   */
  public Optional<MasterInfo> leader() {
    return Optional.ofNullable(leader);
  }

  void leader(MasterInfo info) {
    this.leader = info;
  }

  /** True for a master that takes part in an election and does not lead (yet). */
  public boolean isStandby() {
    return standby && master == null;
  }

  void standby(boolean value) {
    this.standby = value;
  }

  /**
   * The settings a standby master would lead with, so it can answer {@code /master/flags} itself as
   * Mesos's standbys do; empty on a node that does not contend.
   */
  public Optional<MasterConfig> standbyConfig() {
    return Optional.ofNullable(standbyConfig);
  }

  void standbyConfig(MasterConfig config) {
    this.standbyConfig = config;
  }

  /** This node's election transitions (all zero on a node that does not contend). */
  public ElectionMetrics election() {
    return election;
  }

  /** The agent, typed loosely here so the HTTP layer does not depend on agent internals. */
  public <T> Optional<T> agent(Class<T> type) {
    return type.isInstance(agent) ? Optional.of(type.cast(agent)) : Optional.empty();
  }

  void agent(Object a) {
    this.agent = a;
  }
}
