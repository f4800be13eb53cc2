package io.mezzo.security;

import io.mezzo.security.Credentials.Pair;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Everything a node knows to authenticate HTTP callers and to authenticate itself to other nodes:
 * which realms need credentials ({@link AuthenticationFlags}), the principals it accepts (Mesos's
 * credentials file), its own in-process credential, and the credential it sends to other nodes.
 * Pure and immutable; the bootstrap reads the files and builds it once, the HTTP gate asks it.
 *
 * <p>The node credential: the built-in frameworks (Marathon, Chronos) subscribe to their own master
 * over HTTP like any framework. With {@code authenticate-frameworks} on they would be locked out of
 * their own node, so each process makes a random secret at start-up for the principal {@value
 * #NODE_PRINCIPAL}, hands it only to its in-process clients, and the gate maps it to {@link
 * Caller#NODE}. It never leaves the process and dies with it.
 */
public final class Authentication {
  /**
   * The reserved principal of the node's own in-process clients; a credentials file may not use it.
   */
  public static final String NODE_PRINCIPAL = "mezzo-node";

  private final AuthenticationFlags flags;
  private final Credentials credentials;
  private final Credentials node;
  private final String nodeSecret;
  private final Optional<Pair> client;
  private final boolean tokens;

  /** Without bearer tokens: only the credentials file and the node credential authenticate. */
  public Authentication(
      AuthenticationFlags flags,
      Credentials credentials,
      String nodeSecret,
      Optional<Pair> client) {
    this(flags, credentials, nodeSecret, client, false);
  }

  /**
   * @param flags which realms need credentials
   * @param credentials the principals callers may authenticate as; {@link Credentials#none()} when
   *     no credentials file is configured
   * @param nodeSecret the random secret of {@value #NODE_PRINCIPAL} for this process
   * @param client the credential this node sends to other nodes, if any
   * @param tokens true when bearer tokens (JWT) are verified too, against a configured key
   * @throws IllegalArgumentException when a switch is on but nobody could authenticate, or the
   *     credentials file uses the reserved principal
   */
  public Authentication(
      AuthenticationFlags flags,
      Credentials credentials,
      String nodeSecret,
      Optional<Pair> client,
      boolean tokens) {
    if ((flags.anyRequired() || flags.metrics()) && credentials.isEmpty() && !tokens) {
      String on = flags.anyRequired() ? flags.describeOn() : "mezzo.security.authenticate-metrics";
      throw new IllegalArgumentException(
          on
              + " is on but neither mezzo.security.credentials nor a token key"
              + " (mp.jwt.verify.publickey.location) is set, so nobody could authenticate; set"
              + " one or turn the switch off");
    }
    if (credentials.contains(NODE_PRINCIPAL)) {
      throw new IllegalArgumentException(
          "the principal '" + NODE_PRINCIPAL + "' is reserved for the node itself; rename it");
    }
    if (nodeSecret == null || nodeSecret.length() < 16) {
      throw new IllegalArgumentException("the node secret must be at least 16 characters");
    }
    this.flags = flags;
    this.credentials = credentials;
    this.node = Credentials.parse("node", NODE_PRINCIPAL + " " + nodeSecret);
    this.nodeSecret = nodeSecret;
    this.client = client;
    this.tokens = tokens;
  }

  /** Nothing required, nobody known: a node configured without {@code mezzo.security.*}. */
  public static Authentication off(String nodeSecret) {
    return new Authentication(
        AuthenticationFlags.OFF, Credentials.none(), nodeSecret, Optional.empty());
  }

  public AuthenticationFlags flags() {
    return flags;
  }

  /**
   * Who {@code principal} is when {@code secret} is right: {@link Caller#NODE} for the node's own
   * credential, the principal for one of the credentials file, empty otherwise. Constant time in
   * the secret.
   */
  public Optional<Caller> verify(String principal, String secret) {
    if (NODE_PRINCIPAL.equals(principal)) {
      return node.verify(principal, secret) ? Optional.of(Caller.NODE) : Optional.empty();
    }
    return credentials.verify(principal, secret)
        ? Optional.of(Caller.of(principal))
        : Optional.empty();
  }

  /** True when bearer tokens are verified (SmallRye JWT with a configured key). */
  public boolean tokens() {
    return tokens;
  }

  /** The {@code Authorization} header value the node's own in-process HTTP clients send. */
  public String nodeAuthorization() {
    return basic(NODE_PRINCIPAL, nodeSecret);
  }

  /** The {@code Authorization} header value this node sends to other nodes, if it has one. */
  public Optional<String> clientAuthorization() {
    return client.map(p -> basic(p.principal(), p.secret()));
  }

  /** The principal this node sends to other nodes, if any (for logs; never the secret). */
  public Optional<String> clientPrincipal() {
    return client.map(Pair::principal);
  }

  /** An HTTP Basic header value (RFC 7617, UTF-8). */
  public static String basic(String principal, String secret) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((principal + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }
}
