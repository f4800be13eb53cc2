package io.mezzo.agent.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.v1.CheckInfo;
import io.mezzo.api.v1.CheckStatusInfo;
import io.mezzo.core.time.ManualTimers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckRunnerTest {
  private final ManualTimers timers = new ManualTimers();
  private final ScriptedProbe probe = new ScriptedProbe();
  private final List<CheckStatusInfo> reported = new ArrayList<>();

  private CheckRunner runner(CheckInfo.Type type) {
    CheckInfo check = new CheckInfo(type, null, null, null, 0.5, 1.0, 0.25);
    return new CheckRunner(check, probe, timers, Runnable::run, reported::add);
  }

  @Test
  void commandResultsAreReportedWhenTheExitCodeChanges() {
    probe.then(
        ProbeResult.exited(0, ""),
        ProbeResult.exited(0, ""),
        ProbeResult.exited(3, ""),
        ProbeResult.exited(3, ""),
        ProbeResult.exited(0, ""));
    runner(CheckInfo.Type.COMMAND).start();
    timers.advance(Duration.ofMillis(4500));
    assertThat(reported).extracting(s -> s.command().exitCode()).containsExactly(0, 3, 0);
    assertThat(reported).allMatch(s -> s.type() == CheckInfo.Type.COMMAND && s.http() == null);
  }

  @Test
  void aTimedOutCheckReportsAnEmptyBodyAndNeverStopsChecking() {
    probe.then(
        ProbeResult.answered(200, true, ""),
        ScriptedProbe.HANG,
        ProbeResult.answered(200, true, ""));
    runner(CheckInfo.Type.HTTP).start();
    timers.advance(Duration.ofSeconds(4));
    assertThat(reported).extracting(s -> s.http().statusCode()).containsExactly(200, null, 200);
    assertThat(probe.runs).isGreaterThanOrEqualTo(4);
  }

  @Test
  void aFirstProbeWithoutAnswerIsNoChangeFromNoResultYet() {
    probe.then(ScriptedProbe.HANG, ProbeResult.exited(0, ""));
    runner(CheckInfo.Type.COMMAND).start();
    timers.advance(Duration.ofMillis(1000));
    assertThat(reported).isEmpty();
    timers.advance(Duration.ofMillis(1000));
    assertThat(reported).extracting(s -> s.command().exitCode()).containsExactly(0);
  }

  @Test
  void tcpReportsWhetherItConnected() {
    probe.then(ProbeResult.connected(false, ""), ProbeResult.connected(true, ""));
    runner(CheckInfo.Type.TCP).start();
    timers.advance(Duration.ofMillis(1600));
    assertThat(reported).extracting(s -> s.tcp().succeeded()).containsExactly(false, true);
  }
}
