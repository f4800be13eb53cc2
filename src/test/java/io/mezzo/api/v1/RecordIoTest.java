package io.mezzo.api.v1;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** RecordIO framing as MESOS-API.md §2.3 defines it, and a reader that survives real streams. */
class RecordIoTest {

  /** The wire example of MESOS-API.md §2.3, byte for byte. */
  private static final String DOC_WIRE_EXAMPLE =
      "139\n{\"type\":\"SUBSCRIBED\",\"subscribed\":{\"framework_id\":{\"value\":"
          + "\"7b1c0f4e-2d3a-4c5e-9f10-0a1b2c3d4e5f-0000\"},\"heartbeat_interval_seconds\":15.0}}"
          + "20\n{\"type\":\"HEARTBEAT\"}";

  @Test
  void frameIsDecimalLengthLineFeedPayloadAndNothingAfter() {
    assertThat(new String(RecordIo.frame("{\"type\":\"HEARTBEAT\"}".getBytes(UTF_8)), UTF_8))
        .isEqualTo("20\n{\"type\":\"HEARTBEAT\"}");
  }

  @Test
  void lengthCountsUtf8BytesNotCharacters() {
    String payload = "{\"message\":\"h\u00e9llo \u2713 \uD83D\uDE80\"}"; // é 2, ✓ 3, 🚀 4 bytes
    byte[] bytes = payload.getBytes(UTF_8);
    assertThat(bytes.length).isGreaterThan(payload.length());

    byte[] framed = RecordIo.frame(bytes);

    assertThat(new String(framed, 0, framed.length - bytes.length, US_ASCII))
        .isEqualTo(bytes.length + "\n");
  }

  @Test
  void readsTheDesignDocWireExample() throws IOException {
    List<String> records = readAll(new ByteArrayInputStream(DOC_WIRE_EXAMPLE.getBytes(UTF_8)));
    assertThat(records).hasSize(2);
    assertThat(records.get(0)).startsWith("{\"type\":\"SUBSCRIBED\"").hasSize(139);
    assertThat(records.get(1)).isEqualTo("{\"type\":\"HEARTBEAT\"}");
  }

  @Test
  void readsManyRecordsWhateverTheReadBoundaries() throws IOException {
    Random random = new Random(20240611L);
    List<String> sent = new ArrayList<>();
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    for (int i = 0; i < 200; i++) {
      StringBuilder sb = new StringBuilder("{\"i\":" + i + ",\"s\":\"");
      int len = random.nextInt(i % 10 == 0 ? 20_000 : 50);
      for (int j = 0; j < len; j++) {
        sb.append(random.nextInt(10) == 0 ? '\u00e9' : (char) ('a' + random.nextInt(26)));
      }
      String payload = sb.append("\"}").toString();
      sent.add(payload);
      wire.writeBytes(RecordIo.frame(payload.getBytes(UTF_8)));
    }
    byte[] bytes = wire.toByteArray();

    for (int maxRead : new int[] {1, 2, 3, 7, 100, 8191, Integer.MAX_VALUE}) {
      InputStream in = new ByteArrayInputStream(bytes);
      List<String> received = readAll(new ShortReads(in, maxRead, random));
      assertThat(received).as("reads of at most %d bytes", maxRead).isEqualTo(sent);
    }
  }

  @Test
  void cleanEndOfStreamBetweenRecordsIsNull() throws IOException {
    RecordIo.Reader reader = new RecordIo.Reader(new ByteArrayInputStream(new byte[0]));
    assertThat(reader.next()).isNull();
    assertThat(reader.next()).isNull();
  }

  @Test
  void blankLinesBetweenRecordsAreTolerated() throws IOException {
    String wire = "\n2\n{}\n\n2\n[]";
    assertThat(readAll(new ByteArrayInputStream(wire.getBytes(UTF_8)))).containsExactly("{}", "[]");
  }

  @Test
  void truncatedPayloadIsAnError() {
    RecordIo.Reader reader = reader("20\n{\"type\":\"HEART");
    assertThatThrownBy(reader::next)
        .isInstanceOf(EOFException.class)
        .hasMessageContaining("payload");
  }

  @Test
  void truncatedLengthIsAnError() throws IOException {
    RecordIo.Reader reader = reader("2\n{}13");
    assertThat(reader.next()).isEqualTo("{}".getBytes(UTF_8));
    assertThatThrownBy(reader::next)
        .isInstanceOf(EOFException.class)
        .hasMessageContaining("length");
  }

  @Test
  void hugeLengthIsRejectedBeforeAnythingIsAllocated() {
    RecordIo.Reader reader = reader((RecordIo.MAX_RECORD_BYTES + 1) + "\n{}");
    assertThatThrownBy(reader::next)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("longer than " + RecordIo.MAX_RECORD_BYTES);

    // Digits that would overflow a long are stopped by the same check, not wrapped around.
    RecordIo.Reader overflow = reader("99999999999999999999999999999\n{}");
    assertThatThrownBy(overflow::next).isInstanceOf(IOException.class);
  }

  @Test
  void aLengthThatIsNotDecimalIsAnError() {
    assertThatThrownBy(reader("0x14\n{}")::next)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("malformed");
    assertThatThrownBy(reader("-2\n{}")::next).isInstanceOf(IOException.class);
  }

  @Test
  void roundTripsAnEventWrittenByMesosJson() throws IOException {
    byte[] payload = MesosJson.write(io.mezzo.api.v1.scheduler.Event.heartbeat());
    RecordIo.Reader reader = new RecordIo.Reader(new ByteArrayInputStream(RecordIo.frame(payload)));
    assertThat(new String(reader.next(), UTF_8)).isEqualTo("{\"type\":\"HEARTBEAT\"}");
    assertThat(reader.next()).isNull();
  }

  private static RecordIo.Reader reader(String wire) {
    return new RecordIo.Reader(new ByteArrayInputStream(wire.getBytes(UTF_8)));
  }

  private static List<String> readAll(InputStream in) throws IOException {
    RecordIo.Reader reader = new RecordIo.Reader(in);
    List<String> out = new ArrayList<>();
    for (byte[] r = reader.next(); r != null; r = reader.next()) {
      out.add(new String(r, UTF_8));
    }
    return out;
  }

  /** Returns fewer bytes than asked, as a socket does, so records straddle reads. */
  private static final class ShortReads extends FilterInputStream {
    private final int maxRead;
    private final Random random;

    ShortReads(InputStream in, int maxRead, Random random) {
      super(in);
      this.maxRead = maxRead;
      this.random = random;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int limit = maxRead == Integer.MAX_VALUE ? len : 1 + random.nextInt(maxRead);
      return super.read(b, off, Math.min(len, limit));
    }
  }
}
