package io.mezzo.master.agents;

import io.mezzo.api.agent.AgentCall;
import io.mezzo.api.agent.AgentEvent;
import io.mezzo.api.v1.Base64Values;
import io.mezzo.api.v1.ExecutorId;
import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.api.v1.IdRules;
import io.mezzo.api.v1.ResourceMapping;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Structural checks of what agents say about executors ({@link AgentCallValidator}'s part for
 * them): ids follow {@link IdRules}, bytes are base64, a re-registration's executors carry their
 * framework and valid resources, each once. The master books and forwards these, so they must be
 * safe to keep and to hand to a framework. Pure.
 */
final class ExecutorReports {
  private ExecutorReports() {}

  static Optional<String> message(AgentEvent.ExecutorMessage m) {
    if (m == null || m.data() == null) {
      return Optional.of(
          "Expecting 'message' with 'framework_id', 'executor_id' and 'data' to be present");
    }
    return ids(m.frameworkId(), m.executorId(), "message")
        .or(() -> Base64Values.bytesProblem(m.data()).map(p -> "'message.data' " + p));
  }

  static Optional<String> exited(AgentCall.ExitedExecutor e) {
    if (e == null) {
      return Optional.of(
          "Expecting 'exited_executor' with 'framework_id' and 'executor_id' to be present");
    }
    return ids(e.frameworkId(), e.executorId(), "exited_executor");
  }

  static Optional<String> registered(List<ExecutorInfo> executors) {
    Set<List<String>> seen = new HashSet<>();
    for (int i = 0; i < executors.size(); i++) {
      String where = "register.executors[" + i + "]";
      ExecutorInfo e = executors.get(i);
      if (e == null) {
        return Optional.of("'" + where + "' is null");
      }
      Optional<String> p = ids(e.frameworkId(), e.executorId(), where);
      if (p.isPresent()) {
        return p;
      }
      if (!seen.add(List.of(e.frameworkId().value(), e.executorId().value()))) {
        return Optional.of(
            "'" + where + "' repeats executor '" + e.executorId().value() + "' of its framework");
      }
      try {
        ResourceMapping.toCore(e.resources());
      } catch (IllegalArgumentException ex) {
        return Optional.of("'" + where + ".resources' are invalid: " + ex.getMessage());
      }
    }
    return Optional.empty();
  }

  private static Optional<String> ids(FrameworkId framework, ExecutorId executor, String where) {
    return IdRules.problem(framework == null ? null : framework.value())
        .map(p -> "'" + where + ".framework_id' is invalid: " + p)
        .or(
            () ->
                IdRules.problem(executor == null ? null : executor.value())
                    .map(p -> "'" + where + ".executor_id' is invalid: " + p));
  }
}
