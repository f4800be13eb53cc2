package io.mezzo.testing.archfixture.agent;

import io.mezzo.testing.archfixture.master.MasterThatKnowsTheAgent;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Violates: agent never imports master; qualifier-only field injection is still field injection.
 */
public class AgentThatKnowsTheMaster {
  @ConfigProperty(name = "mezzo.agent.x")
  String x;

  MasterThatKnowsTheAgent master;
}
