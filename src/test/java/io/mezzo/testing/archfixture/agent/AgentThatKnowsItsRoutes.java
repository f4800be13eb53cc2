package io.mezzo.testing.archfixture.agent;

import io.mezzo.testing.archfixture.http.agent.AgentRouteThatKnowsTheMaster;

/** Violates: the domain never imports the HTTP edge that sits on top of it. */
public class AgentThatKnowsItsRoutes {
  AgentRouteThatKnowsTheMaster route;
}
