package io.mezzo.agent.isolator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an isolator adds to how a container's command is launched (a subset of Mesos's {@code
 * ContainerLaunchInfo}).
 *
 * @param environment variables to set for the command; later isolators win on a clash
 */
public record ContainerLaunchInfo(Map<String, String> environment) {
  public ContainerLaunchInfo {
    environment = environment == null ? Map.of() : Map.copyOf(environment);
  }

  /** This info with {@code other}'s additions applied on top. */
  public ContainerLaunchInfo merge(ContainerLaunchInfo other) {
    Map<String, String> env = new LinkedHashMap<>(environment);
    env.putAll(other.environment);
    return new ContainerLaunchInfo(env);
  }
}
