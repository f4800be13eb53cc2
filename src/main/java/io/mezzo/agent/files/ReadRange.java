package io.mezzo.agent.files;

/**
 * Which bytes a {@code /files/read} asks for, parsed from its {@code offset} and {@code length}
 * query parameters as Mesos's files process reads them (src/files/files.cpp):
 *
 * <ul>
 *   <li>{@code offset} absent or {@code -1}: read nothing and answer the file's size as the offset
 *       — the web UI's log viewer sends this first to find the end of the file;
 *   <li>{@code length} absent or {@code -1}: no limit of its own, up to {@link
 *       SandboxFiles#MAX_READ_LENGTH} (the viewer sends {@code length=-1});
 *   <li>anything below {@code -1}, or text that is not a whole number, is a 400 that names the
 *       parameter, in Mesos's words.
 * </ul>
 *
 * @param offset where to read from, or {@link #END} for "tell me the size"
 * @param length the most bytes wanted, or null for no limit of the caller's
 */
public record ReadRange(long offset, Long length) {
  /** The offset that asks for the file's size instead of its bytes. */
  public static final long END = -1;

  public ReadRange {
    if (offset < END) {
      throw FileAccessException.badRequest("Negative offset provided: " + offset + ".");
    }
    if (length != null && length < 0) {
      throw FileAccessException.badRequest("Negative length provided: " + length + ".");
    }
  }

  /**
   * Parses the two query parameters (null when absent).
   *
   * @throws FileAccessException 400 for a malformed number or a value below -1
   */
  public static ReadRange parse(String offset, String length) {
    long o = offset == null ? END : number("offset", offset);
    Long l = null;
    if (length != null) {
      long asked = number("length", length);
      if (asked < -1) {
        throw FileAccessException.badRequest("Negative length provided: " + asked + ".");
      }
      l = asked == -1 ? null : asked;
    }
    return new ReadRange(o, l);
  }

  /** True when the caller asks for the file's size rather than its bytes. */
  public boolean asksForSize() {
    return offset == END;
  }

  private static long number(String name, String text) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw FileAccessException.badRequest(
          "Failed to parse " + name + ": '" + text + "' is not a whole number.");
    }
  }
}
