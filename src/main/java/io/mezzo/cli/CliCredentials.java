package io.mezzo.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Whom the CLI speaks as: a principal and secret sent as HTTP Basic (the master's credentials
 * file), or a bearer token, from the command line or the environment ({@code MEZZO_PRINCIPAL},
 * {@code MEZZO_SECRET}, {@code MEZZO_TOKEN}); a flag wins over its variable. Half a credential or
 * two at once is a usage error, never silently dropped: a principal without its secret would be
 * sent as nobody and answered 401, which hides the mistake.
 *
 * @param authorization the {@code Authorization} header value, empty to send none
 * @param principal who that is, for messages ("bearer token" for a token)
 */
record CliCredentials(Optional<String> authorization, Optional<String> principal) {

  static final CliCredentials NONE = new CliCredentials(Optional.empty(), Optional.empty());

  /**
   * @param principal --principal, or null
   * @param secret --secret, or null
   * @param secretFile --secret-file, or null
   * @param token --token, or null
   * @param env the environment
   * @throws CliFailure a usage error for half a credential, two at once, or an unreadable file
   */
  static CliCredentials resolve(
      String principal, String secret, Path secretFile, String token, Map<String, String> env) {
    if (secret != null && secretFile != null) {
      throw CliFailure.usage("give --secret or --secret-file, not both");
    }
    boolean basicFlags = principal != null || secret != null || secretFile != null;
    if (token != null && basicFlags) {
      throw CliFailure.usage(
          "give --principal with --secret (HTTP Basic) or --token (Bearer), not both");
    }
    // A flag of one kind chooses it over the other kind's variables.
    String p = token != null ? null : firstNonBlank(principal, env.get("MEZZO_PRINCIPAL"));
    String s = secretFile != null ? readSecret(secretFile) : firstNonBlank(secret, null);
    if (s == null && secretFile == null && token == null) {
      s = firstNonBlank(env.get("MEZZO_SECRET"), null);
    }
    String t = basicFlags ? null : firstNonBlank(token, env.get("MEZZO_TOKEN"));
    if (t != null && p != null) {
      throw CliFailure.usage(
          "both MEZZO_TOKEN and MEZZO_PRINCIPAL are set: unset one, or choose with --token or"
              + " --principal");
    }
    if (t != null) {
      String bare = t.regionMatches(true, 0, "Bearer ", 0, 7) ? t.substring(7).strip() : t;
      return new CliCredentials(Optional.of("Bearer " + bare), Optional.of("bearer token"));
    }
    if (p == null && s == null) {
      return NONE;
    }
    if (p == null) {
      throw CliFailure.usage(
          "a secret is given but no principal: add --principal NAME (or MEZZO_PRINCIPAL)");
    }
    if (s == null) {
      throw CliFailure.usage(
          "principal '" + p + "' has no secret: add --secret, --secret-file FILE or MEZZO_SECRET");
    }
    if (p.contains(":")) {
      throw CliFailure.usage("principal '" + p + "' contains ':', which HTTP Basic cannot carry");
    }
    String basic =
        Base64.getEncoder().encodeToString((p + ":" + s).getBytes(StandardCharsets.UTF_8));
    return new CliCredentials(Optional.of("Basic " + basic), Optional.of(p));
  }

  /** The file's content without its trailing line break, as {@code echo s > file} writes it. */
  private static String readSecret(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw CliFailure.usage("cannot read --secret-file " + file + ": " + e.getMessage());
    }
    String s = text.replaceAll("[\\r\\n]+$", "");
    if (s.isEmpty()) {
      throw CliFailure.usage("--secret-file " + file + " is empty");
    }
    return s;
  }

  private static String firstNonBlank(String a, String b) {
    if (a != null && !a.isBlank()) {
      return a;
    }
    return b != null && !b.isBlank() ? b : null;
  }
}
