package io.mezzo.testing.archfixture.http.agent;

import io.mezzo.testing.archfixture.http.master.MasterRouteThatKnowsTheAgent;

/** Violates: the agent's routes never import the master's, nor master code. */
public class AgentRouteThatKnowsTheMaster {
  MasterRouteThatKnowsTheAgent route;
}
