package io.mezzo.api.v1;

/**
 * Build information ({@code mesos.v1.VersionInfo}); {@code build_time} is in epoch seconds. Mezzo
 * reports the Mesos version whose API it speaks, so clients that check versions pick the right
 * features; its own version is {@link #MEZZO_VERSION}.
 */
public record VersionInfo(
    String version,
    String buildDate,
    Double buildTime,
    String buildUser,
    String gitSha,
    String gitBranch,
    String gitTag) {

  /** The Mesos version whose APIs Mezzo implements. */
  public static final String MESOS_VERSION = "1.11.0";

  /** Mezzo's own version: the jar's Implementation-Version, else the development version. */
  public static final String MEZZO_VERSION = mezzoVersion();

  /** What a Mezzo master or agent reports. */
  public static VersionInfo current() {
    return new VersionInfo(MESOS_VERSION, null, null, "mezzo " + MEZZO_VERSION, null, null, null);
  }

  private static String mezzoVersion() {
    String v =
        VersionInfo.class.getPackage() == null
            ? null
            : VersionInfo.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
  }
}
