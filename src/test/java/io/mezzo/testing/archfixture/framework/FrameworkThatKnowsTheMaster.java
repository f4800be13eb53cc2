package io.mezzo.testing.archfixture.framework;

import io.mezzo.testing.archfixture.master.MasterThatKnowsTheAgent;

/** Violates: a framework talks to the master over HTTP only. */
public class FrameworkThatKnowsTheMaster {
  MasterThatKnowsTheAgent master;
}
