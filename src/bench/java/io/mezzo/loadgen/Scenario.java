package io.mezzo.loadgen;

import java.util.LinkedHashMap;

/**
 * One scenario of the scale issue: one run against a fresh master (or the given one), returning its
 * figures by name, in the order they should be printed.
 */
public interface Scenario {
  /** The scenario's number in the scale issue's table and what it measures. */
  String title();

  /**
   * Runs once.
   *
   * @param run 1-based, for file names
   * @throws IllegalStateException if the run could not complete (with what went wrong)
   */
  LinkedHashMap<String, Double> run(Options options, int run) throws Exception;
}
