package io.mezzo.testing.archfixture.cli;

import io.mezzo.testing.archfixture.master.MasterThatKnowsTheAgent;

/** Violates: the CLI is an HTTP client of the master, never a part of it. */
public class CliThatKnowsTheMaster {
  MasterThatKnowsTheAgent master;
}
