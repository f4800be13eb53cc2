package io.mezzo.sim;

import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.v1.TaskStatus;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What happened to every status update with a uuid: how often agents sent it, how many copies
 * reached a master, how often frameworks got it, and whether its acknowledgement reached the agent.
 * Two invariants live here:
 *
 * <ul>
 *   <li>no acknowledged update is delivered again after its ack reached the agent: an agent never
 *       sends it once it has the ack, and a framework never gets more copies than reached masters
 *       (masters forward, they do not invent redeliveries);
 *   <li>no unacknowledged update is lost: once the cluster is healed and quiet, every update an
 *       agent sent has had its ack reach the agent ({@link #unacknowledged}).
 * </ul>
 */
final class UpdateLedger {
  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private final List<String> violations = new ArrayList<>();

  private static final class Entry {
    final String task;
    final String state;
    final Set<String> ackedAt = new HashSet<>();
    int sent;
    int reachedMaster;
    int delivered;

    Entry(TaskStatus s) {
      this.task = s.taskId().value();
      this.state = String.valueOf(s.state());
    }
  }

  private Entry entry(TaskStatus status) {
    return entries.computeIfAbsent(status.uuid(), u -> new Entry(status));
  }

  void agentSending(String agentNode, AgentCall.Update update) {
    TaskStatus s = update.status();
    if (s.uuid() == null) {
      return;
    }
    Entry e = entry(s);
    e.sent++;
    if (e.ackedAt.contains(agentNode)) {
      violations.add(
          "no update after its ack: "
              + agentNode
              + " resent "
              + e.state
              + " of "
              + e.task
              + " (uuid "
              + s.uuid()
              + ") after its acknowledgement reached it");
    }
  }

  void updateReachedMaster(String uuid) {
    Entry e = entries.get(uuid);
    if (e != null) {
      e.reachedMaster++;
    }
  }

  void ackReachedAgent(String agentNode, String uuid) {
    Entry e = entries.get(uuid);
    if (e != null) {
      e.ackedAt.add(agentNode);
    }
  }

  void delivered(String framework, TaskStatus status) {
    if (status.uuid() == null) {
      return;
    }
    Entry e = entries.get(status.uuid());
    if (e == null) {
      return; // an update a master made itself (e.g. TASK_LOST); no agent retries those
    }
    e.delivered++;
    if (!e.ackedAt.isEmpty() && e.delivered > e.reachedMaster) {
      violations.add(
          "no update after its ack: "
              + framework
              + " got "
              + e.state
              + " of "
              + e.task
              + " a "
              + e.delivered
              + "th time after its ack reached the agent, but only "
              + e.reachedMaster
              + " copies reached a master");
    }
  }

  /** Problems seen since the last call; each is reported once. */
  List<String> takeViolations() {
    List<String> out = List.copyOf(violations);
    violations.clear();
    return out;
  }

  /** Updates agents sent whose acknowledgement never reached an agent. */
  List<String> unacknowledged() {
    List<String> out = new ArrayList<>();
    entries.forEach(
        (uuid, e) -> {
          if (e.ackedAt.isEmpty()) {
            out.add(
                e.state
                    + " of "
                    + e.task
                    + " (uuid "
                    + uuid
                    + "; sent "
                    + e.sent
                    + "x, reached a master "
                    + e.reachedMaster
                    + "x, delivered "
                    + e.delivered
                    + "x)");
          }
        });
    return out;
  }

  int size() {
    return entries.size();
  }
}
