package io.mezzo.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a SUBSCRIBE stream over a raw HTTP/1.1 socket and decodes {@code Transfer-Encoding:
 * chunked} itself, so the chunk boundaries the server wrote are visible. MESOS-API.md §0.3: the
 * master writes each RecordIO record as exactly one HTTP chunk, and naive clients depend on it;
 * {@link #nextRecord()} fails when a chunk holds less or more than one whole record.
 *
 * <p>Not thread-safe; reads block for at most the read timeout given at subscribe.
 */
public final class ChunkedRecordReader implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final int status;
  private final Map<String, String> headers;
  private int chunks;

  private ChunkedRecordReader(
      Socket socket, InputStream in, int status, Map<String, String> headers) {
    this.socket = socket;
    this.in = in;
    this.status = status;
    this.headers = headers;
  }

  /**
   * POSTs {@code callJson} (a whole SUBSCRIBE call) to {@code /api/v1/scheduler} and reads the
   * status line and headers.
   */
  public static ChunkedRecordReader subscribe(URI baseUrl, String callJson, Duration readTimeout)
      throws IOException {
    return subscribe(baseUrl, V1SchedulerClient.PATH, callJson, readTimeout);
  }

  /**
   * POSTs {@code callJson} to {@code path} (e.g. the operator API's {@code /api/v1}) and reads the
   * head.
   */
  public static ChunkedRecordReader subscribe(
      URI baseUrl, String path, String callJson, Duration readTimeout) throws IOException {
    return subscribe(baseUrl, path, callJson, readTimeout, Map.of());
  }

  /** {@link #subscribe(URI, String, String, Duration)} with extra headers (credentials, say). */
  public static ChunkedRecordReader subscribe(
      URI baseUrl, String path, String callJson, Duration readTimeout, Map<String, String> extra)
      throws IOException {
    StringBuilder more = new StringBuilder();
    extra.forEach((k, v) -> more.append(k).append(": ").append(v).append("\r\n"));
    byte[] body = callJson.getBytes(StandardCharsets.UTF_8);
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(baseUrl.getHost(), baseUrl.getPort()), 10_000);
      socket.setSoTimeout((int) readTimeout.toMillis());
      String head =
          "POST "
              + path
              + " HTTP/1.1\r\n"
              + "Host: "
              + baseUrl.getHost()
              + ":"
              + baseUrl.getPort()
              + "\r\n"
              + "Content-Type: application/json\r\n"
              + "Accept: application/json\r\n"
              + more
              + "Content-Length: "
              + body.length
              + "\r\n"
              + "\r\n";
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      String statusLine = readLine(in);
      String[] parts = statusLine.split(" ", 3);
      if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
        throw new IOException("not an HTTP/1.x status line: " + statusLine);
      }
      Map<String, String> headers = new LinkedHashMap<>();
      for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
        int colon = line.indexOf(':');
        if (colon > 0) {
          headers.put(
              line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
              line.substring(colon + 1).trim());
        }
      }
      return new ChunkedRecordReader(socket, in, Integer.parseInt(parts[1]), headers);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  public int status() {
    return status;
  }

  /** A response header by case-insensitive name, or null. */
  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  public boolean isChunked() {
    String te = header("Transfer-Encoding");
    return te != null && te.toLowerCase(Locale.ROOT).contains("chunked");
  }

  /** How many data chunks were read so far. */
  public int chunksRead() {
    return chunks;
  }

  /**
   * Reads the next HTTP chunk and returns the single RecordIO record it must hold.
   *
   * @return the record's payload, or null at the last (zero-length) chunk
   * @throws AssertionError if the chunk is not exactly one whole record
   * @throws IOException on a broken stream or a read timeout
   */
  public String nextRecord() throws IOException {
    byte[] chunk = nextChunk();
    if (chunk == null) {
      return null;
    }
    int lf = -1;
    for (int i = 0; i < chunk.length; i++) {
      if (chunk[i] == '\n') {
        lf = i;
        break;
      }
      if (chunk[i] < '0' || chunk[i] > '9') {
        break;
      }
    }
    String shown = new String(chunk, StandardCharsets.UTF_8);
    if (lf <= 0) {
      throw new AssertionError(
          "chunk " + chunks + " does not start with a RecordIO length: " + abbreviate(shown));
    }
    long length = Long.parseLong(new String(chunk, 0, lf, StandardCharsets.US_ASCII));
    long rest = chunk.length - lf - 1L;
    if (rest != length) {
      throw new AssertionError(
          "chunk "
              + chunks
              + " is not exactly one record: the record says "
              + length
              + " bytes, the chunk carries "
              + rest
              + " after the length line: "
              + abbreviate(shown));
    }
    return new String(chunk, lf + 1, (int) length, StandardCharsets.UTF_8);
  }

  /** The next chunk's data, or null at the last chunk. */
  public byte[] nextChunk() throws IOException {
    if (!isChunked()) {
      throw new IllegalStateException("response is not chunked: " + headers);
    }
    String sizeLine = readLine(in);
    int semicolon = sizeLine.indexOf(';');
    String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim();
    int size = Integer.parseInt(hex, 16);
    if (size == 0) {
      return null;
    }
    byte[] data = in.readNBytes(size);
    if (data.length < size) {
      throw new EOFException("stream ended inside chunk " + (chunks + 1));
    }
    if (!readLine(in).isEmpty()) {
      throw new IOException("chunk " + (chunks + 1) + " is not followed by CRLF");
    }
    chunks++;
    return data;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new EOFException("connection closed after: " + line.toString(StandardCharsets.UTF_8));
      }
      if (line.size() > 16 * 1024) {
        throw new IOException("line too long");
      }
      line.write(b);
    }
    String s = line.toString(StandardCharsets.ISO_8859_1);
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }

  private static String abbreviate(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "…" : s;
  }
}
