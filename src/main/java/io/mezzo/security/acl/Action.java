package io.mezzo.security.acl;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The actions the local authorizer decides: one per list of Mesos's ACL JSON ({@code --acls},
 * {@code acls.proto}), under the same key, so a Mesos ACL file loads unchanged. Each action names
 * the field its ACL entries hold their object in ({@code "roles"}, {@code "users"}, …) and what
 * kind of object that is; a call passes that object to {@link Authorizer#decide}.
 *
 * <p>Every Mesos list is here, including those whose calls Mezzo answers 501 (nested and standalone
 * containers, resource providers, disk operations): an operator's ACLs for them are accepted and
 * kept, and decide the call the day it is built, instead of failing the whole file.
 */
public enum Action {
  REGISTER_FRAMEWORKS("register_frameworks", "roles", Kind.ROLE, "with role"),
  RUN_TASKS("run_tasks", "users", Kind.VALUE, "as user"),
  TEARDOWN_FRAMEWORKS("teardown_frameworks", "framework_principals", Kind.VALUE, "of principal"),
  RESERVE_RESOURCES("reserve_resources", "roles", Kind.ROLE, "for role"),
  UNRESERVE_RESOURCES(
      "unreserve_resources", "reserver_principals", Kind.VALUE, "reserved by principal"),
  CREATE_VOLUMES("create_volumes", "roles", Kind.ROLE, "for role"),
  DESTROY_VOLUMES("destroy_volumes", "creator_principals", Kind.VALUE, "created by principal"),
  RESIZE_VOLUMES("resize_volumes", "roles", Kind.ROLE, "of role"),
  GET_QUOTAS("get_quotas", "roles", Kind.ROLE, "of role"),
  UPDATE_QUOTAS("update_quotas", "roles", Kind.ROLE, "of role"),
  VIEW_ROLES("view_roles", "roles", Kind.ROLE, "for role"),
  UPDATE_WEIGHTS("update_weights", "roles", Kind.ROLE, "of role"),
  GET_ENDPOINTS("get_endpoints", "paths", Kind.PATH, "on endpoint"),
  VIEW_FRAMEWORKS("view_frameworks", "users", Kind.VALUE, "of user"),
  VIEW_TASKS("view_tasks", "users", Kind.VALUE, "of user"),
  VIEW_EXECUTORS("view_executors", "users", Kind.VALUE, "of user"),
  ACCESS_SANDBOXES("access_sandboxes", "users", Kind.VALUE, "of user"),
  ACCESS_MESOS_LOGS("access_mesos_logs", "logs", Kind.IMPLICIT, ""),
  VIEW_FLAGS("view_flags", "flags", Kind.IMPLICIT, ""),
  SET_LOG_LEVEL("set_log_level", "level", Kind.IMPLICIT, ""),
  REGISTER_AGENTS("register_agents", "agents", Kind.IMPLICIT, ""),
  UPDATE_MAINTENANCE_SCHEDULES("update_maintenance_schedules", "machines", Kind.IMPLICIT, ""),
  GET_MAINTENANCE_SCHEDULES("get_maintenance_schedules", "machines", Kind.IMPLICIT, ""),
  START_MAINTENANCES("start_maintenances", "machines", Kind.IMPLICIT, ""),
  STOP_MAINTENANCES("stop_maintenances", "machines", Kind.IMPLICIT, ""),
  GET_MAINTENANCE_STATUSES("get_maintenance_statuses", "machines", Kind.IMPLICIT, ""),
  MARK_AGENTS_GONE("mark_agents_gone", "agents", Kind.IMPLICIT, ""),
  DRAIN_AGENTS("drain_agents", "agents", Kind.IMPLICIT, ""),
  DEACTIVATE_AGENTS("deactivate_agents", "agents", Kind.IMPLICIT, ""),
  REACTIVATE_AGENTS("reactivate_agents", "agents", Kind.IMPLICIT, ""),
  VIEW_CONTAINERS("view_containers", "users", Kind.VALUE, "of user"),
  LAUNCH_NESTED_CONTAINERS_AS_USER(
      "launch_nested_containers_as_user", "users", Kind.VALUE, "as user"),
  LAUNCH_NESTED_CONTAINERS_UNDER_PARENT_WITH_USER(
      "launch_nested_containers_under_parent_with_user", "users", Kind.VALUE, "under user"),
  LAUNCH_NESTED_CONTAINER_SESSIONS_AS_USER(
      "launch_nested_container_sessions_as_user", "users", Kind.VALUE, "as user"),
  LAUNCH_NESTED_CONTAINER_SESSIONS_UNDER_PARENT_WITH_USER(
      "launch_nested_container_sessions_under_parent_with_user", "users", Kind.VALUE, "under user"),
  KILL_NESTED_CONTAINERS("kill_nested_containers", "users", Kind.VALUE, "of user"),
  WAIT_NESTED_CONTAINERS("wait_nested_containers", "users", Kind.VALUE, "of user"),
  REMOVE_NESTED_CONTAINERS("remove_nested_containers", "users", Kind.VALUE, "of user"),
  ATTACH_CONTAINERS_INPUT("attach_containers_input", "users", Kind.VALUE, "of user"),
  ATTACH_CONTAINERS_OUTPUT("attach_containers_output", "users", Kind.VALUE, "of user"),
  LAUNCH_STANDALONE_CONTAINERS("launch_standalone_containers", "users", Kind.IMPLICIT, ""),
  KILL_STANDALONE_CONTAINERS("kill_standalone_containers", "users", Kind.IMPLICIT, ""),
  WAIT_STANDALONE_CONTAINERS("wait_standalone_containers", "users", Kind.IMPLICIT, ""),
  REMOVE_STANDALONE_CONTAINERS("remove_standalone_containers", "users", Kind.IMPLICIT, ""),
  VIEW_STANDALONE_CONTAINERS("view_standalone_containers", "users", Kind.IMPLICIT, ""),
  MODIFY_RESOURCE_PROVIDER_CONFIGS(
      "modify_resource_provider_configs", "resource_providers", Kind.IMPLICIT, ""),
  MARK_RESOURCE_PROVIDERS_GONE(
      "mark_resource_providers_gone", "resource_providers", Kind.IMPLICIT, ""),
  VIEW_RESOURCE_PROVIDERS("view_resource_providers", "resource_providers", Kind.IMPLICIT, ""),
  PRUNE_IMAGES("prune_images", "images", Kind.IMPLICIT, ""),
  CREATE_BLOCK_DISKS("create_block_disks", "roles", Kind.ROLE, "for role"),
  DESTROY_BLOCK_DISKS("destroy_block_disks", "roles", Kind.ROLE, "of role"),
  CREATE_MOUNT_DISKS("create_mount_disks", "roles", Kind.ROLE, "for role"),
  DESTROY_MOUNT_DISKS("destroy_mount_disks", "roles", Kind.ROLE, "of role"),
  DESTROY_RAW_DISKS("destroy_raw_disks", "roles", Kind.ROLE, "of role");

  /** What an action's object is, which decides how its ACL entries match it. */
  public enum Kind {
    /**
     * A role: matched exactly, and by a value ending in {@code /%} for every role nested under it
     * ({@code eng/%} matches {@code eng/web} and {@code eng/web/blue}, not {@code eng}).
     */
    ROLE,
    /** A user or principal, matched exactly. */
    VALUE,
    /** An HTTP endpoint path; ACLs may name only the paths Mesos lets them authorize. */
    PATH,
    /**
     * No object of its own (a log, the flags, an agent, a machine): ACLs give {@code ANY} or {@code
     * NONE} for it, and calls pass a null object.
     */
    IMPLICIT
  }

  private static final Map<String, Action> BY_ACL_NAME =
      Arrays.stream(values())
          .collect(Collectors.toUnmodifiableMap(a -> a.aclName, Function.identity()));

  private final String aclName;
  private final String objectField;
  private final Kind kind;
  private final String phrase;

  Action(String aclName, String objectField, Kind kind, String phrase) {
    this.aclName = aclName;
    this.objectField = objectField;
    this.kind = kind;
    this.phrase = phrase;
  }

  /** The key of this action's list in Mesos's ACL JSON. */
  public String aclName() {
    return aclName;
  }

  /** The field of an ACL entry that holds this action's object ({@code "roles"}, …). */
  public String objectField() {
    return objectField;
  }

  public Kind kind() {
    return kind;
  }

  /**
   * How a message puts the object after the action: {@code "as user"} in "may not run_tasks as user
   * 'root'". Empty for {@link Kind#IMPLICIT} actions.
   */
  public String phrase() {
    return phrase;
  }

  /** The action whose ACL list has this key, if Mesos defines one. */
  public static Optional<Action> ofAclName(String key) {
    return Optional.ofNullable(BY_ACL_NAME.get(key));
  }
}
