package io.mezzo.api.wire;

import java.util.Locale;

/**
 * Whether an Accept-style header ({@code Accept}, {@code Message-Accept}) allows a media type, the
 * way Mesos's HTTP library decides it, so a client gets the same format from Mezzo as from Mesos:
 * no header (or a blank one) allows everything; otherwise the most specific range that names the
 * type wins ({@code type/subtype}, then {@code type/*}, then {@code *}{@code /*}), and it allows
 * the type unless its {@code q} is 0 or not a number ({@code q} given twice counts as allowing).
 * Spaces and tabs are ignored.
 */
public final class MediaRanges {
  private MediaRanges() {}

  /**
   * @param header the header's value, or null when the request has none
   * @param mediaType a bare {@code type/subtype}
   */
  public static boolean accepts(String header, String mediaType) {
    String[] parts = mediaType.split("/", -1);
    if (parts.length != 2) {
      return false;
    }
    if (header == null || header.isBlank()) {
      return true; // a blank Accept is taken as no Accept, as HTTP clients that send one mean
    }
    String value = header.replace(" ", "").replace("\t", "").replace("\n", "");
    String[] candidates = {mediaType, parts[0] + "/*", "*/*"};
    for (String candidate : candidates) {
      for (String range : value.split(",")) {
        String[] tokens = range.split(";");
        if (tokens.length == 0 || tokens[0].isEmpty()) {
          continue;
        }
        if (tokens[0].toLowerCase(Locale.ROOT).equals(candidate.toLowerCase(Locale.ROOT))) {
          return quality(tokens) != 0;
        }
      }
    }
    return false;
  }

  /**
   * The range's {@code q}: 1 when absent or given more than once (Mesos takes those as allowing), 0
   * ("not acceptable") when it is not a number or not positive, else its value.
   */
  private static double quality(String[] tokens) {
    Double q = null;
    int seen = 0;
    for (int i = 1; i < tokens.length; i++) {
      // Tokenized as Mesos does, empty pieces dropped: "q=" is no q at all, "q==0" is q=0.
      String[] kv =
          java.util.Arrays.stream(tokens[i].split("="))
              .filter(t -> !t.isEmpty())
              .toArray(String[]::new);
      if (kv.length == 2 && kv[0].equals("q")) {
        seen++;
        try {
          q = Double.parseDouble(kv[1]);
        } catch (NumberFormatException e) {
          return 0; // Mesos: a q that is not a number does not allow the type
        }
      }
    }
    if (seen != 1) {
      return 1;
    }
    return q > 0 ? q : 0;
  }
}
