package io.mezzo.bootstrap;

import io.mezzo.config.ServicesSettings;
import io.mezzo.framework.sdk.BuiltInFramework;
import io.mezzo.framework.sdk.ClientStarter;
import io.mezzo.framework.sdk.FrameworkContext;
import io.mezzo.framework.services.PlannedDecisions;
import io.mezzo.framework.services.ServicesApi;
import io.mezzo.framework.services.ServicesConfig;
import io.mezzo.framework.services.ServicesFramework;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import org.jboss.logging.Logger;

/**
 * The services framework as a built-in framework of the leading master, configured from {@code
 * mezzo.services.*}. The REST routes reach it through {@link #api}, empty while it does not run
 * here (a standby master, disabled, or not started yet), which they answer with 503.
 */
@ApplicationScoped
public class ServicesWiring implements BuiltInFramework {
  private static final Logger LOG = Logger.getLogger(ServicesWiring.class);
  private final ServicesSettings settings;
  private volatile ServicesFramework framework;

  public ServicesWiring(ServicesSettings settings) {
    this.settings = settings;
  }

  static ServicesConfig config(ServicesSettings s) {
    return new ServicesConfig(
        s.role(),
        s.user().orElse(System.getProperty("user.name")),
        s.failoverTimeout(),
        s.refuseSeconds(),
        s.historyLimit(),
        Duration.ofSeconds(1));
  }

  /** The framework's settings, for what {@code /v2/info} reports of them. */
  public ServicesConfig config() {
    return config(settings);
  }

  @Override
  public String name() {
    return "services";
  }

  @Override
  public synchronized void start(FrameworkContext context) {
    if (!settings.enabled()) {
      LOG.info("services framework disabled (mezzo.services.enabled=false); /v2 answers 503");
      return;
    }
    if (framework != null) {
      return;
    }
    // Ids must differ across restarts and masters; the seed comes from the system's entropy.
    SplittableRandom random = new SplittableRandom(new SecureRandom().nextLong());
    ServicesFramework f =
        new ServicesFramework(
            config(settings),
            new PlannedDecisions(random.split()),
            ClientStarter.sdkClient(random.split()),
            random.split());
    f.start(context);
    framework = f;
  }

  @Override
  public synchronized void stop() {
    ServicesFramework f = framework;
    framework = null;
    if (f != null) {
      f.stop();
    }
  }

  /** The running framework's API, empty while none runs on this node. */
  public Optional<ServicesApi> api() {
    return Optional.ofNullable(framework);
  }
}
