package io.mezzo.agent.files;

/**
 * Where a chunk of a UTF-8 file may be cut into text. A read stops at a byte count ({@link
 * SandboxFiles#MAX_READ_LENGTH}, or the end of a file still being written), which can fall inside a
 * multi-byte character; decoding that tail would answer a replacement character whose UTF-8 length
 * differs from the bytes read, and a log viewer that advances its offset by what it received would
 * then skip or repeat bytes. Leaving the incomplete tail out lets the next read start on the
 * character.
 */
public final class Utf8Prefix {
  private Utf8Prefix() {}

  /**
   * The length of the longest prefix of {@code data[0, length)} that does not end inside a UTF-8
   * character. Bytes that are not UTF-8 at all are left as they are (they decode to replacement
   * characters wherever they are); only an incomplete sequence at the very end is cut, and never
   * more than three bytes.
   */
  public static int length(byte[] data, int length) {
    int lead = length - 1;
    // Step back over at most three continuation bytes (10xxxxxx) to the byte that starts the last
    // character.
    while (lead >= 0 && length - lead <= 3 && (data[lead] & 0xC0) == 0x80) {
      lead--;
    }
    if (lead < 0) {
      return length;
    }
    int b = data[lead] & 0xFF;
    int needs = b >= 0xF0 && b <= 0xF4 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 && b < 0xE0 ? 2 : 1;
    if (b >= 0xF5) {
      needs = 1; // not a UTF-8 lead byte: nothing to complete
    }
    return length - lead < needs ? lead : length;
  }
}
