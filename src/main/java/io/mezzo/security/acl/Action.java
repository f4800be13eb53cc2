package io.mezzo.security.acl;

/**
 * The actions the local authorizer decides, under the names of Mesos's ACL JSON ({@code --acls}).
 * What the object of each is (a role, a user, a framework's principal, …) is said beside it.
 */
public enum Action {
  /** object: the role a framework subscribes with. */
  REGISTER_FRAMEWORKS("register_frameworks"),
  /** object: the user a task or executor runs as. */
  RUN_TASKS("run_tasks"),
  /** object: the principal of the framework being torn down. */
  TEARDOWN_FRAMEWORKS("teardown_frameworks"),
  /** object: the role reserved for. */
  RESERVE_RESOURCES("reserve_resources"),
  /** object: the principal of the reservation. */
  UNRESERVE_RESOURCES("unreserve_resources"),
  /** object: the role of the volume. */
  CREATE_VOLUMES("create_volumes"),
  /** object: the principal that created the volume. */
  DESTROY_VOLUMES("destroy_volumes"),
  /** object: the role. */
  UPDATE_QUOTA("update_quota"),
  /** object: the role. */
  GET_QUOTAS("get_quotas"),
  /** object: the role. */
  UPDATE_WEIGHTS("update_weights"),
  /** object: the role. */
  VIEW_ROLES("view_roles"),
  /** object: the endpoint path. */
  GET_ENDPOINTS("get_endpoints"),
  /** object: the framework's user. */
  VIEW_FRAMEWORKS("view_frameworks"),
  /** object: the task's user. */
  VIEW_TASKS("view_tasks"),
  /** object: the executor's user. */
  VIEW_EXECUTORS("view_executors"),
  /** object: none (ANY). */
  VIEW_AGENTS("view_agents"),
  /** object: the sandbox owner's user. */
  ACCESS_SANDBOXES("access_sandboxes"),
  /** object: none (ANY). */
  ACCESS_MESOS_LOGS("access_mesos_logs"),
  /** object: none (ANY). */
  MARK_AGENTS_GONE("mark_agents_gone"),
  /** object: none (ANY). */
  DRAIN_AGENTS("drain_agents"),
  /** object: none (ANY). */
  DEACTIVATE_AGENTS("deactivate_agents"),
  /** object: the machine. */
  UPDATE_MAINTENANCE_SCHEDULES("update_maintenance_schedules"),
  /** object: the machine. */
  GET_MAINTENANCE_SCHEDULES("get_maintenance_schedules"),
  /** object: the machine. */
  START_MAINTENANCES("start_maintenances"),
  /** object: the machine. */
  STOP_MAINTENANCES("stop_maintenances"),
  /** object: the machine. */
  GET_MAINTENANCE_STATUSES("get_maintenance_statuses"),
  /** object: none (ANY). */
  SET_LOG_LEVEL("set_log_level"),
  /** object: none (ANY). */
  VIEW_FLAGS("view_flags");

  private final String aclName;

  Action(String aclName) {
    this.aclName = aclName;
  }

  /** The key of this action's list in Mesos's ACL JSON. */
  public String aclName() {
    return aclName;
  }
}
