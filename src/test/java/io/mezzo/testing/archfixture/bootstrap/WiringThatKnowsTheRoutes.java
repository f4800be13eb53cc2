package io.mezzo.testing.archfixture.bootstrap;

import io.mezzo.testing.archfixture.http.common.PlumbingThatKnowsTheMaster;

/** Violates: bootstrap never imports http (the HTTP side asks the node what runs). */
public class WiringThatKnowsTheRoutes {
  PlumbingThatKnowsTheMaster plumbing;
}
