package io.mezzo.agent.containerizer.docker;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A small HTTP/1.1 client over a Unix domain socket (JDK 16+ {@code SocketChannel}), enough for the
 * Docker Engine API and podman's Docker-compatible service: one request per connection ({@code
 * Connection: close}), bodies framed by {@code Content-Length}, chunked, or the end of the stream.
 *
 * <p>Every call blocks its thread: callers run it on their own I/O threads. A deadline closes the
 * socket of a call that takes too long, which the blocked thread sees as an {@link IOException}.
 * Thread-safe: calls share nothing but the deadline timer.
 */
final class UnixSocketHttp implements AutoCloseable {
  private final Path socket;
  private final ScheduledExecutorService deadlines =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "engine-deadlines");
            t.setDaemon(true);
            return t;
          });

  UnixSocketHttp(Path socket) {
    this.socket = socket;
  }

  Path socket() {
    return socket;
  }

  /** A response whose body has been read whole. */
  record Response(int status, Map<String, String> headers, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** A response whose body is still being read; closing it closes the connection. */
  static final class Streaming implements AutoCloseable {
    final int status;
    final Map<String, String> headers;
    final InputStream body;
    private final SocketChannel channel;

    private Streaming(
        int status, Map<String, String> headers, InputStream body, SocketChannel channel) {
      this.status = status;
      this.headers = headers;
      this.body = body;
      this.channel = channel;
    }

    @Override
    public void close() {
      try {
        channel.close();
      } catch (IOException ignored) {
        // Closing an already broken connection.
      }
    }
  }

  /**
   * Sends a request and reads the whole response.
   *
   * @param timeout the whole exchange's deadline
   * @throws IOException if the engine cannot be reached, or the deadline passed
   */
  Response call(String method, String path, String contentType, byte[] body, Duration timeout)
      throws IOException {
    Streaming s = open(method, path, contentType, body);
    ScheduledFuture<?> deadline =
        deadlines.schedule(s::close, timeout.toMillis(), TimeUnit.MILLISECONDS);
    try (s) {
      return new Response(s.status, s.headers, s.body.readAllBytes());
    } catch (IOException e) {
      throw deadline.isDone()
          ? new IOException(method + " " + path + " took longer than " + timeout, e)
          : e;
    } finally {
      deadline.cancel(false);
    }
  }

  /**
   * Sends a request and returns as soon as the response headers arrived; the caller reads the body
   * for as long as it needs (e.g. followed logs) and closes it.
   */
  Streaming open(String method, String path, String contentType, byte[] body) throws IOException {
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      channel.connect(UnixDomainSocketAddress.of(socket));
      OutputStream out = Channels.newOutputStream(channel);
      StringBuilder head =
          new StringBuilder()
              .append(method)
              .append(' ')
              .append(path)
              .append(" HTTP/1.1\r\n")
              .append("Host: docker\r\n")
              .append("User-Agent: mezzo\r\n")
              .append("Connection: close\r\n");
      if (body != null) {
        head.append("Content-Type: ")
            .append(contentType)
            .append("\r\n")
            .append("Content-Length: ")
            .append(body.length)
            .append("\r\n");
      } else if (method.equals("POST")) {
        head.append("Content-Length: 0\r\n");
      }
      head.append("\r\n");
      out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
      if (body != null) {
        out.write(body);
      }
      out.flush();
      InputStream in = new java.io.BufferedInputStream(Channels.newInputStream(channel));
      String statusLine = readLine(in);
      String[] parts = statusLine.split(" ", 3);
      if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
        throw new IOException("not an HTTP response from " + socket + ": " + statusLine);
      }
      int status = Integer.parseInt(parts[1]);
      Map<String, String> headers = new LinkedHashMap<>();
      for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
        int colon = line.indexOf(':');
        if (colon > 0) {
          headers.put(
              line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
              line.substring(colon + 1).trim());
        }
      }
      InputStream framed;
      if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
        framed = new ChunkedInputStream(in);
      } else if (headers.containsKey("content-length")) {
        framed = new BoundedInputStream(in, Long.parseLong(headers.get("content-length")));
      } else {
        framed = in;
      }
      return new Streaming(status, headers, framed, channel);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new EOFException("connection closed in the middle of the response head");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() {
    deadlines.shutdownNow();
  }

  /** A body of known length. */
  private static final class BoundedInputStream extends InputStream {
    private final InputStream in;
    private long left;

    BoundedInputStream(InputStream in, long length) {
      this.in = in;
      this.left = length;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b = in.read();
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = in.read(buf, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }
  }

  /** A chunked body ({@code size CRLF data CRLF}, ended by a zero-size chunk). */
  private static final class ChunkedInputStream extends InputStream {
    private final InputStream in;
    private long left;
    private boolean done;

    ChunkedInputStream(InputStream in) {
      this.in = in;
    }

    private boolean nextChunk() throws IOException {
      if (done) {
        return false;
      }
      if (left == 0) {
        String size = readLine(in);
        if (size.isEmpty()) {
          size = readLine(in); // the CRLF that ends the previous chunk
        }
        int semi = size.indexOf(';');
        left = Long.parseLong((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
        if (left == 0) {
          done = true;
          return false;
        }
      }
      return true;
    }

    @Override
    public int read() throws IOException {
      if (!nextChunk()) {
        return -1;
      }
      int b = in.read();
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      if (!nextChunk()) {
        return -1;
      }
      int n = in.read(buf, off, (int) Math.min(len, left));
      if (n < 0) {
        throw new EOFException("connection closed in the middle of a chunk");
      }
      left -= n;
      return n;
    }
  }
}
