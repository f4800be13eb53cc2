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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 exchange over its own socket, with every byte under the caller's control: any method
 * name, duplicated or missing headers, bodies that are not what their headers claim, chunked
 * bodies. {@code java.net.http} refuses to send most of that. The request always carries {@code
 * Connection: close}; the body is written by a second thread so a server that answers before
 * reading it all (413) is still heard.
 *
 * <p>A {@code 200} with a chunked body is taken to be a subscription stream: its status and headers
 * are returned, the body is not read, and the connection is closed (which ends the subscription).
 */
public final class RawExchange {
  private static final int MAX_BODY = 1 << 20;

  private RawExchange() {}

  /**
   * A request. {@code headers} are written in order, as given (names may repeat).
   *
   * @param chunked send the body with {@code Transfer-Encoding: chunked} instead of Content-Length
   */
  public record Request(
      String method,
      String path,
      List<Map.Entry<String, String>> headers,
      byte[] body,
      boolean chunked) {
    public Request {
      headers = List.copyOf(headers);
      body = body == null ? new byte[0] : body;
    }
  }

  /** The answer; {@code headers} have lower-case names. {@code stream} is set for a 200 stream. */
  public record Answer(int status, Map<String, String> headers, byte[] body, boolean stream) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /**
   * Sends {@code request} to {@code base} and reads the answer.
   *
   * @throws IOException if the server closes or stalls before answering completely ({@code timeout}
   *     bounds every read)
   */
  public static Answer exchange(URI base, Request request, Duration timeout) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(base.getHost(), base.getPort()), (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      StringBuilder head =
          new StringBuilder(request.method())
              .append(' ')
              .append(request.path())
              .append(" HTTP/1.1\r\n");
      head.append("Host: ")
          .append(base.getHost())
          .append(':')
          .append(base.getPort())
          .append("\r\n");
      for (Map.Entry<String, String> h : request.headers()) {
        head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
      }
      head.append("Connection: close\r\n");
      if (request.chunked()) {
        head.append("Transfer-Encoding: chunked\r\n");
      } else if (request.body().length > 0 || request.method().equals("POST")) {
        head.append("Content-Length: ").append(request.body().length).append("\r\n");
      }
      head.append("\r\n");
      OutputStream out = socket.getOutputStream();
      // ISO-8859-1 keeps any char < 256 a single byte, so header values can carry odd bytes.
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      Thread writer = new Thread(() -> writeBody(out, request), "raw-exchange-body");
      writer.setDaemon(true);
      writer.start();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      while (true) {
        String statusLine = line(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
          throw new IOException("not an HTTP status line: '" + statusLine + "'");
        }
        int status = Integer.parseInt(parts[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(in); !l.isEmpty(); l = line(in)) {
          int colon = l.indexOf(':');
          if (colon > 0) {
            headers.merge(
                l.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                l.substring(colon + 1).trim(),
                (a, b) -> a + ", " + b);
          }
        }
        if (status >= 100 && status < 200) {
          continue; // 100 Continue: the real answer follows
        }
        boolean chunked =
            headers
                .getOrDefault("transfer-encoding", "")
                .toLowerCase(Locale.ROOT)
                .contains("chunked");
        if (request.method().equals("HEAD") || status == 204 || status == 304) {
          return new Answer(status, headers, new byte[0], false);
        }
        if (chunked && status == 200) {
          return new Answer(status, headers, new byte[0], true);
        }
        byte[] body;
        if (chunked) {
          body = readChunked(in);
        } else if (headers.containsKey("content-length")) {
          long length = Long.parseLong(headers.get("content-length"));
          if (length > MAX_BODY) {
            throw new IOException("answer body of " + length + " bytes");
          }
          body = in.readNBytes((int) length);
          if (body.length < length) {
            throw new EOFException(
                "answer body ended after " + body.length + " of " + length + " bytes");
          }
        } else {
          body = in.readNBytes(MAX_BODY); // until the server closes
        }
        return new Answer(status, headers, body, false);
      }
    }
  }

  private static void writeBody(OutputStream out, Request request) {
    try {
      byte[] body = request.body();
      if (request.chunked()) {
        int at = 0;
        int size = 7;
        while (at < body.length) {
          int n = Math.min(size, body.length - at);
          out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(body, at, n);
          out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
          at += n;
          size = size * 3 + 1;
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      } else {
        for (int at = 0; at < body.length; at += 64 * 1024) {
          out.write(body, at, Math.min(64 * 1024, body.length - at));
        }
      }
      out.flush();
    } catch (IOException expected) {
      // The server answered and closed before taking the whole body (413): that is its right.
    }
  }

  private static byte[] readChunked(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = line(in);
      int semi = sizeLine.indexOf(';');
      int size = Integer.parseInt((semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim(), 16);
      if (size == 0) {
        for (String l = line(in); !l.isEmpty(); l = line(in)) {
          // trailers: none expected, skipped
        }
        return body.toByteArray();
      }
      if (body.size() + size > MAX_BODY) {
        throw new IOException("chunked answer body over " + MAX_BODY + " bytes");
      }
      byte[] chunk = in.readNBytes(size);
      if (chunk.length < size) {
        throw new EOFException("chunked answer ended inside a chunk");
      }
      body.write(chunk);
      line(in);
    }
  }

  /** One CRLF-terminated line (the CR optional), as ISO-8859-1. */
  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new EOFException(
            "connection closed " + (buf.size() == 0 ? "before an answer" : "inside a line"));
      }
      if (buf.size() > 64 * 1024) {
        throw new IOException("answer line over 64 KiB");
      }
      buf.write(b);
    }
    String s = buf.toString(StandardCharsets.ISO_8859_1);
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }

  /** A header list builder, for callers that write requests by hand. */
  public static List<Map.Entry<String, String>> headers(String... namesAndValues) {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
      out.add(Map.entry(namesAndValues[i], namesAndValues[i + 1]));
    }
    return out;
  }
}
