package io.mezzo.bootstrap;

/**
 * The masters' view of {@link io.mezzo.core.net.detect.ZkUrl}, which agents and the CLI share now.
 * Kept as a thin alias so the election and registry wiring need not change while that moves; new
 * code uses the shared record.
 */
record ZkUrl(String connectString, String path) {
  /**
   * @throws IllegalArgumentException saying what is wrong with the URL (the caller names the key)
   */
  static ZkUrl parse(String url) {
    io.mezzo.core.net.detect.ZkUrl shared = io.mezzo.core.net.detect.ZkUrl.parse(url);
    return new ZkUrl(shared.connectString(), shared.path());
  }
}
