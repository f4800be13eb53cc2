package io.mezzo.testing.archfixture.http.master;

import io.mezzo.testing.archfixture.agent.AgentThatKnowsTheMaster;

/** Violates: the master's routes never import agent code. */
public class MasterRouteThatKnowsTheAgent {
  AgentThatKnowsTheMaster agent;
}
