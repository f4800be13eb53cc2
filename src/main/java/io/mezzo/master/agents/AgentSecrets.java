package io.mezzo.master.agents;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The agent link's proof of identity. An agent id is not a secret (every offer and state endpoint
 * shows it), so on registration the master also hands the agent a random link secret and keeps only
 * its hash in the registry; re-registering with the id, and every call for it, must present the
 * secret. Without it anyone who can reach the master could re-register as a real agent and turn its
 * tasks GONE, or report for tasks it does not run. Pure.
 */
public final class AgentSecrets {
  private static final int BYTES = 32;

  private AgentSecrets() {}

  /** Fresh secrets from {@code random} (a SecureRandom outside tests). */
  public static Supplier<String> from(RandomGenerator random) {
    return () -> {
      byte[] b = new byte[BYTES];
      random.nextBytes(b);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    };
  }

  /** The hash the registry keeps. */
  public static String hash(String secret) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /**
   * Why a call presenting {@code presented} may not speak for agent {@code agentId}, whose registry
   * entry keeps {@code expectedHash}; empty when it may. An entry without a hash (admitted before
   * link secrets existed) accepts any caller once, until its re-registration records one.
   */
  public static Optional<String> refusal(String agentId, String expectedHash, String presented) {
    if (expectedHash == null) {
      return Optional.empty();
    }
    if (presented == null || presented.isEmpty()) {
      return Optional.of(
          "Agent " + agentId + " must present its link secret (the one its REGISTERED carried)");
    }
    boolean same =
        MessageDigest.isEqual(
            expectedHash.getBytes(StandardCharsets.US_ASCII),
            hash(presented).getBytes(StandardCharsets.US_ASCII));
    return same
        ? Optional.empty()
        : Optional.of(
            "The link secret does not match agent "
                + agentId
                + ": only the agent the master admitted under this id may speak for it");
  }
}
