package io.mezzo.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The built-in services framework ({@code mezzo.services.*}), which runs long-running apps behind
 * Marathon's REST API on the leading master.
 */
@ConfigMapping(prefix = "mezzo.services")
public interface ServicesSettings {
  /** Run the services framework (and answer {@code /v2}) on the leading master. Default true. */
  @WithDefault("true")
  boolean enabled();

  /** The role it subscribes with, so operators can weigh or reserve for it. Default marathon. */
  @WithDefault("marathon")
  String role();

  /**
   * The user tasks run as when an app names none ({@code FrameworkInfo.user}, Marathon's {@code
   * --mesos_user}). Default: the user the master runs as.
   */
  Optional<String> user();

  /**
   * How long the master keeps the framework's tasks running while it is away (a master failover
   * restarts it on the new leader well within this). Default 7 days, as Marathon.
   */
  @WithDefault("P7D")
  Duration failoverTimeout();

  /**
   * Seconds a declined offer stays away ({@code Filters.refuse_seconds}); the framework revives
   * whenever instances start waiting, which clears the filters. Default 5.
   */
  @WithDefault("5")
  double refuseSeconds();

  /** App versions kept per app for {@code /v2/apps/{id}/versions}. Default 50. */
  @WithDefault("50")
  int historyLimit();
}
