// Pure functions over Chronos's JSON (/scheduler/jobs, /scheduler/job/stat/{name}, /scheduler/graph/
// csv) as the built-in jobs framework serves it: what a job's schedule says, its outcome, the body to
// post back when it changes, the create form's job, its run history with sandbox links, and the
// dependency graph laid out in layers. No DOM and no fetching, so the browser test can call them.

/** Where Chronos's API answers on the master (Chronos serves it under /scheduler and /v1/scheduler). */
export const SCHEDULER = '/scheduler';

/**
 * Fields the server computes and reports but a client does not own: they are dropped from a job
 * before it is posted back (disable/enable), so an edit never resets the counters or the state.
 */
export const READ_ONLY = ['successCount', 'errorCount', 'lastSuccess', 'lastError', 'nextRun', 'state',
  'skippedCount', 'errorsSinceLastSuccess'];

export function jobUrl(name, prefix = '/job') {
  return `${SCHEDULER}${prefix}/${encodeURIComponent(name)}`;
}

/** A dependent job runs after its parents; every other job runs on its schedule. */
export function isDependent(job) {
  return Array.isArray(job?.parents) && job.parents.length > 0;
}

/** Where a job is created or replaced: /scheduler/dependency or /scheduler/iso8601. */
export function postUrl(job) {
  return `${SCHEDULER}${isDependent(job) ? '/dependency' : '/iso8601'}`;
}

/** "R/2026-12-02T10:00:00Z/PT2S" or "after a, b". */
export function scheduleText(job) {
  if (isDependent(job)) return `after ${job.parents.join(', ')}`;
  return job?.schedule || '–';
}

/** Chronos's timestamps (ISO, or its stats' "MM/dd/yy HH:mm:ss" in UTC) → seconds; 0 when never. */
export function chronosSecs(value) {
  const s = String(value ?? '').trim();
  if (!s || s === 'N/A') return 0;
  const m = s.match(/^(\d\d)\/(\d\d)\/(\d\d) (\d\d):(\d\d):(\d\d)$/);
  if (m) return Date.UTC(2000 + Number(m[3]), Number(m[1]) - 1, Number(m[2]), Number(m[4]), Number(m[5]), Number(m[6])) / 1000;
  const t = Date.parse(s);
  return Number.isFinite(t) ? t / 1000 : 0;
}

/**
 * How the job's last run went, the way Chronos's UI colours it: 'success' when its latest outcome
 * is a success, 'failure' when it is an error, 'fresh' when it never ran.
 */
export function lastOutcome(job) {
  const ok = chronosSecs(job?.lastSuccess);
  const bad = chronosSecs(job?.lastError);
  if (!ok && !bad) return 'fresh';
  return ok >= bad ? 'success' : 'failure';
}

/** The job as it is posted back: the client's fields only, `disabled` set as given when not undefined. */
export function definitionOf(job, disabled = undefined) {
  const out = {};
  for (const [k, v] of Object.entries(job || {})) if (!READ_ONLY.includes(k)) out[k] = v;
  if (disabled !== undefined) out.disabled = disabled;
  // Chronos keeps exactly one of the two: a dependent job has no schedule to send back.
  if (isDependent(out)) delete out.schedule;
  else delete out.parents;
  return out;
}

/** An error answer → {status, message}: Chronos's {"message"}, else the text, else the status. */
export function apiError(status, body) {
  const b = body && typeof body === 'object' ? body : {};
  const message = (typeof b.message === 'string' && b.message)
    || (typeof body === 'string' && body.trim()) || `the jobs API answered ${status}`;
  return { status, message, details: [], deployments: [] };
}

/** An ISO 8601 repeating schedule starting at `now` (a Date), for the form's hint. */
export function exampleSchedule(now, period = 'PT1H') {
  return `R/${now.toISOString().replace(/\.\d{3}Z$/, 'Z')}/${period}`;
}

/** "a, b ,c" → ["a", "b", "c"]. */
export function splitNames(text) {
  return String(text || '').split(',').map((s) => s.trim()).filter(Boolean);
}

/**
 * The create form → a Chronos job, or the errors of its fields: {job, errors: [{field, message}]}.
 * Only what a person must not get wrong before sending is checked here (a name, a command, one of
 * schedule or parents, numbers); the server judges the schedule itself and answers 400 naming it.
 */
export function formToJob(form) {
  const errors = [];
  const str = (k) => String(form[k] ?? '').trim();
  const job = { name: str('name'), command: str('command') };
  if (!job.name) errors.push({ field: 'name', message: 'A job needs a name, such as nightly-report.' });
  else if (!/^[\w.-]+$/.test(job.name)) errors.push({ field: 'name', message: `A name takes letters, digits, "_", "." and "-" only, not "${job.name}".` });
  if (!job.command) errors.push({ field: 'command', message: 'A job needs a command, such as "echo hello".' });
  const schedule = str('schedule');
  const parents = splitNames(form.parents);
  if (form.kind === 'dependent') {
    if (!parents.length) errors.push({ field: 'parents', message: 'A dependent job needs at least one parent job.' });
    job.parents = parents;
  } else {
    if (!schedule) errors.push({ field: 'schedule', message: 'A scheduled job needs a schedule, such as R/2026-01-01T00:00:00Z/P1D.' });
    job.schedule = schedule;
    const zone = str('scheduleTimeZone');
    if (zone) job.scheduleTimeZone = zone;
  }
  const number = (k, label, { integer = false, positive = false } = {}) => {
    const raw = str(k);
    if (!raw) return undefined;
    const v = Number(raw);
    if (!Number.isFinite(v) || (integer && !Number.isInteger(v)) || v < 0 || (positive && v <= 0)) {
      errors.push({ field: k, message: `${label} must be ${integer ? 'a whole number' : 'a number'} ${positive ? 'above 0' : 'of at least 0'}, not "${raw}".` });
      return undefined;
    }
    return v;
  };
  for (const [k, label, opts] of [['cpus', 'CPUs', { positive: true }], ['mem', 'Memory (MB)', { positive: true }], ['retries', 'Retries', { integer: true }]]) {
    const v = number(k, label, opts);
    if (v !== undefined) job[k] = v;
  }
  return { job, errors };
}

