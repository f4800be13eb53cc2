package io.mezzo.http.agent;

import io.mezzo.agent.AgentConfig;
import io.mezzo.bootstrap.Role;
import java.net.URI;
import java.util.Map;

/**
 * The {@code master_hostname} of the agent's legacy state: the host of the master it registers
 * with, where that is known without asking the network. Mesos reverse-resolves the leading master's
 * IP and leaves the field out when that fails; Mezzo leaves it out when the agent was given several
 * masters (which one leads is the link's business, not visible here) or none it can parse.
 */
final class MasterHostname {
  private MasterHostname() {}

  /**
   * @param flags the agent's flags; {@code master} holds the URL (or comma-separated URLs) it was
   *     given
   * @return the hostname, or null when not known
   */
  static String of(Role role, AgentConfig config, Map<String, String> flags) {
    if (role.runsMaster()) {
      return config.hostname(); // standalone: the agent's master is this very process
    }
    String master = flags.get("master");
    if (master == null || master.isBlank() || master.contains(",")) {
      return null;
    }
    try {
      String host = URI.create(master.trim()).getHost();
      return host == null || host.isEmpty() ? null : host;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
