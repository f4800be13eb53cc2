package io.mezzo.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * HTTP/1.1 by hand for the requests {@code java.net.http} cannot make observable: a body the server
 * may refuse before it is fully sent (413). A server can answer as soon as it sees {@code
 * Content-Length}, or after reading part of the body; either way the status line is read while a
 * second thread keeps sending, and a write that fails because the server closed is expected.
 */
public final class RawHttp {
  private RawHttp() {}

  /**
   * POSTs {@code size} bytes (a JSON string padded with spaces) with the given headers and returns
   * the status code of the answer.
   *
   * @throws IOException if the connection closes without a status line, or on timeout
   */
  public static int postOfSize(
      URI baseUrl, String path, Map<String, String> headers, int size, Duration timeout)
      throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(baseUrl.getHost(), baseUrl.getPort()), 10_000);
      socket.setSoTimeout((int) timeout.toMillis());
      StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\n");
      head.append("Host: ")
          .append(baseUrl.getHost())
          .append(':')
          .append(baseUrl.getPort())
          .append("\r\n");
      headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
      head.append("Content-Length: ").append(size).append("\r\n\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
      out.flush();

      Thread writer = new Thread(() -> writeBody(out, size), "raw-http-body");
      writer.setDaemon(true);
      writer.start();

      InputStream in = new BufferedInputStream(socket.getInputStream());
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b < 0) {
          throw new IOException("connection closed before a status line");
        }
        line.write(b);
      }
      String status = line.toString(StandardCharsets.ISO_8859_1).trim();
      String[] parts = status.split(" ", 3);
      return Integer.parseInt(parts[1]);
    }
  }

  /** Writes {@code {"type":"UNKNOWN","pad":"<spaces>"}} of exactly {@code size} bytes. */
  private static void writeBody(OutputStream out, int size) {
    byte[] open = "{\"type\":\"UNKNOWN\",\"pad\":\"".getBytes(StandardCharsets.US_ASCII);
    byte[] close = "\"}".getBytes(StandardCharsets.US_ASCII);
    byte[] spaces = new byte[64 * 1024];
    Arrays.fill(spaces, (byte) ' ');
    try {
      out.write(open);
      int left = size - open.length - close.length;
      while (left > 0) {
        int n = Math.min(left, spaces.length);
        out.write(spaces, 0, n);
        left -= n;
      }
      out.write(close);
      out.flush();
    } catch (IOException expected) {
      // The server refused the body and closed the connection: that is the point.
    }
  }
}
