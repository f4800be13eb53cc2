package io.mezzo.security.limits;

/**
 * The answer of an abuse limit ({@link RateLimiter}, {@link ConnectionCaps}) to one call. A refusal
 * is answered with 429 Too Many Requests, as Mesos does; its reason names the principal (or client
 * address) and the limit it ran into, so the caller and the operator reading the log can both tell
 * which limit to raise or which client to slow down.
 *
 * @param allowed whether the call may proceed
 * @param reason "allowed", or a sentence saying which limit refused the call
 * @param retryAfterSeconds for a refusal, the whole seconds after which the same call would be
 *     allowed, for the {@code Retry-After} header (at least 1, since 0 would invite an immediate
 *     retry); 0 when allowed, or when the limit cannot predict it (a connection cap frees up only
 *     when someone else disconnects), in which case no header is sent
 */
public record LimitDecision(boolean allowed, String reason, long retryAfterSeconds) {
  public static final LimitDecision ALLOWED = new LimitDecision(true, "allowed", 0);

  public LimitDecision {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("a limit decision needs a reason");
    }
    if (retryAfterSeconds < 0) {
      throw new IllegalArgumentException(
          "retryAfterSeconds must be >= 0, was " + retryAfterSeconds);
    }
    if (allowed && retryAfterSeconds != 0) {
      throw new IllegalArgumentException("an allowed call has no Retry-After");
    }
  }

  /** A refusal the caller may retry after {@code retryAfterSeconds} (at least 1). */
  public static LimitDecision refused(String reason, long retryAfterSeconds) {
    return new LimitDecision(false, reason, Math.max(1, retryAfterSeconds));
  }

  /** A refusal with no prediction of when a retry would succeed. */
  public static LimitDecision refused(String reason) {
    return new LimitDecision(false, reason, 0);
  }
}
