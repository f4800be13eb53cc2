package io.mezzo.testing.archfixture.http.common;

import io.mezzo.testing.archfixture.master.MasterThatKnowsTheAgent;

/** Violates: the shared HTTP plumbing knows neither role. */
public class PlumbingThatKnowsTheMaster {
  MasterThatKnowsTheAgent master;
}
