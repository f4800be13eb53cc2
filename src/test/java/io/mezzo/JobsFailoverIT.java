package io.mezzo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mezzo.testing.ChronosHttp;
import io.mezzo.testing.ChronosHttp.TaskStat;
import io.mezzo.testing.MezzoProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A scheduled job survives the death of the leading master: two masters in a real ZooKeeper and one
 * agent; a job with slots three seconds apart; after its second run the leader is killed (SIGKILL,
 * after a seeded extra delay so a failing seed replays the same moment), and the other master takes
 * over the framework from the state store and carries on. In the end no slot ran twice and none was
 * lost: every slot is either in the history exactly once or counted as skipped (missed by more than
 * {@code epsilon} while no master led), every slot due while a leader was up ran, and the agent
 * made one sandbox per slot.
 *
 * <p>The seed is {@code -Dmezzo.it.seed} (default 11); it is printed in every failure message.
 */
class JobsFailoverIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final Duration POLL = Duration.ofMillis(300);
  private static final Duration PERIOD = Duration.ofSeconds(3);
  private static final String JOB = "every3s";

  private final List<MezzoProcess> nodes = new ArrayList<>();
  private TestingServer zk;

  @AfterEach
  void stop() throws Exception {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      nodes.get(i).close();
    }
    if (zk != null) {
      zk.close();
    }
  }

  @Test
  void aJobCarriesOnOnTheStandbyWithEachSlotAtMostOnceAndNoneLost() throws Exception {
    Outcome o = failover(6, "PT30S", Duration.ZERO);
    assertThat(o.runs() + o.skipped()).as(o.why()).isEqualTo(6);
  }

  @Test
  void slotsMissedWhileNoMasterLeadsAreSkippedAndCountedAndTheRestRun() throws Exception {
    // The second master starts only 3 s after the leader died, so for several seconds nobody
    // leads: slots missed by more than the 2 s epsilon are skipped, the later ones run.
    Outcome o = failover(8, "PT2S", Duration.ofSeconds(3));
    assertThat(o.runs() + o.skipped()).as(o.why()).isEqualTo(8);
    assertThat(o.skipped()).as("a slot fell in the leaderless gap, %s", o.why()).isPositive();
  }

  /** What a failover scenario ended with, once every slot has run or been skipped. */
  private record Outcome(long runs, long skipped, String why) {}

  /**
   * Runs a job of {@code slots} slots, kills the leader after its second run and lets the other
   * master lead — already running as a standby, or started {@code standbyLate} after the kill —
   * then checks every invariant that holds whatever the timing.
   */
  private Outcome failover(int slots, String epsilon, Duration standbyLate) throws Exception {
    long seed = Long.getLong("mezzo.it.seed", 11L);
    Random random = new Random(seed);
    zk = new TestingServer(true);
    Map<String, String> ha = new HashMap<>();
    ha.put("mezzo.zk", "zk://" + zk.getConnectString() + "/mezzo");
    ha.put("mezzo.zk-session-timeout", "3S");
    ha.put("mezzo.master.agent-ping-timeout", "1S");
    ha.put("mezzo.master.max-agent-ping-timeouts", "3");
    MezzoProcess first = node(MezzoProcess.start("jobs-master-1", "master", ha));
    int secondPort = MezzoProcess.freePort();
    Map<String, String> secondConfig = new HashMap<>(ha);
    secondConfig.put("quarkus.http.port", Integer.toString(secondPort));
    MezzoProcess second =
        standbyLate.isZero()
            ? node(MezzoProcess.startUnready("jobs-master-2", "master", secondConfig))
            : null;
    MezzoProcess agent =
        node(
            MezzoProcess.start(
                "jobs-agent",
                "agent",
                Map.of(
                    "mezzo.master",
                    first.baseUrl() + ",http://127.0.0.1:" + secondPort,
                    "mezzo.agent.resources",
                    MezzoProcess.AGENT_RESOURCES,
                    "mezzo.agent.registration-backoff-max",
                    "1S",
                    "mezzo.agent.master-silence-timeout",
                    "5S")));
    ChronosHttp leader = new ChronosHttp(first.baseUrl());
    await("the jobs framework serves on the leader")
        .atMost(TIMEOUT)
        .pollInterval(POLL)
        .ignoreExceptions()
        .until(() -> leader.get("/scheduler/jobs").status() == 200);

    Instant start = Instant.now().plusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
    List<Instant> due = new ArrayList<>();
    for (int k = 0; k < slots; k++) {
      due.add(start.plus(PERIOD.multipliedBy(k)));
    }
    leader.add(
        """
        {"name":"%s","command":"sleep 0.5","schedule":"R%d/%s/PT3S","epsilon":"%s",
         "cpus":0.1,"mem":32,"disk":0,"retries":0}"""
            .formatted(JOB, slots, start, epsilon));
    await("two runs on the first leader")
        .atMost(TIMEOUT)
        .pollInterval(POLL)
        .until(() -> leader.successes(JOB) >= 2);
    pause(Duration.ofMillis(random.nextInt(1500)));
    first.crash();
    Instant crashed = Instant.now();
    if (second == null) {
      pause(standbyLate);
      second = node(MezzoProcess.start("jobs-master-2", "master", secondConfig));
    }

    ChronosHttp next = new ChronosHttp(second.baseUrl());
    await("the other master leads and serves the job")
        .atMost(TIMEOUT)
        .pollInterval(POLL)
        .ignoreExceptions()
        .until(() -> next.job(JOB).isPresent());
    Instant serving = Instant.now();
    await("every slot of the job ran or was skipped")
        .atMost(TIMEOUT)
        .pollInterval(POLL)
        .ignoreExceptions()
        .until(() -> next.successes(JOB) + next.skipped(JOB) >= slots);

    long runs = next.successes(JOB);
    long skipped = next.skipped(JOB);
    List<TaskStat> history = next.history(JOB);
    String why =
        ("runs %d, skipped %d, tasks %s, crash %s, new leader serving %s,"
                + " seed %d (-Dmezzo.it.seed=%d replays it)")
            .formatted(runs, skipped, taskIds(history), crashed, serving, seed, seed);
    assertThat(next.errors(JOB)).as(why).isZero();
    List<Instant> ran = history.stream().map(TaskStat::slot).toList();
    Set<Instant> distinct = new TreeSet<>(ran);
    assertThat(ran).as("each slot at most once, %s", why).hasSize(distinct.size());
    assertThat(ran).as("runs are of the job's slots, %s", why).allMatch(due::contains);
    assertThat(ran).as("every run is in the history, %s", why).hasSize((int) runs);
    for (Instant slot : due) {
      boolean dueWhileFirstLed = slot.isBefore(crashed.minusMillis(500));
      boolean dueWhileSecondLed = slot.isAfter(serving.plusSeconds(2));
      if (dueWhileFirstLed || dueWhileSecondLed) {
        assertThat(distinct).as("slot %s was due while a leader ran, %s", slot, why).contains(slot);
      }
    }

    // The agent's own record: one sandbox run directory per task launched. A slot relaunched by
    // the new leader (a claimed run launched twice) would show as a second directory.
    Map<Instant, Integer> launched = new TreeMap<>();
    sandboxRuns(agent).forEach(taskId -> launched.merge(slotOf(taskId), 1, Integer::sum));
    assertThat(launched)
        .as("sandboxes per slot on the agent, %s", why)
        .allSatisfy((slot, count) -> assertThat(count).isEqualTo(1));
    assertThat(launched.keySet()).as("what the agent ran, %s", why).isEqualTo(distinct);
    return new Outcome(runs, skipped, why);
  }

  private MezzoProcess node(MezzoProcess p) {
    nodes.add(p);
    return p;
  }

  /** Lets real time pass (the kill's seeded moment, a leaderless gap) without Thread.sleep. */
  private static void pause(Duration d) {
    await("a pause of " + d).pollDelay(d).atMost(d.plusSeconds(5)).until(() -> true);
  }

  /** The task ids of every sandbox run directory the agent made for the job. */
  private static List<String> sandboxRuns(MezzoProcess agent) throws IOException {
    Path slaves = agent.workDir().resolve("agent/slaves");
    try (Stream<Path> all = Files.walk(slaves)) {
      // .../executors/<task id>/runs/<container id>; runs/latest is a link to one of them.
      return all.filter(p -> !Files.isSymbolicLink(p) && Files.isDirectory(p))
          .filter(p -> p.getParent().getFileName().toString().equals("runs"))
          .map(p -> p.getParent().getParent().getFileName().toString())
          .filter(id -> id.startsWith("ct:") && id.endsWith(":" + JOB + ":"))
          .toList();
    }
  }

  private static Instant slotOf(String taskId) {
    return Instant.ofEpochMilli(Long.parseLong(taskId.split(":")[1]));
  }

  private static List<String> taskIds(List<TaskStat> history) {
    return history.stream().map(TaskStat::taskId).toList();
  }
}
