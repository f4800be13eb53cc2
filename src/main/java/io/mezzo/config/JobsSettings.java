package io.mezzo.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The built-in jobs framework ({@code mezzo.jobs.*}), which runs scheduled and dependent batch jobs
 * behind Chronos's REST API on the leading master.
 */
@ConfigMapping(prefix = "mezzo.jobs")
public interface JobsSettings {
  /** Run the jobs framework (and answer Chronos's API) on the leading master. Default true. */
  @WithDefault("true")
  boolean enabled();

  /** The role it subscribes with, so operators can weigh or reserve for it. Default chronos. */
  @WithDefault("chronos")
  String role();

  /**
   * The user job tasks run as when a job names no {@code runAsUser} ({@code FrameworkInfo.user},
   * Chronos's {@code --user}). Default: the user the master runs as.
   */
  Optional<String> user();

  /**
   * How long the master keeps the framework's tasks running while it is away (a master failover
   * restarts it on the new leader well within this). Default 7 days.
   */
  @WithDefault("P7D")
  Duration failoverTimeout();

  /**
   * Seconds a declined offer stays away ({@code Filters.refuse_seconds}); the framework revives
   * whenever a run starts waiting for an offer, which clears the filters. Default 5.
   */
  @WithDefault("5")
  double refuseSeconds();

  /** Runs kept per job (newest first) for the API and the UI. Default 50. */
  @WithDefault("50")
  int historyLimit();
}
