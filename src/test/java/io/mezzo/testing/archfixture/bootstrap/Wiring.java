package io.mezzo.testing.archfixture.bootstrap;

import io.mezzo.testing.archfixture.master.MasterThatKnowsTheAgent;
import jakarta.inject.Inject;

/** Allowed: the wiring may use field injection and know every role. */
public class Wiring {
  @Inject MasterThatKnowsTheAgent master;
}
