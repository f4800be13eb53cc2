package io.mezzo.testing.archfixture.core;

import io.mezzo.testing.archfixture.api.v1.WireThing;
import io.vertx.core.Vertx;

/** Violates: core depends on nothing else in the root; pure packages use no Vert.x. */
public class CoreThatKnowsTheApi {
  WireThing thing;
  Vertx vertx;
}
