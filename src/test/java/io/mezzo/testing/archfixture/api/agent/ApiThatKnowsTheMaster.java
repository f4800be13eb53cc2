package io.mezzo.testing.archfixture.api.agent;

import io.mezzo.testing.archfixture.master.MasterThatKnowsTheAgent;

/** Violates: api depends only on core (and api). */
public class ApiThatKnowsTheMaster {
  MasterThatKnowsTheAgent master;
}
