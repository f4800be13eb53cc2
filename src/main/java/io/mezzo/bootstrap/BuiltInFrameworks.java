package io.mezzo.bootstrap;

import io.mezzo.config.TlsSettings;
import io.mezzo.core.net.AdvertisedListener;
import io.mezzo.core.net.ClientTls;
import io.mezzo.core.time.SystemTimers;
import io.mezzo.framework.sdk.BuiltInFramework;
import io.mezzo.framework.sdk.FrameworkContext;
import io.mezzo.framework.sdk.SchedulerConnections;
import io.mezzo.framework.sdk.http.HttpSchedulerConnections;
import io.mezzo.master.state.StateStore;
import io.mezzo.security.Authentication;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Hosts the built-in frameworks (every bean implementing {@link BuiltInFramework}) on the node
 * whose master leads: NodeLifecycle calls {@link #start} once that master has recovered (standalone
 * at startup, HA once elected), {@link #stepDown} when that master stops leading (they start again
 * if it leads again) and {@link #stop} on shutdown before the master stops. Each framework gets the
 * local master's URL and subscribes over HTTP like any framework; its documents live in the
 * master's state store under {@code frameworks.<name>.}.
 *
 * <p>A framework that fails to start is logged and left out; the others and the master go on.
 * Thread-safe (every method is synchronized).
 */
@ApplicationScoped
public class BuiltInFrameworks {
  private static final Logger LOG = Logger.getLogger(BuiltInFrameworks.class);
  private final Iterable<BuiltInFramework> frameworks;
  private final Function<URI, SchedulerConnections> transport;
  private final List<BuiltInFramework> running = new ArrayList<>();
  private SystemTimers timers;
  private boolean stopped;

  @Inject
  public BuiltInFrameworks(
      Instance<BuiltInFramework> frameworks, Authentication authentication, TlsSettings tls) {
    this(frameworks, transport(authentication, tls));
  }

  /**
   * HTTP connections to the local master. The frameworks run inside this node, so they call it with
   * the node's own credential and are never locked out by authenticate-frameworks (see
   * Authentication); over https they trust {@code mezzo.tls.ca-certs} and present {@code
   * mezzo.tls.cert}, as a master requiring client certificates asks of them too.
   */
  private static Function<URI, SchedulerConnections> transport(
      Authentication authentication, TlsSettings tls) {
    ClientTls client = tls.client();
    return url ->
        new HttpSchedulerConnections(
            url,
            Duration.ofSeconds(5),
            Duration.ofSeconds(30),
            Optional.of(authentication.nodeAuthorization()),
            "https".equals(url.getScheme()) ? client.sslContext() : null);
  }

  /** For tests: given frameworks and transport. */
  BuiltInFrameworks(
      Iterable<BuiltInFramework> frameworks, Function<URI, SchedulerConnections> transport) {
    this.frameworks = frameworks;
    this.transport = transport;
  }

  /**
   * Starts each framework, with its context. Calls while they run, or after {@link #stop}, do
   * nothing; after {@link #stepDown} they start again (each loads its state afresh).
   *
   * @param store the leading master's state store
   * @param masterUrl this node's HTTP base ({@link #localUrl})
   */
  public synchronized void start(StateStore store, URI masterUrl) {
    if (timers != null || stopped || !frameworks.iterator().hasNext()) {
      return; // with none to host, no timer thread and no HTTP client either
    }
    timers = new SystemTimers("frameworks");
    SchedulerConnections connections = transport.apply(masterUrl);
    Set<String> names = new HashSet<>();
    for (BuiltInFramework framework : frameworks) {
      String name = framework.name();
      try {
        if (!names.add(name)) {
          throw new IllegalArgumentException("another built-in framework is named '" + name + "'");
        }
        FrameworkContext context =
            new FrameworkContext(
                masterUrl, new StateStoreFrameworkStore(store, name), timers, connections);
        framework.start(context);
        running.add(framework);
        LOG.infof("built-in framework %s started against %s", name, masterUrl);
      } catch (RuntimeException e) {
        LOG.errorf(e, "built-in framework %s not started: %s", name, e.getMessage());
      }
    }
  }

  /** Stops the running frameworks for good (shutdown); bounded by each framework's own stop. */
  public synchronized void stop() {
    stopped = true;
    stopRunning();
  }

  /**
   * The node's master stopped leading: stop the running frameworks, so none acts against a master
   * that no longer leads, and let a later {@link #start} (elected again) start them afresh.
   */
  public synchronized void stepDown() {
    if (timers != null) {
      LOG.infof("stopping built-in frameworks: this node no longer leads");
    }
    stopRunning();
  }

  private void stopRunning() {
    for (int i = running.size() - 1; i >= 0; i--) {
      BuiltInFramework framework = running.get(i);
      try {
        framework.stop();
        LOG.infof("built-in framework %s stopped", framework.name());
      } catch (RuntimeException e) {
        LOG.errorf(e, "built-in framework %s failed to stop cleanly", framework.name());
      }
    }
    running.clear();
    if (timers != null) {
      timers.close();
      timers = null;
    }
  }

  /** The frameworks started and not stopped, by name. */
  public synchronized List<String> running() {
    return running.stream().map(BuiltInFramework::name).toList();
  }

  /**
   * This node's own HTTP base for its frameworks: the bound address, or loopback when the server
   * listens on every interface.
   */
  public static URI localUrl(String httpHost, int port) {
    return localUrl(httpHost, new AdvertisedListener("http", port));
  }

  /** {@link #localUrl(String, int)} on the listener this node advertises (https when TLS-only). */
  public static URI localUrl(String httpHost, AdvertisedListener listener) {
    String host = httpHost == null ? "" : httpHost.strip();
    if (host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
      host = "127.0.0.1";
    } else if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    return URI.create(listener.baseUrl(host));
  }
}
