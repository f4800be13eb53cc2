package io.mezzo.agent.operator;

import io.mezzo.api.v1.agent.Call;
import io.mezzo.security.Caller;
import io.mezzo.security.acl.Action;
import io.mezzo.security.acl.Authorizer;
import io.mezzo.security.acl.Decision;

/**
 * Which action an agent operator call needs as a whole, as a Mesos agent decides it before doing
 * anything: GET_FLAGS needs {@code view_flags}, SET_LOGGING_LEVEL {@code set_log_level}, and
 * WAIT_CONTAINER and KILL_CONTAINER, which reach only the agent's top-level containers here, the
 * standalone-container actions Mesos asks for a container without a parent. Calls decided per
 * object are not refused here: the state reads are filtered ({@link VisibleState}), the file calls
 * decide {@code access_sandboxes} per sandbox, GET_CONTAINERS {@code view_containers} per
 * container; the remaining reads (health, version, metrics, the logging level, the agent itself)
 * need no authorization in Mesos either.
 *
 * <p>Pure.
 */
public final class AgentCallAuthorization {
  private AgentCallAuthorization() {}

  public static Decision decide(Authorizer authorizer, Caller caller, Call call) {
    Action action =
        switch (call.type()) {
          case GET_FLAGS -> Action.VIEW_FLAGS;
          case SET_LOGGING_LEVEL -> Action.SET_LOG_LEVEL;
          case WAIT_CONTAINER -> Action.WAIT_STANDALONE_CONTAINERS;
          case KILL_CONTAINER -> Action.KILL_STANDALONE_CONTAINERS;
          default -> null;
        };
    if (action == null) {
      return Decision.allowed(call.type() + " needs no authorization as a whole");
    }
    return authorizer.decide(caller, action, null);
  }
}
