package io.mezzo.bootstrap;

/**
 * A node refuses to start because of how it was configured or where it runs: a bad role or profile,
 * a bad value of a key, a port in use, a work dir another node holds. The message is the whole
 * report, one line that names the key, the value and what is expected; {@link MezzoMain} prints it
 * alone, without a stack trace, and exits 1. Thrown before any state is read or written.
 */
public final class StartupRefusal extends RuntimeException {
  public StartupRefusal(String message) {
    super(message, null, false, false);
  }

  /** A refusal whose message is {@code key=value: problem}. */
  public static StartupRefusal of(String key, Object value, String problem) {
    return new StartupRefusal(key + "=" + value + ": " + problem);
  }
}
