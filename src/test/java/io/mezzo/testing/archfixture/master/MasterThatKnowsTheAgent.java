package io.mezzo.testing.archfixture.master;

import io.mezzo.testing.archfixture.agent.AgentThatKnowsTheMaster;
import io.mezzo.testing.archfixture.bootstrap.Wiring;
import jakarta.inject.Inject;

/** Violates: master never imports agent or bootstrap; no field injection; no container look-ups. */
public class MasterThatKnowsTheAgent {
  @Inject AgentThatKnowsTheMaster agent;

  Object lookUp() {
    return io.quarkus.arc.Arc.container();
  }

  Wiring wiring() {
    return null;
  }
}
