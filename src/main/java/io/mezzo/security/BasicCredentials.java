package io.mezzo.security;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The principal and secret of an HTTP Basic {@code Authorization} header (RFC 7617): {@code Basic
 * base64(principal:secret)}, UTF-8, the scheme name case-insensitive. Pure.
 *
 * @param principal before the first colon, never empty
 * @param secret after it (may contain colons)
 */
public record BasicCredentials(String principal, String secret) {
  private static final String SCHEME = "Basic";

  /**
   * @param header the whole {@code Authorization} header value
   * @throws IllegalArgumentException saying what is wrong: another scheme, bad base64, not UTF-8,
   *     no colon, or an empty principal
   */
  public static BasicCredentials parse(String header) {
    String h = header.strip();
    int space = h.indexOf(' ');
    String scheme = space < 0 ? h : h.substring(0, space);
    if (!scheme.equalsIgnoreCase(SCHEME)) {
      throw new IllegalArgumentException(
          "Authorization scheme '" + scheme + "' is not accepted here; expected 'Basic'");
    }
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(space < 0 ? "" : h.substring(space + 1).strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Basic credentials are not valid base64", e);
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(decoded))
              .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("Basic credentials are not UTF-8", e);
    }
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(
          "Basic credentials have no ':' between principal and secret");
    }
    if (colon == 0) {
      throw new IllegalArgumentException("Basic credentials name no principal");
    }
    return new BasicCredentials(text.substring(0, colon), text.substring(colon + 1));
  }

  /** True for an {@code Authorization: Bearer …} header (RFC 6750), scheme case-insensitive. */
  public static boolean isBearer(String header) {
    String h = header.strip();
    return h.regionMatches(true, 0, "Bearer ", 0, 7);
  }

  @Override
  public String toString() {
    return "BasicCredentials[principal=" + principal + ", secret=***]";
  }
}