/** Parses the JSON tab's text; {job} or {error} naming where the JSON broke. */
export function parseJobJson(text) {
  if (!String(text || '').trim()) return { error: 'The job is empty: paste or write a Chronos job as JSON.' };
  let job;
  try {
    job = JSON.parse(text);
  } catch (e) {
    return { error: `The job is not valid JSON: ${e.message}` };
  }
  if (!job || typeof job !== 'object' || Array.isArray(job)) {
    return { error: 'A job must be a JSON object, such as {"name": "hello", "command": "echo hi", "schedule": "R/…/PT1H"}.' };
  }
  return { job };
}

/**
 * The run history of GET /job/stat/{name} → rows, newest first: {taskId, status, start, end,
 * duration, exitStatus, taskState, message, agentId, sandbox: {frameworkId, executorId} | null}.
 * Mezzo's extras (frameworkId, executorId, taskState, exitStatus, message) are used when present;
 * without them the sandbox comes from `locate(taskId)` (the master's state), else from
 * `frameworkId` with the task id as executor (command tasks run in their own).
 */
export function historyRows(stat, { locate = () => null, frameworkId = null } = {}) {
  const list = Array.isArray(stat?.taskStatHistory) ? stat.taskStatHistory : [];
  return list.map((t) => {
    const known = locate(t.taskId);
    const fw = t.frameworkId || known?.frameworkId || frameworkId;
    const executorId = t.executorId || known?.executorId || t.taskId;
    return {
      taskId: t.taskId,
      status: String(t.status || 'unknown'),
      start: chronosSecs(t.startTime),
      end: chronosSecs(t.endTime),
      duration: t.duration || null,
      exitStatus: t.exitStatus ?? null,
      taskState: t.taskState || null,
      message: t.message || null,
      agentId: t.slaveId || null,
      sandbox: fw && t.taskId ? { frameworkId: fw, executorId } : null,
    };
  }).sort((a, b) => (b.start || Infinity) - (a.start || Infinity));
}

/** Chronos's run status ("Success", "Fail", "Running") → a badge class of mezzo.css. */
export function runStatusClass(status) {
  switch (String(status).toLowerCase()) {
    case 'success': return 'ok';
    case 'fail':
    case 'failure':
    case 'failed': return 'bad';
    case 'running':
    case 'queued': return 'busy';
    default: return 'muted';
  }
}

/**
 * GET /graph/csv → {nodes: [{name, lastState, state}], links: [{parent, child}]}. A link may name a
 * job without a node line; it gets one, so nothing drawn points nowhere.
 */
export function parseGraphCsv(text) {
  const nodes = new Map();
  const links = [];
  for (const line of String(text || '').split(/\r?\n/)) {
    const [kind, a, b, c] = line.split(',').map((s) => s.trim());
    if (kind === 'node' && a) nodes.set(a, { name: a, lastState: b || '', state: c || '' });
    else if (kind === 'link' && a && b) links.push({ parent: a, child: b });
  }
  for (const { parent, child } of links) {
    for (const n of [parent, child]) if (!nodes.has(n)) nodes.set(n, { name: n, lastState: '', state: '' });
  }
  return { nodes: [...nodes.values()], links };
}

/**
 * Lays the graph out in layers: a job's depth is the longest chain of parents above it (roots at 0),
 * so every link points down; within a layer jobs are in name order. Returns {layers: [[name]],
 * depth: Map}. A cycle (the server refuses them) cannot loop here: depth stops at the node count.
 */
export function layoutGraph(graph) {
  const parents = new Map(graph.nodes.map((n) => [n.name, []]));
  for (const l of graph.links) parents.get(l.child)?.push(l.parent);
  const depth = new Map();
  const limit = graph.nodes.length;
  const depthOf = (name, seen = 0) => {
    if (depth.has(name)) return depth.get(name);
    if (seen > limit) return 0;
    const ps = parents.get(name) || [];
    const d = ps.length ? 1 + Math.max(...ps.map((p) => depthOf(p, seen + 1))) : 0;
    depth.set(name, d);
    return d;
  };
  for (const n of graph.nodes) depthOf(n.name);
  const layers = [];
  for (const n of [...graph.nodes].sort((a, b) => a.name.localeCompare(b.name))) {
    const d = depth.get(n.name);
    (layers[d] ||= []).push(n.name);
  }
  return { layers: layers.map((l) => l || []), depth };
}
