package io.mezzo.security;

/**
 * Who made a request, as authentication established it: a principal, or nobody ({@link #ANONYMOUS})
 * when the request carried no credentials and its realm does not require them. The master's and
 * agent's decisions (authorization, ownership of frameworks and agents) take a caller; in-process
 * callers that are part of the node itself use {@link #NODE}.
 *
 * @param principal the authenticated principal; null for anonymous and node callers
 * @param node true for the node's own in-process parts (standalone's local agent, built-in
 *     frameworks run inside the master), which authorization does not restrict
 */
public record Caller(String principal, boolean node) {
  public static final Caller ANONYMOUS = new Caller(null, false);
  public static final Caller NODE = new Caller(null, true);

  public static Caller of(String principal) {
    if (principal == null || principal.isEmpty()) {
      throw new IllegalArgumentException("a principal must not be empty");
    }
    return new Caller(principal, false);
  }

  public boolean anonymous() {
    return principal == null && !node;
  }

  /** The principal, or a word for messages ("anonymous", "the node itself"). */
  public String describe() {
    return node ? "the node itself" : principal == null ? "anonymous" : "'" + principal + "'";
  }
}
