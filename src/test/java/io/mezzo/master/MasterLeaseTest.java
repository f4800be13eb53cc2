package io.mezzo.master;

import static io.mezzo.master.MasterHarness.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.mezzo.api.v1.Offer;
import io.mezzo.api.v1.scheduler.Event;
import io.mezzo.master.election.Lease;
import io.mezzo.master.election.Term;
import io.mezzo.master.state.InMemoryStateStore;
import io.mezzo.master.state.StateStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * An elected master acts only while its lease is valid: once it is not, every call answers 503,
 * nothing is launched, offered, sent or written, and the master steps down once.
 */
class MasterLeaseTest {
  private final AtomicBoolean valid = new AtomicBoolean(true);
  private final List<String> steppedDown = new CopyOnWriteArrayList<>();
  private final Term term = new Term(valid::get, steppedDown::add);

  @Test
  void aMasterWhoseLeaseRanOutAnswersNothingAsLeaderAndLaunchesNothing() {
    try (MasterHarness h = new MasterHarness(term)) {
      MasterHarness.Ag agent = h.registerAgent("cpus:4;mem:1024");
      MasterHarness.Fw fw = h.subscribe("paused");
      h.allocate();
      Offer offer = fw.lastOffer();
      assertThat(h.master.isRecovered()).isTrue();
      int offers = fw.offers().size();
      int heartbeats = fw.stream.ofType(Event.Type.HEARTBEAT).size();

      valid.set(false);

      assertThat(h.master.isRecovered()).as("readiness and leader routes ask this").isFalse();
      assertThat(h.master.notLeadingReason()).isEqualTo(Lease.LOST_MESSAGE);
      CallResult accept = fw.launch(offer, task("t1", offer, 1, 64));
      assertThat(accept.status()).isEqualTo(503);
      assertThat(accept.message()).isEqualTo(Lease.LOST_MESSAGE);
      assertThat(agent.launched()).as("no task launched").isEmpty();
      assertThat(agent.heartbeat().status()).isEqualTo(503);
      assertThat(
              MasterHarness.get(
                      h.master.operatorCall(
                          io.mezzo.api.v1.master.Call.of(
                              io.mezzo.api.v1.master.Call.Type.GET_STATE)))
                  .status())
          .isEqualTo(503);
      h.advance(Duration.ofSeconds(20)); // allocation, health and heartbeat loops come round
      assertThat(fw.offers()).as("no offer made").hasSize(offers);
      assertThat(fw.stream.ofType(Event.Type.HEARTBEAT)).hasSize(heartbeats);
      assertThat(steppedDown).as("told the node once").hasSize(1);
    }
  }

  @Test
  void aFencedRegistryWriteAnswers503AndStepsDown() {
    StateStore store = new InMemoryStateStore();
    try (MasterHarness deposed = new MasterHarness(store, MasterConfig.defaults(), term)) {
      // A newer leader recovers the same registry, claiming it: the old one's next write fails.
      try (MasterHarness successor = new MasterHarness(store)) {
        CallResult r =
            MasterHarness.get(
                deposed.master.subscribe(
                    io.mezzo.api.v1.scheduler.Call.subscribe(
                        io.mezzo.api.v1.FrameworkInfo.builder().user("u").name("late").build()),
                    new RecordingFrameworkStream()));
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.message()).contains("lost leadership");
        assertThat(steppedDown).singleElement().asString().contains("fenced");
        assertThat(deposed.master.isRecovered()).isFalse();
        assertThat(successor.master.isRecovered()).isTrue();
      }
    }
  }
}
