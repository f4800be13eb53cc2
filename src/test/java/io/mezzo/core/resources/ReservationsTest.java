package io.mezzo.core.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mezzo.core.resources.ResourceValue.Scalar;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReservationsTest {

  private static final ReservationStack ENG_ALICE =
      ReservationStack.of(List.of(Reservation.dynamic("eng", "alice")));

  private static Resources dyn(String name, double value, ReservationStack stack) {
    return Resources.builder().add(ResourceKey.of(name, stack), Scalar.of(value)).build();
  }

  @Test
  void keysWithDifferentStacksNeverMerge() {
    Resources sum =
        Resources.parse("cpus:1;cpus(eng):2")
            .plus(dyn("cpus", 3, ENG_ALICE))
            .plus(dyn("cpus", 1, ENG_ALICE));
    assertThat(sum.size()).isEqualTo(3);
    assertThat(sum.get(ResourceKey.of("cpus", ENG_ALICE))).contains(Scalar.of(4));
    assertThat(sum.get(ResourceKey.of("cpus", "eng"))).contains(Scalar.of(2));
    assertThat(sum.contains(dyn("cpus", 3, ReservationStack.ofStatic("eng")))).isFalse();
    assertThat(sum.minus(dyn("cpus", 4, ENG_ALICE))).hasToString("cpus:1;cpus(eng):2");
  }

  @Test
  void labelsAndPrincipalsAreIdentity() {
    ReservationStack labelled =
        ReservationStack.of(
            List.of(
                new Reservation(
                    Reservation.Type.DYNAMIC,
                    "eng",
                    "alice",
                    List.of(new Reservation.Label("k", "v")))));
    ReservationStack bob = ReservationStack.of(List.of(Reservation.dynamic("eng", "bob")));
    Resources r =
        dyn("cpus", 1, ENG_ALICE).plus(dyn("cpus", 1, labelled)).plus(dyn("cpus", 1, bob));
    assertThat(r.size()).isEqualTo(3);
    assertThat(r.scalar("cpus")).isEqualTo(3);
  }

  @Test
  void staticStacksAreInternedAndPrintAsBefore() {
    assertThat(ReservationStack.ofStatic("eng")).isSameAs(ReservationStack.ofStatic("eng"));
    assertThat(ResourceKey.of("cpus", "*").reservations()).isSameAs(ReservationStack.unreserved());
    assertThat(dyn("cpus", 2, ENG_ALICE))
        .hasToString("cpus(reservations: [(DYNAMIC,eng,alice)]):2");
  }

  @Test
  void reserveTakesTheCounterpartAndAddsTheReservation() {
    Resources pool = Resources.parse("cpus:4;mem:1024");
    Resources reserved = dyn("cpus", 1, ENG_ALICE);
    Resources after = Reservations.reserve(pool, reserved);
    assertThat(after.scalar("cpus")).isEqualTo(4);
    assertThat(after.unreserved()).hasToString("cpus:3;mem:1024");
    assertThat(after.reservedTo("eng")).isEqualTo(reserved);
    assertThat(Reservations.unreserve(after, reserved)).isEqualTo(pool);
  }

  @Test
  void refinementTakesFromTheReservationItRefines() {
    ReservationStack refined = ENG_ALICE.push(Reservation.dynamic("eng/ml", "alice"));
    Resources pool = Reservations.reserve(Resources.parse("cpus:4"), dyn("cpus", 2, ENG_ALICE));
    Resources after = Reservations.reserve(pool, dyn("cpus", 1, refined));
    assertThat(after.get(ResourceKey.of("cpus", ENG_ALICE))).contains(Scalar.of(1));
    assertThat(after.get(ResourceKey.of("cpus", refined))).contains(Scalar.of(1));
    assertThat(after.hasRefinedReservations()).isTrue();
    assertThat(after.withoutRefinedReservations().hasRefinedReservations()).isFalse();
  }

  @Test
  void reservingMoreThanThePoolHoldsIsRefused() {
    assertThatThrownBy(
            () -> Reservations.reserve(Resources.parse("cpus:1"), dyn("cpus", 2, ENG_ALICE)))
        .hasMessageContaining("Invalid RESERVE")
        .hasMessageContaining("is not in cpus:1");
  }

  @Test
  void reservingAStaticReservationIsRefused() {
    assertThatThrownBy(
            () -> Reservations.reserve(Resources.parse("cpus:1"), Resources.parse("cpus(eng):1")))
        .hasMessageContaining("is not dynamically reserved");
    assertThatThrownBy(
            () -> Reservations.reserve(Resources.parse("cpus:1"), Resources.parse("cpus:1")))
        .hasMessageContaining("has no reservation");
    assertThatThrownBy(() -> Reservations.reserve(Resources.parse("cpus:1"), Resources.empty()))
        .hasMessageContaining("Nothing to reserve");
  }

  @Test
  void unreservingWhatIsNotReservedIsRefused() {
    ReservationStack other = ReservationStack.of(List.of(Reservation.dynamic("ops", "alice")));
    Resources pool = Reservations.reserve(Resources.parse("cpus:2"), dyn("cpus", 1, ENG_ALICE));
    assertThatThrownBy(() -> Reservations.unreserve(pool, dyn("cpus", 1, other)))
        .hasMessageContaining("Invalid UNRESERVE");
    assertThatThrownBy(() -> Reservations.unreserve(pool, dyn("cpus", 2, ENG_ALICE)))
        .hasMessageContaining("is not reserved in");
    assertThatThrownBy(() -> Reservations.unreserve(pool, Resources.parse("cpus(eng):1")))
        .hasMessageContaining("is not dynamically reserved");
  }

  @Test
  void malformedStacksAreRefused() {
    assertThatThrownBy(
            () ->
                ReservationStack.of(
                    List.of(Reservation.dynamic("eng", "a"), Reservation.dynamic("ops", "a"))))
        .hasMessageContaining("is not a descendant of 'eng'");
    assertThatThrownBy(
            () ->
                ReservationStack.of(
                    List.of(Reservation.dynamic("eng", "a"), Reservation.ofStatic("eng/x"))))
        .hasMessageContaining("cannot follow the dynamic reservation");
    assertThatThrownBy(() -> Reservation.dynamic("*", "a")).hasMessageContaining("role '*'");
  }

  @Test
  void reservationsAreOfferedToTheRoleSubtree() {
    Resources r = Reservations.reserve(Resources.parse("cpus:2"), dyn("cpus", 1, ENG_ALICE));
    assertThat(r.allocatableTo("eng").scalar("cpus")).isEqualTo(2);
    assertThat(r.allocatableTo("eng/ml").scalar("cpus")).isEqualTo(2);
    assertThat(r.allocatableTo("engineering").scalar("cpus")).isEqualTo(1);
    assertThat(r.allocatableTo("ops").scalar("cpus")).isEqualTo(1);
  }

  @Test
  void checkpointedReservationsApplyToStaticResourcesShallowFirst() {
    ReservationStack refined = ENG_ALICE.push(Reservation.dynamic("eng/ml", "alice"));
    Resources checkpointed = dyn("cpus", 1, ENG_ALICE).plus(dyn("cpus", 1, refined));
    Resources total = Reservations.applyCheckpointed(Resources.parse("cpus:4"), checkpointed);
    assertThat(total.unreserved()).hasToString("cpus:2");
    assertThat(Reservations.checkpointed(total)).isEqualTo(checkpointed);
    assertThatThrownBy(
            () ->
                Reservations.applyCheckpointed(
                    Resources.parse("cpus:1"), dyn("cpus", 2, ENG_ALICE)))
        .hasMessageContaining("is not in cpus:1");
  }
}
