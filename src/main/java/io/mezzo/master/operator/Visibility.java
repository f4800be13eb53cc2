package io.mezzo.master.operator;

import io.mezzo.api.v1.ExecutorInfo;
import io.mezzo.api.v1.FrameworkId;
import io.mezzo.master.MasterState;
import io.mezzo.master.registry.ExecutorEntry;
import io.mezzo.master.registry.FrameworkEntry;
import io.mezzo.master.registry.TaskEntry;
import io.mezzo.master.scheduler.FrameworkAuthorization;
import io.mezzo.security.Caller;
import io.mezzo.security.acl.Action;
import io.mezzo.security.acl.Authorizer;
import io.mezzo.security.acl.ViewFilter;

/**
 * What one caller may see of the master's books, as Mesos filters GET_STATE, the operator event
 * stream and the state endpoints: a framework by {@code view_frameworks} on its user; a task only
 * when its framework is seen and {@code view_tasks} allows the task's user (its command's, else its
 * framework's); an executor likewise with {@code view_executors}; a role by {@code view_roles}; the
 * flags by {@code view_flags}. The entry-level face of {@link ViewFilter}, which holds the per-user
 * answers.
 *
 * <p>One instance serves one request, or one operator stream for its lifetime (the ACLs never
 * change while the node runs, so its remembered answers stay true). Not thread-safe: use it on the
 * master's context.
 */
public final class Visibility {
  private final Authorizer authorizer;
  private final Caller caller;
  private final ViewFilter filter;
  private Boolean flags;

  private Visibility(Authorizer authorizer, Caller caller) {
    this.authorizer = authorizer;
    this.caller = caller;
    this.filter = new ViewFilter(authorizer, caller);
  }

  /** What {@code caller} may see under {@code authorizer}. */
  public static Visibility of(Authorizer authorizer, Caller caller) {
    return new Visibility(authorizer, caller);
  }

  /** What {@code caller} may see under the master's own authorizer. */
  public static Visibility of(MasterState state, Caller caller) {
    return new Visibility(state.config().authorizer(), caller);
  }

  /** Everything: the node's own parts, and the views built before callers were known. */
  public static Visibility everything() {
    return new Visibility(Authorizer.permissive(), Caller.NODE);
  }

  public Caller caller() {
    return caller;
  }

  public boolean framework(FrameworkEntry f) {
    return f != null && filter.framework(f.info().user());
  }

  /** A task of {@code f}: hidden with its framework, else by its own user. */
  public boolean task(FrameworkEntry f, TaskEntry t) {
    return framework(f) && filter.task(FrameworkAuthorization.ownUser(t.info()), f.info().user());
  }

  /** A task of the framework with its id (unknown frameworks count as unseen). */
  public boolean task(MasterState s, TaskEntry t) {
    return task(frameworkOf(s, t.frameworkId()), t);
  }

  /** An executor: hidden with its framework (unknown counts as unseen), else by its own user. */
  public boolean executor(MasterState s, ExecutorEntry e) {
    if (caller.node()) {
      return true;
    }
    FrameworkEntry f = frameworkOf(s, e.frameworkId());
    return framework(f) && filter.executor(executorUser(e.info()), f.info().user());
  }

  /** The framework with this id, active or completed; null if the master has neither. */
  static FrameworkEntry frameworkOf(MasterState s, FrameworkId id) {
    FrameworkEntry f = s.framework(id).orElse(null);
    if (f != null) {
      return f;
    }
    for (FrameworkEntry c : s.completedFrameworks()) {
      if (c.id().equals(id)) {
        return c;
      }
    }
    return null;
  }

  public boolean role(String role) {
    return filter.role(role);
  }

  /** Whether the caller may read the master's flags ({@code view_flags}). */
  public boolean flags() {
    if (flags == null) {
      flags = authorizer.decide(caller, Action.VIEW_FLAGS, null).allowed();
    }
    return flags;
  }

  static String executorUser(ExecutorInfo info) {
    return info.command() == null ? null : info.command().user();
  }
}
