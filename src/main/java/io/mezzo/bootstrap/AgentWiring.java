package io.mezzo.bootstrap;

import io.mezzo.agent.Agent;
import io.mezzo.agent.AgentConfig;
import io.mezzo.agent.ExecutorSettings;
import io.mezzo.agent.MasterLink;
import io.mezzo.agent.containerizer.Containerizer;
import io.mezzo.agent.fetcher.FetcherConfig;
import io.mezzo.agent.gc.GcPolicy;
import io.mezzo.agent.registration.HttpMasterLink;
import io.mezzo.agent.resources.HostProbe;
import io.mezzo.agent.resources.ResourceDetector;
import io.mezzo.config.AgentSettings;
import io.mezzo.config.MezzoConfig;
import io.mezzo.config.SecuritySettings;
import io.mezzo.config.TlsSettings;
import io.mezzo.core.concurrent.SerialContext;
import io.mezzo.core.net.AdvertisedListener;
import io.mezzo.core.net.detect.MasterDetector;
import io.mezzo.core.net.detect.StaticMasterDetector;
import io.mezzo.core.net.detect.ZkUrl;
import io.mezzo.core.net.detect.ZooKeeperMasterDetector;
import io.mezzo.core.time.SystemTimers;
import io.mezzo.master.Master;
import io.mezzo.security.Authentication;
import io.mezzo.security.ExecutorTokens;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Builds and starts the agent of an {@code agent} or {@code standalone} node: over HTTP to {@code
 * mezzo.master}, or straight to the master in the same JVM.
 */
@ApplicationScoped
public class AgentWiring {
  private static final Logger LOG = Logger.getLogger(AgentWiring.class);

  /** The agent's ZooKeeper session only reads; it owns no ephemeral node, so any bound will do. */
  private static final Duration DETECTOR_SESSION = Duration.ofSeconds(10);

  private final MezzoConfig config;
  private final AgentSettings settings;
  private final Authentication authentication;
  private final IsolationWiring isolation;
  private final TlsSettings tls;
  private final SecuritySettings security;
  private SystemTimers timers;
  private Agent agent;
  private AutoCloseable link;
  private MasterDetector detector;

  public AgentWiring(
      MezzoConfig config,
      AgentSettings settings,
      IsolationWiring isolation,
      Authentication authentication,
      TlsSettings tls,
      SecuritySettings security) {
    this.tls = tls;
    this.security = security;
    this.config = config;
    this.authentication = authentication;
    this.settings = settings;
    this.isolation = isolation;
  }

  Agent start(MezzoNode node, String hostname, AdvertisedListener listener, Master localMaster)
      throws Exception {
    timers = new SystemTimers("agent");
    MasterLink masterLink;
    if (localMaster != null) {
      LocalMasterLink local = new LocalMasterLink(localMaster);
      link = local;
      masterLink = local;
    } else {
      String masters =
          config
              .master()
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "an agent needs mezzo.master (e.g. http://master:5050); set it or MEZZO_MASTER"));
      detector = detector(masters.strip());
      LOG.infof("agent follows the masters at %s", detector);
      HttpMasterLink http =
          new HttpMasterLink(
              detector,
              settings.masterConnectTimeout(),
              settings.masterCallTimeout(),
              authentication.clientAuthorization(),
              // Built even for http masters, so a bad mezzo.tls.* file stops the agent at once.
              tls.client().sslContext());
      link = http;
      masterLink = http;
    }
    String endpoint = settings.advertiseUrl().orElse(listener.baseUrl(hostname));
    AgentConfig defaults = AgentConfig.defaults();
    AgentConfig agentConfig =
        new AgentConfig(
            Path.of(config.workDir()).resolve("agent"),
            settings.resources().orElse(""),
            settings.attributes().orElse(""),
            hostname,
            endpoint,
            settings.containerizers(),
            settings.registrationBackoffFactor(),
            settings.registrationBackoffMax(),
            defaults.heartbeatInterval(),
            settings.masterSilenceTimeout(),
            settings.killGracePeriod(),
            settings.statusUpdateRetryMin(),
            settings.statusUpdateRetryMax(),
            settings.switchUser(),
            new GcPolicy(
                settings.gcDelay(), settings.diskWatchInterval(), settings.gcDiskHeadroom()),
            new FetcherConfig(
                settings.fetcher().cacheDir().map(Path::of),
                FetcherConfig.parseSize(settings.fetcher().cacheSize()),
                settings.fetcher().timeout()),
            settings.maxConcurrentLaunches().orElse(AgentConfig.defaultMaxConcurrentLaunches()));

    // Unknown or unusable isolators and containerizers stop the agent here, saying what is missing.
    List<Containerizer> containerizers = isolation.containerizers();
    LOG.infof(
        "agent containerizers %s, isolation %s", settings.containerizers(), settings.isolation());
    agent =
        new Agent(
            agentConfig,
            masterLink,
            containerizers,
            new ResourceDetector(HostProbe.system()),
            timers,
            new SecureRandom(),
            new SerialContext("agent"),
            ExecutorSettings.defaults()
                .withRegistrationTimeout(settings.executorRegistrationTimeout())
                .withReregistrationTimeout(settings.executorReregistrationTimeout())
                .withShutdownGracePeriod(settings.executorShutdownGracePeriod())
                .withTokens(executorTokens(agentConfig)));
    agent.start().toCompletableFuture().get(60, TimeUnit.SECONDS);
    LOG.infof("agent started, work dir %s, advertised as %s", agentConfig.workDir(), endpoint);
    return agent;
  }

  /**
   * The masters of {@code mezzo.master}: ZooKeeper's election for a zk:// URL, else the URL list.
   * ZooKeeper names only host and port; the agent reaches the leader over https when it trusts a CA
   * of its own ({@code mezzo.tls.ca-certs}), as a TLS-only cluster needs, else over http.
   */
  private MasterDetector detector(String masters) {
    if (!ZkUrl.looksLike(masters)) {
      return new StaticMasterDetector(HttpMasterLink.parseMasters(masters));
    }
    String scheme = tls.caCerts().map(c -> !c.isEmpty()).orElse(false) ? "https" : "http";
    return new ZooKeeperMasterDetector(
        ZkUrl.parse(masters), scheme, settings.masterConnectTimeout(), DETECTOR_SESSION);
  }

  /** Tokens for executors when the executor API asks for them, else none. */
  private ExecutorTokens executorTokens(AgentConfig agentConfig) {
    if (!security.authenticateHttpExecutors()) {
      return null;
    }
    LOG.info(
        "executor API authentication on: executors get MESOS_EXECUTOR_AUTHENTICATION_TOKEN and"
            + " must send it as a bearer token");
    return new ExecutorTokens(
        ExecutorTokenKey.loadOrCreate(agentConfig.workDir(), new SecureRandom()));
  }

  void stop() {
    if (agent != null) {
      agent.stop();
    }
    if (link != null) {
      try {
        link.close();
      } catch (Exception e) {
        LOG.debugf("closing the master link: %s", e.toString());
      }
    }
    if (detector != null) {
      detector.close();
    }
    if (timers != null) {
      timers.close();
    }
  }
}
