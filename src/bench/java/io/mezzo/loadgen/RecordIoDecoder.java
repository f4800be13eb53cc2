package io.mezzo.loadgen;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Incremental RecordIO decoder ({@code <length>\n<bytes>}, Mesos recordio.md) for bytes that arrive
 * in chunks of any size, as an event loop reads them. The blocking {@code RecordIo.Reader} of the
 * main code needs a thread per stream, which thousands of simulated agents cannot afford.
 *
 * <p>Not thread-safe: one stream's bytes are fed from one thread, in order.
 */
public final class RecordIoDecoder {
  private static final int MAX_LENGTH_DIGITS = 19;

  private final Consumer<byte[]> records;
  private final long maxRecordBytes;
  private final StringBuilder length = new StringBuilder();
  private byte[] record;
  private int filled;

  /**
   * @param records called with each whole record, in order
   * @param maxRecordBytes a longer record is refused, so a broken stream cannot exhaust memory
   */
  public RecordIoDecoder(Consumer<byte[]> records, long maxRecordBytes) {
    this.records = records;
    this.maxRecordBytes = maxRecordBytes;
  }

  /**
   * Feeds the next bytes of the stream.
   *
   * @throws IllegalStateException if the bytes are not RecordIO (a bad length line, or a record
   *     over the limit); the stream cannot be resynchronised after that
   */
  public void feed(byte[] bytes) {
    int i = 0;
    while (i < bytes.length) {
      if (record == null) {
        byte b = bytes[i++];
        if (b == '\n') {
          startRecord();
        } else if (b >= '0' && b <= '9' && length.length() < MAX_LENGTH_DIGITS) {
          length.append((char) b);
        } else {
          throw new IllegalStateException(
              "not a RecordIO length: '"
                  + length
                  + new String(new byte[] {b}, StandardCharsets.ISO_8859_1)
                  + "'");
        }
      } else {
        int n = Math.min(record.length - filled, bytes.length - i);
        System.arraycopy(bytes, i, record, filled, n);
        filled += n;
        i += n;
      }
      if (record != null && filled == record.length) {
        byte[] done = record;
        record = null;
        records.accept(done);
      }
    }
  }

  private void startRecord() {
    if (length.length() == 0) {
      throw new IllegalStateException("empty RecordIO length line");
    }
    long n = Long.parseLong(length.toString());
    length.setLength(0);
    if (n > maxRecordBytes) {
      throw new IllegalStateException(
          "RecordIO record of " + n + " bytes is over the limit of " + maxRecordBytes);
    }
    record = new byte[(int) n];
    filled = 0;
  }

  /** Frames {@code payload} as one record (for tests and for writers). */
  public static byte[] frame(byte[] payload) {
    byte[] head = (payload.length + "\n").getBytes(StandardCharsets.US_ASCII);
    ByteArrayOutputStream out = new ByteArrayOutputStream(head.length + payload.length);
    out.writeBytes(head);
    out.writeBytes(payload);
    return out.toByteArray();
  }
}
