// Pure functions over the Mesos JSON the master serves (/master/state and /metrics/snapshot,
// MESOS-API.md §4.3). No DOM and no fetching here, so the browser test can call them directly.

export const SCALARS = ['cpus', 'mem', 'disk'];

export const TERMINAL_STATES = new Set([
  'TASK_FINISHED', 'TASK_FAILED', 'TASK_KILLED', 'TASK_ERROR', 'TASK_LOST', 'TASK_DROPPED',
  'TASK_GONE', 'TASK_GONE_BY_OPERATOR',
]);

/** A number from a legacy resource model ({"cpus": 4.0, "mem": 1024.0, ...}); 0 when absent. */
export function scalar(resources, name) {
  const v = resources ? resources[name] : undefined;
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

/** Total, used and offered cpus/mem/disk over the registered agents. */
export function clusterResources(state) {
  const sum = { total: {}, used: {}, offered: {} };
  for (const name of [...SCALARS, 'gpus']) {
    sum.total[name] = 0;
    sum.used[name] = 0;
    sum.offered[name] = 0;
  }
  for (const agent of state.slaves || []) {
    for (const name of Object.keys(sum.total)) {
      sum.total[name] += scalar(agent.resources, name);
      sum.used[name] += scalar(agent.used_resources, name);
      sum.offered[name] += scalar(agent.offered_resources, name);
    }
  }
  return sum;
}

/**
 * The dominant resource share of a framework or role: the largest of used/total over cpus, mem and
 * disk (DRF's "dominant share"). Returns {share, resource}; share 0 and resource null when nothing
 * is used or the cluster is empty.
 */
export function dominantShare(used, total) {
  let best = { share: 0, resource: null };
  for (const name of SCALARS) {
    const t = scalar(total, name);
    const u = scalar(used, name);
    if (t > 0 && u > 0 && u / t > best.share) best = { share: u / t, resource: name };
  }
  return best;
}

/** A framework's roles: `roles[]` for MULTI_ROLE frameworks, else the single `role`. */
export function rolesOf(framework) {
  if (Array.isArray(framework.roles) && framework.roles.length) return framework.roles;
  return framework.role ? [framework.role] : ['*'];
}

/**
 * Every task the master knows with the framework it belongs to, newest first:
 * [{task, framework, bucket}] where bucket is 'active', 'unreachable' or 'completed'.
 */
export function allTasks(state) {
  const out = [];
  const add = (framework, list, bucket) => {
    for (const task of list || []) out.push({ task, framework, bucket });
  };
  for (const fw of state.frameworks || []) {
    add(fw, fw.tasks, 'active');
    add(fw, fw.unreachable_tasks, 'unreachable');
    add(fw, fw.completed_tasks, 'completed');
  }
  for (const fw of state.completed_frameworks || []) {
    add(fw, fw.tasks, 'completed');
    add(fw, fw.completed_tasks, 'completed');
  }
  out.sort((a, b) => lastUpdate(b.task) - lastUpdate(a.task));
  return out;
}

/** Seconds since the epoch of a task's latest status (0 if it has none yet). */
export function lastUpdate(task) {
  const statuses = task.statuses || [];
  return statuses.reduce((m, s) => Math.max(m, s.timestamp || 0), 0);
}

/** Seconds since the epoch of a task's first status. */
export function firstUpdate(task) {
  const ts = (task.statuses || []).map((s) => s.timestamp || 0).filter((t) => t > 0);
  return ts.length ? Math.min(...ts) : 0;
}

/** A task's status history, oldest first. */
export function history(task) {
  return [...(task.statuses || [])].sort((a, b) => (a.timestamp || 0) - (b.timestamp || 0));
}

/** The executor a task's sandbox belongs to: the task id itself for command tasks. */
export function executorIdOf(task) {
  return task.executor_id || task.id;
}

/** The master's virtual path of an executor's latest run sandbox (proxied to its agent). */
export function sandboxPath(frameworkId, executorId) {
  return `/frameworks/${frameworkId}/executors/${executorId}/runs/latest`;
}

/** "master@10.0.0.1:5050" → "10.0.0.1:5050"; anything else unchanged. */
export function pidAddress(pid) {
  if (!pid) return '';
  const at = pid.indexOf('@');
  return at >= 0 ? pid.slice(at + 1) : pid;
}

/**
 * Who leads: {known, leading, leader, self} where leader is "host:port" of the leading master,
 * self this master's, and leading whether this master is the leader.
 */
export function leadership(state) {
  const self = pidAddress(state.pid);
  const info = state.leader_info;
  let leader = '';
  if (info && info.hostname) leader = `${info.hostname}:${info.port || 5050}`;
  else if (state.leader) leader = pidAddress(state.leader);
  const known = Boolean(state.leader || (info && (info.pid || info.hostname)));
  const leading = known && (state.leader ? state.leader === state.pid : (info && info.id === state.id));
  return { known, leading: Boolean(leading), leader, self };
}

/** id → agent entry. */
export function agentsById(state) {
  const map = new Map();
  for (const a of state.slaves || []) map.set(a.id, a);
  return map;
}

/** A one-line health word for an agent entry. */
export function agentStatus(agent) {
  const drain = agent.drain_info && agent.drain_info.state;
  if (drain) return drain === 'DRAINED' ? 'drained' : 'draining';
  if (agent.active === false || agent.deactivated) return 'inactive';
  return 'active';
}

const TASK_METRICS = ['staging', 'starting', 'running', 'killing', 'finished', 'failed', 'killed', 'lost'];

/**
 * Task counters by state. From /metrics/snapshot when it has them (the master's counters include
 * tasks it has already forgotten), else counted from the state.
 */
export function taskCounts(state, metrics) {
  const counts = {};
  if (metrics && typeof metrics['master/tasks_running'] === 'number') {
    for (const k of TASK_METRICS) counts[k] = metrics[`master/tasks_${k}`] || 0;
    return counts;
  }
  for (const k of TASK_METRICS) counts[k] = 0;
  for (const { task } of allTasks(state)) {
    const k = String(task.state || '').replace(/^TASK_/, '').toLowerCase();
    if (k in counts) counts[k]++;
  }
  return counts;
}

/** One point of the overview's rolling history. */
export function sample(state, metrics, nowMs) {
  const r = clusterResources(state);
  const m = metrics || {};
  const pick = (key, fallback) => (typeof m[key] === 'number' ? m[key] : fallback);
  const point = { t: nowMs, tasks: taskCounts(state, metrics) };
  for (const name of SCALARS) {
    point[name] = {
      total: pick(`master/${name}_total`, r.total[name]),
      used: pick(`master/${name}_used`, r.used[name]),
      offered: r.offered[name],
    };
  }
  return point;
}

/** "cpus 0.5 · mem 128 MB · disk 0 MB · ports [31000-31010]" pieces for a resource model. */
export function resourcePieces(resources) {
  const out = [];
  if (!resources) return out;
  for (const [k, v] of Object.entries(resources)) {
    if (typeof v === 'number' && v === 0 && k !== 'cpus' && k !== 'mem') continue;
    out.push([k, v]);
  }
  return out;
}

/** Attribute map → "rack:a, level:10". */
export function attributeText(attributes) {
  const entries = Object.entries(attributes || {});
  return entries.length ? entries.map(([k, v]) => `${k}:${v}`).join(', ') : '';
}
