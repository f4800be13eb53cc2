package io.mezzo.master.state;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * How a document of any size fits ZooKeeper, whose znodes and requests are limited to 1 MB ({@code
 * jute.maxbuffer}): a document up to {@link #SAFE_BYTES} is stored as it is (so existing znodes
 * read unchanged); a larger one is gzipped behind a header; one still larger after compression is
 * cut into chunks of at most {@link #SAFE_BYTES}, stored in their own znodes, and the document's
 * znode holds only a header naming them. The chunks are written before the header, under a fresh
 * generation, so switching the header is the one atomic step and a reader never sees a mix.
 *
 * <pre>
 *   raw:      any bytes not starting with MAGIC
 *   gzipped:  MAGIC 'Z' gzip(data)
 *   chunked:  MAGIC 'C' generation(UTF) count(int)     chunk i = gzip(data)[i*SAFE ..]
 * </pre>
 */
final class ZooKeeperEncoding {
  /** Half of ZooKeeper's default 1 MB limit, leaving room for the rest of a request. */
  static final int SAFE_BYTES = 512 * 1024;

  private static final byte[] MAGIC = {0, 'M', 'Z', 0};
  private static final byte GZIPPED = 'Z';
  private static final byte CHUNKED = 'C';

  private ZooKeeperEncoding() {}

  /** What to store: the document znode's bytes and, for a chunked document, its chunks. */
  record Encoded(byte[] head, String generation, List<byte[]> chunks) {
    boolean chunked() {
      return generation != null;
    }
  }

  /**
   * @param generation a name no earlier write of this document used, for its chunks
   * @param forceChunks chunk even a document that would fit, to keep a whole batch small
   */
  static Encoded encode(byte[] data, String generation, boolean forceChunks) {
    if (!forceChunks && data.length <= SAFE_BYTES && !startsWithMagic(data)) {
      return new Encoded(data, null, List.of());
    }
    byte[] gz = gzip(data);
    if (!forceChunks && gz.length + MAGIC.length + 1 <= SAFE_BYTES) {
      return new Encoded(concat(MAGIC, new byte[] {GZIPPED}, gz), null, List.of());
    }
    List<byte[]> chunks = new ArrayList<>();
    for (int off = 0; off < gz.length; off += SAFE_BYTES) {
      chunks.add(Arrays.copyOfRange(gz, off, Math.min(gz.length, off + SAFE_BYTES)));
    }
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    try (var out = new java.io.DataOutputStream(head)) {
      out.write(MAGIC);
      out.write(CHUNKED);
      out.writeUTF(generation);
      out.writeInt(chunks.size());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Encoded(head.toByteArray(), generation, chunks);
  }

  /** The chunk znode's name of chunk {@code index} of a document's {@code generation}. */
  static String chunkName(String document, String generation, int index) {
    return document.replace('/', '~') + "~" + generation + "~" + index;
  }

  /** The prefix of all chunk names of {@code document}, of every generation. */
  static String chunkPrefix(String document) {
    return document.replace('/', '~') + "~";
  }

  /**
   * The document's bytes.
   *
   * @param chunk reads chunk i of the generation the header names; null if it is gone (the document
   *     was rewritten meanwhile: the caller reads the header again)
   * @return null if a chunk was gone
   */
  static byte[] decode(byte[] stored, ChunkReader chunk) {
    if (!startsWithMagic(stored) || stored.length <= MAGIC.length) {
      return stored;
    }
    byte kind = stored[MAGIC.length];
    byte[] body = Arrays.copyOfRange(stored, MAGIC.length + 1, stored.length);
    if (kind == GZIPPED) {
      return gunzip(body);
    }
    if (kind != CHUNKED) {
      throw new IllegalStateException("unknown stored document encoding " + kind);
    }
    try (var data = new java.io.DataInputStream(new ByteArrayInputStream(body))) {
      String generation = data.readUTF();
      int count = data.readInt();
      ByteArrayOutputStream gz = new ByteArrayOutputStream();
      for (int i = 0; i < count; i++) {
        byte[] piece = chunk.read(generation).apply(i);
        if (piece == null) {
          return null;
        }
        gz.write(piece);
      }
      return gunzip(gz.toByteArray());
    } catch (IOException e) {
      throw new IllegalStateException("corrupt chunked document header", e);
    }
  }

  /** Reads the chunks of one generation. */
  interface ChunkReader {
    IntFunction<byte[]> read(String generation);
  }

  private static boolean startsWithMagic(byte[] data) {
    if (data.length < MAGIC.length) {
      return false;
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (data[i] != MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, data.length / 4));
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static byte[] gunzip(byte[] data) {
    try (GZIPInputStream gz = new GZIPInputStream(new ByteArrayInputStream(data))) {
      return gz.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("corrupt compressed document", e);
    }
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int off = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, off, p.length);
      off += p.length;
    }
    return out;
  }
}
