package io.mezzo.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The load generator's pure parts. In the bench source set, so it runs only under {@code -Pbench}
 * (see docs/benchmarks.md), never in the default build.
 */
class LoadGenUnitTest {
  @Test
  void recordIoRecordsSplitAnywhereAreReassembled() {
    byte[] stream =
        concat(
            RecordIoDecoder.frame("{\"a\":1}".getBytes(StandardCharsets.UTF_8)),
            RecordIoDecoder.frame(new byte[0]),
            RecordIoDecoder.frame("hello world".getBytes(StandardCharsets.UTF_8)));
    for (int chunk = 1; chunk <= stream.length; chunk++) {
      List<String> got = new ArrayList<>();
      RecordIoDecoder d =
          new RecordIoDecoder(r -> got.add(new String(r, StandardCharsets.UTF_8)), 1024);
      for (int i = 0; i < stream.length; i += chunk) {
        byte[] part = new byte[Math.min(chunk, stream.length - i)];
        System.arraycopy(stream, i, part, 0, part.length);
        d.feed(part);
      }
      assertThat(got).as("chunks of %d", chunk).containsExactly("{\"a\":1}", "", "hello world");
    }
  }

  @Test
  void recordIoRefusesGarbageAndOversizedRecords() {
    RecordIoDecoder d = new RecordIoDecoder(r -> {}, 10);
    assertThatThrownBy(() -> d.feed("x\n".getBytes(StandardCharsets.US_ASCII)))
        .hasMessageContaining("not a RecordIO length");
    RecordIoDecoder small = new RecordIoDecoder(r -> {}, 10);
    assertThatThrownBy(() -> small.feed("11\n".getBytes(StandardCharsets.US_ASCII)))
        .hasMessageContaining("over the limit");
  }

  @Test
  void percentilesAreNearestRank() {
    Samples s = new Samples();
    for (int i = 100; i >= 1; i--) {
      s.add(i);
    }
    assertThat(s.percentile(50)).isEqualTo(50);
    assertThat(s.percentile(99)).isEqualTo(99);
    assertThat(s.max()).isEqualTo(100);
    assertThat(s.size()).isEqualTo(100);
    assertThatThrownBy(() -> new Samples().percentile(50)).hasMessageContaining("no samples");
  }

  @Test
  void cpuSecondsAreUserPlusSystemTicks() {
    // A command name with spaces and a parenthesis, as /proc allows.
    String stat =
        "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 130 7 9 20 0 40 0 1 2 3";
    assertThat(ProcStat.cpuSecondsOf(stat)).isEqualTo(3.8);
    assertThatThrownBy(() -> ProcStat.cpuSecondsOf("garbage"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void heapFigureIsReadFromJcmd() {
    String info =
        "12345:\n garbage-first heap   total 4194304K, used 123456K [0x0000000700000000, 0x0000000800000000)\n"
            + "  region size 2048K, 3 young (6144K), 0 survivors (0K)\n";
    assertThat(MasterUnderTest.heapUsedKib(info)).isEqualTo(123456);
  }

  @Test
  void optionsRefuseUnknownAndRepeatedKeys() {
    assertThat(Options.parse(List.of("agents=7")).integer("agents")).isEqualTo(7);
    assertThatThrownBy(() -> Options.parse(List.of("agnets=7")))
        .hasMessageContaining("unknown option 'agnets'");
    assertThatThrownBy(() -> Options.parse(List.of("agents=1", "agents=2")))
        .hasMessageContaining("twice");
    assertThatThrownBy(() -> Options.parse(List.of("agents"))).hasMessageContaining("key=value");
    assertThatThrownBy(() -> Options.parse(List.of("agents=x")).integer("agents"))
        .hasMessageContaining("whole number");
  }

  @Test
  void unknownScenarioExitsWithUsage() {
    assertThat(LoadGenerator.run(new String[] {"nope"})).isEqualTo(2);
    assertThat(LoadGenerator.run(new String[] {"e2e", "bad"})).isEqualTo(2);
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
