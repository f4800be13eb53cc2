package io.mezzo.http.limits;

/**
 * When a connection must have delivered a complete request head: the decisions of the header
 * timeout, kept apart from Netty so they can be tested alone. One instance per connection, touched
 * only by that connection's event loop.
 *
 * <pre>
 *            open                     head complete
 *   (new) ────────▶ AWAITING_HEAD ───────────────────▶ IN_REQUEST ◀──┐ another head
 *                      ▲   │ deadline passes               │  │ ─────┘ (HTTP/2, pipelining)
 *        first byte of │   ▼                               │  │
 *        the next head │  CLOSE                last request│  │
 *                      │                            done  ▼  │
 *                      └─────────────────────────────── IDLE
 * </pre>
 *
 * <p>The deadline runs from the moment the connection opens, and on a kept-alive connection from
 * the first byte after the previous exchange, until the server has parsed a complete request head.
 * It never runs while a request is in progress, so a long response stream (scheduler SUBSCRIBE, the
 * agent link, operator SUBSCRIBE) and a slow but steady upload (its body comes after the head) are
 * never cut. An idle kept-alive connection that sends nothing is left to Quarkus's idle timeout.
 */
public final class HeadDeadline {
  /** What the caller must do with its timer after an event. */
  public enum Action {
    /** Start the timer now; it fires after the header timeout. */
    ARM,
    /** Cancel the running timer. */
    CANCEL,
    /** Leave the timer as it is. */
    NONE
  }

  /** Where the connection is. */
  public enum State {
    NEW,
    AWAITING_HEAD,
    IN_REQUEST,
    IDLE,
    CLOSED
  }

  private State state = State.NEW;
  private int inFlight;

  public State state() {
    return state;
  }

  /** Requests whose head was parsed and whose exchange has not ended. */
  public int inFlight() {
    return inFlight;
  }

  /** The connection was accepted: the first head is now due. */
  public Action opened() {
    if (state != State.NEW) {
      return Action.NONE;
    }
    state = State.AWAITING_HEAD;
    return Action.ARM;
  }

  /**
   * Bytes arrived. Only the first byte after an idle pause starts a new deadline: bytes during a
   * request are its body, and bytes while a head is already due do not extend the deadline (that is
   * what makes a one-byte-a-second trickle fail).
   */
  public Action bytesArrived() {
    if (state != State.IDLE) {
      return Action.NONE;
    }
    state = State.AWAITING_HEAD;
    return Action.ARM;
  }

  /** The server parsed a complete request head. */
  public Action headComplete() {
    if (state == State.CLOSED) {
      return Action.NONE;
    }
    inFlight++;
    State before = state;
    state = State.IN_REQUEST;
    return before == State.AWAITING_HEAD ? Action.CANCEL : Action.NONE;
  }

  /**
   * A request's exchange ended (its response was sent, or it failed). A stray end with nothing in
   * flight is a bug in the caller.
   *
   * @throws IllegalStateException if no request is in flight
   */
  public Action requestEnded() {
    if (state == State.CLOSED) {
      return Action.NONE;
    }
    if (inFlight == 0) {
      throw new IllegalStateException("cannot end a request in " + state + ": none in flight");
    }
    inFlight--;
    if (inFlight == 0) {
      state = State.IDLE;
    }
    return Action.NONE;
  }

  /**
   * The timer fired. Returns true if the connection must be closed: a head is still due. A timer
   * that fires after its head arrived (a race with cancelling it) closes nothing.
   */
  public boolean expired() {
    if (state != State.AWAITING_HEAD) {
      return false;
    }
    state = State.CLOSED;
    return true;
  }

  /** The connection closed, for whatever reason; later events change nothing. */
  public Action closed() {
    State before = state;
    state = State.CLOSED;
    return before == State.AWAITING_HEAD ? Action.CANCEL : Action.NONE;
  }
}
