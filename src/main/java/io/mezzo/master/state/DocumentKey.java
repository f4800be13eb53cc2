package io.mezzo.master.state;

/**
 * Turns any string (an agent id, an app's name) into a {@link StateStore} name part of {@code
 * [a-zA-Z0-9._-]}, one-to-one: {@code _} becomes {@code __} and any other character outside that
 * alphabet {@code _} and its four hex digits ({@code :} is {@code _003a}). Prefix-free, hence two
 * different strings never share a key.
 */
public final class DocumentKey {
  private DocumentKey() {}

  public static String escape(String name) {
    StringBuilder out = new StringBuilder(name.length() + 8);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '_') {
        out.append("__");
      } else if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '.'
          || c == '-') {
        out.append(c);
      } else {
        out.append('_').append(String.format("%04x", (int) c));
      }
    }
    return out.toString();
  }
}
