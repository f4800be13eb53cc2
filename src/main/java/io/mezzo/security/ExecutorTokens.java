package io.mezzo.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The tokens an agent gives the executors it launches, as Mesos's agent does for {@code
 * --authenticate_http_executors}: a JSON Web Token signed with HMAC-SHA256 under a secret only the
 * agent knows, whose claims are the executor's framework id ({@code fid}), executor id ({@code
 * eid}) and container id ({@code cid}), the claim names Mesos uses. The executor finds it in {@code
 * MESOS_EXECUTOR_AUTHENTICATION_TOKEN} and sends it as {@code Authorization: Bearer <token>}; the
 * agent's executor API accepts a call only if the token verifies and its claims name the call's
 * framework and executor.
 *
 * <p>The tokens do not expire, as Mesos's do not: an executor lives as long as its container, and a
 * token is worth nothing once its container is gone (no call for that executor is accepted).
 *
 * <p>Immutable and thread-safe; a {@link Mac} is made per use.
 */
public final class ExecutorTokens {
  /** The environment variable the token travels in. */
  public static final String ENV = "MESOS_EXECUTOR_AUTHENTICATION_TOKEN";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HEADER =
      encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
  private static final String BEARER = "Bearer ";

  private final byte[] key;

  /**
   * @param key the agent's secret, at least 32 bytes (as strong as the hash)
   */
  public ExecutorTokens(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length < 32) {
      throw new IllegalArgumentException(
          "an executor token key needs at least 32 bytes, got " + key.length);
    }
    this.key = key.clone();
  }

  /** The claims of one executor's token. */
  public record Claims(String frameworkId, String executorId, String containerId) {}

  /**
   * The result of checking a call's Authorization header.
   *
   * @param status 200 when the call may proceed, 401 without a valid token, 403 for a valid token
   *     of another executor
   * @param reason why, for the answer's body and the log
   */
  public record Check(int status, String reason) {
    public boolean allowed() {
      return status == 200;
    }
  }

  /** A token for one executor's container. */
  public String mint(String frameworkId, String executorId, String containerId) {
    ObjectNode claims = JSON.createObjectNode();
    claims.put("fid", require("frameworkId", frameworkId));
    claims.put("eid", require("executorId", executorId));
    claims.put("cid", require("containerId", containerId));
    String payload = encode(claims.toString().getBytes(StandardCharsets.UTF_8));
    String signed = HEADER + "." + payload;
    return signed + "." + encode(sign(signed));
  }

  /**
   * Checks an {@code Authorization} header against the ids a call names.
   *
   * @param authorization the header's value, or null when absent
   * @param frameworkId the call's framework id, or null when it names none
   * @param executorId the call's executor id, or null when it names none
   */
  public Check check(String authorization, String frameworkId, String executorId) {
    if (authorization == null) {
      return new Check(
          401,
          "the executor API requires the executor's token (mezzo.security.authenticate-http-executors):"
              + " send 'Authorization: Bearer $"
              + ENV
              + "'");
    }
    if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return new Check(
          401, "the executor API takes only 'Authorization: Bearer <token>', from $" + ENV);
    }
    Claims claims;
    try {
      claims = verify(authorization.substring(BEARER.length()).strip());
    } catch (IllegalArgumentException e) {
      return new Check(401, "the executor token is not valid: " + e.getMessage());
    }
    if (!claims.frameworkId().equals(frameworkId) || !claims.executorId().equals(executorId)) {
      return new Check(
          403,
          "the token is executor '"
              + claims.executorId()
              + "' of framework '"
              + claims.frameworkId()
              + "', but the call is for executor '"
              + executorId
              + "' of framework '"
              + frameworkId
              + "'");
    }
    return new Check(200, "executor '" + executorId + "' of framework '" + frameworkId + "'");
  }

  /**
   * The claims of a token this agent minted.
   *
   * @throws IllegalArgumentException saying what is wrong: malformed, not HS256, a bad signature, a
   *     claim missing
   */
  public Claims verify(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("expected header.payload.signature");
    }
    String signed = parts[0] + "." + parts[1];
    byte[] signature;
    try {
      signature = Base64.getUrlDecoder().decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the signature is not base64url");
    }
    // Compared in constant time, so the signature cannot be guessed byte by byte.
    if (!parts[0].equals(HEADER) || !MessageDigest.isEqual(sign(signed), signature)) {
      throw new IllegalArgumentException("its signature is not this agent's");
    }
    JsonNode claims;
    try {
      claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
    } catch (Exception e) {
      throw new IllegalArgumentException("its payload is not JSON");
    }
    return new Claims(claim(claims, "fid"), claim(claims, "eid"), claim(claims, "cid"));
  }

  private static String claim(JsonNode claims, String name) {
    JsonNode v = claims == null ? null : claims.get(name);
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw new IllegalArgumentException("claim '" + name + "' is missing");
    }
    return v.asText();
  }

  private byte[] sign(String signed) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      // Every Java platform must provide HmacSHA256.
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private static String encode(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String require(String name, String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
    return value;
  }
}
