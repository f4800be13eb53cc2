package io.mezzo.bootstrap;

import io.mezzo.config.JobsSettings;
import io.mezzo.framework.jobs.JobsApi;
import io.mezzo.framework.jobs.JobsConfig;
import io.mezzo.framework.jobs.JobsFramework;
import io.mezzo.framework.sdk.BuiltInFramework;
import io.mezzo.framework.sdk.ClientStarter;
import io.mezzo.framework.sdk.FrameworkContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import org.jboss.logging.Logger;

/**
 * The jobs framework as a built-in framework of the leading master, configured from {@code
 * mezzo.jobs.*}. Chronos's REST routes reach it through {@link #api}, empty while it does not run
 * here (a standby master, disabled, or not started yet), which they answer with 503.
 */
@ApplicationScoped
public class JobsWiring implements BuiltInFramework {
  private static final Logger LOG = Logger.getLogger(JobsWiring.class);

  /** How long a claimed run waits for the master's reconciliation answer after a failover. */
  static final Duration RECONCILE_TIMEOUT = Duration.ofSeconds(30);

  private final JobsSettings settings;
  private volatile JobsFramework framework;

  public JobsWiring(JobsSettings settings) {
    this.settings = settings;
  }

  static JobsConfig config(JobsSettings s) {
    return new JobsConfig(
        s.role(),
        s.user().orElse(System.getProperty("user.name")),
        s.failoverTimeout(),
        s.refuseSeconds(),
        s.historyLimit(),
        RECONCILE_TIMEOUT);
  }

  /** The framework's settings, for what the API reports of them. */
  public JobsConfig config() {
    return config(settings);
  }

  @Override
  public String name() {
    return "jobs";
  }

  @Override
  public synchronized void start(FrameworkContext context) {
    if (!settings.enabled()) {
      LOG.info("jobs framework disabled (mezzo.jobs.enabled=false); Chronos's API answers 503");
      return;
    }
    if (framework != null) {
      return;
    }
    // The subscription's backoff jitter must differ across masters; seeded from system entropy.
    JobsFramework f =
        new JobsFramework(
            config(settings),
            ClientStarter.sdkClient(new SplittableRandom(new SecureRandom().nextLong())));
    f.start(context);
    framework = f;
  }

  @Override
  public synchronized void stop() {
    JobsFramework f = framework;
    framework = null;
    if (f != null) {
      f.stop();
    }
  }

  /** The running framework's API, empty while none runs on this node. */
  public Optional<JobsApi> api() {
    return Optional.ofNullable(framework);
  }
}
