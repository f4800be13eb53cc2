package io.mezzo.master.scheduler;

import io.mezzo.api.v1.CommandInfo;
import io.mezzo.api.v1.FrameworkInfo;
import io.mezzo.api.v1.TaskInfo;
import io.mezzo.security.Caller;
import io.mezzo.security.acl.Action;
import io.mezzo.security.acl.Authorizer;
import io.mezzo.security.acl.Decision;

/**
 * The authorizer's questions about a framework, asked as Mesos asks them: {@code
 * register_frameworks} for every role it subscribes with, {@code run_tasks} for the user each task
 * runs as. The subject is {@link FrameworkPrincipals#subject}: the authenticated caller, or the
 * principal the framework names when nobody authenticated. Pure.
 */
public final class FrameworkAuthorization {
  private FrameworkAuthorization() {}

  /** SUBSCRIBE and UPDATE_FRAMEWORK: every role of {@code info} ('*' when it names none). */
  public static Decision registration(Authorizer authorizer, Caller caller, FrameworkInfo info) {
    return authorizer.decideAll(
        FrameworkPrincipals.subject(caller, info),
        Action.REGISTER_FRAMEWORKS,
        info.effectiveRoles().isEmpty() ? java.util.List.of("*") : info.effectiveRoles());
  }

  /** A task of a LAUNCH or LAUNCH_GROUP, for the user it runs as ({@link #runAs}). */
  public static Decision runTask(
      Authorizer authorizer, Caller caller, FrameworkInfo framework, TaskInfo task) {
    return authorizer.decide(
        FrameworkPrincipals.subject(caller, framework), Action.RUN_TASKS, runAs(framework, task));
  }

  /**
   * The user a task runs as, as Mesos's authorizer and the agent ({@code TaskUsers}) pick it: the
   * task's {@code CommandInfo.user}, else its custom executor's, else {@code FrameworkInfo.user} (a
   * task group's tasks have no executor of their own, and the agent runs the group's DEFAULT
   * executor as the framework's user). Null when none names one (the agent then uses its own user,
   * which the master cannot know): only an ACL entry for {@code ANY} or {@code NONE} users decides
   * that.
   */
  static String runAs(FrameworkInfo framework, TaskInfo task) {
    String user = ownUser(task);
    if (user == null) {
      user = framework.user();
    }
    return user == null || user.isEmpty() ? null : user;
  }

  /**
   * The user a task names itself: its {@code CommandInfo.user}, else its custom executor's; null
   * when neither names one (its framework's user then counts). Views and sandboxes ask the same.
   */
  public static String ownUser(TaskInfo task) {
    String user = userOf(task.command());
    if (user == null && task.executor() != null) {
      user = userOf(task.executor().command());
    }
    return user;
  }

  private static String userOf(CommandInfo command) {
    return command == null ? null : command.user();
  }
}
