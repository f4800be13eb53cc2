package io.mezzo.security.acl;

import io.mezzo.security.Caller;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What one caller may see of the cluster's state, as Mesos filters its state endpoints, GET_STATE
 * and the operator event stream: a framework by {@code view_frameworks} on its user, a task by
 * {@code view_tasks} on its own user (the framework's when the task names none), an executor by
 * {@code view_executors} likewise, a sandbox by {@code access_sandboxes}, a role by {@code
 * view_roles}. Pure over plain inputs, so every view (JSON, protobuf, the UI) filters the same way.
 *
 * <p>One filter serves one request: it remembers each (action, user) answer, since a state holds
 * many tasks of few users, and so is not thread-safe. A null or empty user is the empty user name,
 * which only an {@code ANY} or {@code NONE} entry matches, as in Mesos.
 */
public final class ViewFilter {
  private final Authorizer authorizer;
  private final Caller caller;
  private final Map<Action, Map<String, Boolean>> seen = new EnumMap<>(Action.class);

  public ViewFilter(Authorizer authorizer, Caller caller) {
    if (authorizer == null || caller == null) {
      throw new IllegalArgumentException("a view filter needs an authorizer and a caller");
    }
    this.authorizer = authorizer;
    this.caller = caller;
  }

  /** Whether the caller sees a framework whose {@code FrameworkInfo.user} is this. */
  public boolean framework(String frameworkUser) {
    return may(Action.VIEW_FRAMEWORKS, frameworkUser);
  }

  /** Whether the caller sees a task: its own user when it names one, else its framework's. */
  public boolean task(String taskUser, String frameworkUser) {
    return may(Action.VIEW_TASKS, either(taskUser, frameworkUser));
  }

  /** Whether the caller sees an executor: its command's user when set, else its framework's. */
  public boolean executor(String executorUser, String frameworkUser) {
    return may(Action.VIEW_EXECUTORS, either(executorUser, frameworkUser));
  }

  /** Whether the caller may read a sandbox, whose owner is its executor's (or framework's) user. */
  public boolean sandbox(String executorUser, String frameworkUser) {
    return may(Action.ACCESS_SANDBOXES, either(executorUser, frameworkUser));
  }

  /** Whether the caller sees a role (GET_ROLES, /roles, weights). */
  public boolean role(String role) {
    return may(Action.VIEW_ROLES, role);
  }

  /** The frameworks the caller sees, in their order. */
  public <T> List<T> frameworks(List<T> frameworks, Function<T, String> frameworkUser) {
    return frameworks.stream().filter(f -> framework(frameworkUser.apply(f))).toList();
  }

  /** The tasks the caller sees, in their order. */
  public <T> List<T> tasks(
      List<T> tasks, Function<T, String> taskUser, Function<T, String> frameworkUser) {
    return tasks.stream().filter(t -> task(taskUser.apply(t), frameworkUser.apply(t))).toList();
  }

  /** The executors the caller sees, in their order. */
  public <T> List<T> executors(
      List<T> executors, Function<T, String> executorUser, Function<T, String> frameworkUser) {
    return executors.stream()
        .filter(e -> executor(executorUser.apply(e), frameworkUser.apply(e)))
        .toList();
  }

  /** The roles the caller sees, in their order. */
  public <T> List<T> roles(List<T> roles, Function<T, String> role) {
    return roles.stream().filter(r -> role(role.apply(r))).toList();
  }

  private boolean may(Action action, String object) {
    String key = object == null ? "" : object;
    return seen.computeIfAbsent(action, a -> new HashMap<>())
        .computeIfAbsent(key, k -> authorizer.decide(caller, action, k).allowed());
  }

  private static String either(String own, String framework) {
    return own == null || own.isEmpty() ? framework : own;
  }
}
