package io.mezzo.bootstrap;

import io.mezzo.framework.services.ServicesApi;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Where the {@code /v2} routes find the services framework. A minimal stand-in written by the REST
 * slice so its routes compile; the core slice's ServicesWiring (which builds, starts and hosts the
 * framework) replaces it at merge.
 */
@ApplicationScoped
public class ServicesWiring {
  private volatile ServicesApi api;

  /** The running framework's API; empty while it is not running (the routes answer 503). */
  public Optional<ServicesApi> api() {
    return Optional.ofNullable(api);
  }

  void api(ServicesApi value) {
    this.api = value;
  }
}
