package io.mezzo.core.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mezzo.core.resources.ResourceValue.Scalar;
import java.util.List;
import org.junit.jupiter.api.Test;

class VolumesTest {
  private static final ReservationStack ENG_ALICE =
      ReservationStack.of(List.of(Reservation.dynamic("eng", "alice")));
  private static final PersistentVolume DATA = new PersistentVolume("data", "alice", "data", false);

  private static Resources disk(double mb, ReservationStack stack, PersistentVolume v) {
    return Resources.builder()
        .add(new ResourceKey(ResourceKey.DISK, stack, v), Scalar.of(mb))
        .build();
  }

  private static final Resources POOL =
      Resources.parse("cpus:2;disk:100").plus(disk(512, ENG_ALICE, null));

  @Test
  void createTurnsReservedDiskIntoAVolumeOfTheSameSize() {
    Resources after = Volumes.create(POOL, POOL, disk(256, ENG_ALICE, DATA));
    // 512 reserved - 256 made a volume = 256 reserved left; the volume is its own entry.
    assertThat(after.get(new ResourceKey("disk", ENG_ALICE))).contains(Scalar.of(256));
    assertThat(after.get(new ResourceKey("disk", ENG_ALICE, DATA))).contains(Scalar.of(256));
    assertThat(after.scalar("disk")).isEqualTo(100 + 512);
    assertThat(after.keyAt(after.size() - 1).toString())
        .isEqualTo("disk(reservations: [(DYNAMIC,eng,alice)])[data:data]");
  }

  @Test
  void createRefusesUnreservedDiskTakenIdsAndMoreThanThePoolHolds() {
    assertThatThrownBy(() -> new ResourceKey("disk", ReservationStack.unreserved(), DATA))
        .hasMessageContaining("unreserved disk");
    assertThatThrownBy(() -> new ResourceKey("cpus", ENG_ALICE, DATA))
        .hasMessageContaining("only disk");
    Resources withVolume = Volumes.create(POOL, POOL, disk(256, ENG_ALICE, DATA));
    PersistentVolume sameId = new PersistentVolume("data", "alice", "other", false);
    assertThatThrownBy(() -> Volumes.create(withVolume, withVolume, disk(1, ENG_ALICE, sameId)))
        .hasMessageContaining("persistence id 'data' is already used");
    assertThatThrownBy(() -> Volumes.create(POOL, POOL, disk(1024, ENG_ALICE, DATA)))
        .hasMessageContaining("is not in");
    assertThatThrownBy(() -> Volumes.create(POOL, POOL, disk(10, ENG_ALICE, null)))
        .hasMessageContaining("is not a persistent volume");
  }

  @Test
  void destroyNeedsTheWholeVolumeInThePool() {
    Resources withVolume = Volumes.create(POOL, POOL, disk(256, ENG_ALICE, DATA));
    assertThat(Volumes.destroy(withVolume, disk(256, ENG_ALICE, DATA))).isEqualTo(POOL);
    assertThatThrownBy(() -> Volumes.destroy(withVolume, disk(128, ENG_ALICE, DATA)))
        .hasMessageContaining("name it whole");
    // In use by a task: the volume is not in the pool at all.
    assertThatThrownBy(() -> Volumes.destroy(POOL, disk(256, ENG_ALICE, DATA)))
        .hasMessageContaining("in use by a task");
  }

  @Test
  void growAndShrinkMoveReservedDiskInAndOut() {
    Resources withVolume = Volumes.create(POOL, POOL, disk(256, ENG_ALICE, DATA));
    Resources grown =
        Volumes.grow(withVolume, disk(256, ENG_ALICE, DATA), disk(200, ENG_ALICE, null));
    // 256 + 200 = 456 volume; 256 - 200 = 56 reserved disk left.
    assertThat(grown.get(new ResourceKey("disk", ENG_ALICE, DATA))).contains(Scalar.of(456));
    assertThat(grown.get(new ResourceKey("disk", ENG_ALICE))).contains(Scalar.of(56));
    Resources shrunk = Volumes.shrink(grown, disk(456, ENG_ALICE, DATA), 400);
    assertThat(shrunk.get(new ResourceKey("disk", ENG_ALICE, DATA))).contains(Scalar.of(56));
    assertThat(shrunk.get(new ResourceKey("disk", ENG_ALICE))).contains(Scalar.of(456));
    assertThatThrownBy(() -> Volumes.shrink(grown, disk(456, ENG_ALICE, DATA), 456))
        .hasMessageContaining("less than the volume's");
    assertThatThrownBy(
            () -> Volumes.grow(withVolume, disk(256, ENG_ALICE, DATA), Resources.parse("disk:5")))
        .hasMessageContaining("must be disk with the volume's reservations");
  }

  @Test
  void aTaskUsesAVolumeWholeOrNotAtAll() {
    Resources withVolume = Volumes.create(POOL, POOL, disk(256, ENG_ALICE, DATA));
    assertThat(Volumes.partialUse(withVolume, disk(256, ENG_ALICE, DATA))).isNull();
    assertThat(Volumes.partialUse(withVolume, disk(100, ENG_ALICE, DATA))).contains("used whole");
  }

  @Test
  void checkpointedVolumesApplyBackOntoStaticResources() {
    Resources statics = Resources.parse("cpus:2;disk:612");
    Resources reserved = Reservations.reserve(statics, disk(512, ENG_ALICE, null));
    Resources total = Volumes.create(reserved, reserved, disk(256, ENG_ALICE, DATA));
    Resources checkpoint = Reservations.checkpointed(total);
    assertThat(Reservations.applyCheckpointed(statics, checkpoint)).isEqualTo(total);
  }

  @Test
  void volumesAreNeverUnreservedWhileTheyExist() {
    assertThatThrownBy(() -> Reservations.counterpart(disk(256, ENG_ALICE, DATA)))
        .hasMessageContaining("persistent volume");
  }

  @Test
  void idsAndPathsMustStayInsideTheirDirectories() {
    assertThatThrownBy(() -> new PersistentVolume("a/b", null, "x", false))
        .hasMessageContaining("invalid character");
    assertThatThrownBy(() -> new PersistentVolume("..", null, "x", false))
        .hasMessageContaining("not a valid name");
    assertThatThrownBy(() -> new PersistentVolume("v", null, "/abs", false))
        .hasMessageContaining("relative");
    assertThatThrownBy(() -> new PersistentVolume("v", null, "a/../../etc", false))
        .hasMessageContaining("'..'");
  }
}
