package io.mezzo.http.common;

/**
 * Where a node running an agent serves what the master reaches on it. Shared so that the master's
 * proxy and the agent's routes agree without importing each other.
 */
public final class AgentPaths {
  /**
   * The agent's operator API, under the agent's own process prefix so a standalone node serves it
   * beside the master's {@code /api/v1}; the master proxies sandbox calls here.
   */
  public static final String OPERATOR_API = "/slave(1)/api/v1";

  private AgentPaths() {}
}
