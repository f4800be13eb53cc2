package io.mezzo.api.v1;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * RecordIO framing (MESOS-API.md §2.3): the payload's byte length in ASCII decimal, a line feed,
 * the payload, nothing after it. Streams write one record per HTTP chunk because some clients rely
 * on it.
 */
public final class RecordIo {
  /** Largest record a reader accepts; a longer length prefix means a corrupt or hostile stream. */
  public static final long MAX_RECORD_BYTES = 64L * 1024 * 1024;

  private RecordIo() {}

  public static byte[] frame(byte[] payload) {
    byte[] prefix = (payload.length + "\n").getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[prefix.length + payload.length];
    System.arraycopy(prefix, 0, out, 0, prefix.length);
    System.arraycopy(payload, 0, out, prefix.length, payload.length);
    return out;
  }

  /** Reads records one at a time from a blocking stream. Not thread-safe. */
  public static final class Reader {
    private final InputStream in;

    public Reader(InputStream in) {
      this.in = in;
    }

    /**
     * Returns the next record's payload, or null at a clean end of stream (between records).
     *
     * @throws IOException on a truncated record or a malformed length
     */
    public byte[] next() throws IOException {
      long length = 0;
      int digits = 0;
      while (true) {
        int b = in.read();
        if (b < 0) {
          if (digits == 0) {
            return null;
          }
          throw new EOFException("stream ended inside a record length");
        }
        if (b == '\n') {
          if (digits == 0) {
            continue; // tolerate blank lines between records
          }
          break;
        }
        if (b < '0' || b > '9') {
          throw new IOException("malformed RecordIO length byte " + b);
        }
        length = length * 10 + (b - '0');
        digits++;
        if (length > MAX_RECORD_BYTES) {
          throw new IOException("RecordIO record longer than " + MAX_RECORD_BYTES + " bytes");
        }
      }
      ByteArrayOutputStream buf = new ByteArrayOutputStream((int) length);
      byte[] chunk = new byte[8192];
      long remaining = length;
      while (remaining > 0) {
        int n = in.read(chunk, 0, (int) Math.min(chunk.length, remaining));
        if (n < 0) {
          throw new EOFException("stream ended inside a record payload");
        }
        buf.write(chunk, 0, n);
        remaining -= n;
      }
      return buf.toByteArray();
    }
  }
}
