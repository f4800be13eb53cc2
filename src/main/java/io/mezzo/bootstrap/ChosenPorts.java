package io.mezzo.bootstrap;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import jakarta.annotation.Priority;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Port 0 ("any free port") for {@code quarkus.http.port} or {@code quarkus.http.ssl-port} becomes
 * one real free port, chosen once per key and JVM, before anything reads it. A node tells others
 * its port as it starts (MasterInfo's port and pid, the agent's endpoint, its built-in frameworks'
 * URL), and Quarkus binds its listeners only after that: left at 0, the node would advertise port
 * 0, which nobody can reach. With the port chosen here, Quarkus binds it and every part of the node
 * reads the same number.
 *
 * <p>The port is found free by binding and releasing it, so another process could take it in the
 * moment before Quarkus binds; Quarkus then refuses to start saying the port is in use, rather than
 * the node advertising a wrong port. Test ports ({@code quarkus.http.test-port}) are left to the
 * test framework.
 */
@Priority(ChosenPorts.PRIORITY)
public final class ChosenPorts implements ConfigSourceInterceptor {
  /** Late, after profiles and expressions, so it sees the value as finally resolved. */
  static final int PRIORITY = 50;

  static final Set<String> KEYS = Set.of("quarkus.http.port", "quarkus.http.ssl-port");

  private static final Map<String, Integer> CHOSEN = new ConcurrentHashMap<>();

  @Override
  public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
    ConfigValue value = context.proceed(name);
    if (value == null || !KEYS.contains(name) || !"0".equals(value.getValue().strip())) {
      return value;
    }
    return value.withValue(Integer.toString(CHOSEN.computeIfAbsent(name, k -> freePort())));
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port for a listener set to port 0", e);
    }
  }
}
