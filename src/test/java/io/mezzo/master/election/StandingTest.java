package io.mezzo.master.election;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a contender stands on one listing: the election's pure decision. */
class StandingTest {
  private static final long SESSION = 0x42L;

  @Test
  void lowestOwnNodeOfTheCurrentSessionLeads() {
    List<String> children = List.of("json.info_0000000003", "json.info_0000000001");
    assertThat(Standing.of(children, "json.info_0000000001", SESSION, SESSION))
        .isEqualTo(Standing.LEADING);
    assertThat(Standing.of(children, "json.info_0000000003", SESSION, SESSION))
        .isEqualTo(Standing.STANDBY);
  }

  @Test
  void neverLeadsOnANodeOfAnExpiredSession() {
    List<String> children = List.of("json.info_0000000001", "json.info_0000000002");
    assertThat(Standing.of(children, "json.info_0000000001", 0x41L, SESSION))
        .isEqualTo(Standing.STALE_SESSION);
    assertThat(Standing.of(children, "json.info_0000000001", 0, 0))
        .as("no session yet")
        .isEqualTo(Standing.STALE_SESSION);
  }

  @Test
  void aNodeNotListedIsGone() {
    List<String> children = List.of("json.info_0000000002");
    assertThat(Standing.of(children, "json.info_0000000001", SESSION, SESSION))
        .isEqualTo(Standing.NODE_GONE);
    assertThat(Standing.of(children, null, 0, SESSION)).isEqualTo(Standing.NODE_GONE);
  }

  @Test
  void otherChildrenAreNotContendersAndOrderIsNumeric() {
    List<String> children =
        List.of("log_replicas", "json.info_0000000010", "json.info_0000000009", "info_0000000001");
    assertThat(Standing.lowest(children)).hasValue("json.info_0000000009");
    assertThat(Standing.lowest(List.of("log_replicas"))).isEmpty();
  }
}
