// Pure functions over Marathon's JSON (/v2/apps, /v2/queue, /v2/deployments), as the services
// framework serves it: an app's status the way Marathon's UI computes it, health counts, why queued
// instances wait, and the app definition the short deploy form stands for. No DOM and no fetching,
// so the browser test can call them directly.

/** Marathon's app statuses, plus Unhealthy (running, but a health check fails). */
export const STATUS = {
  RUNNING: 'Running',
  DEPLOYING: 'Deploying',
  WAITING: 'Waiting',
  DELAYED: 'Delayed',
  SUSPENDED: 'Suspended',
  UNHEALTHY: 'Unhealthy',
};

/** "/web/api" or "web/api" → "/v2/apps/web/api" (each segment encoded, the slashes kept). */
export function appUrl(id, suffix = '') {
  return `/v2/apps${normalizeId(id).split('/').map(encodeURIComponent).join('/')}${suffix}`;
}

export function normalizeId(id) {
  const s = String(id || '').trim();
  return s.startsWith('/') ? s : `/${s}`;
}

/** The queue entry of an app, or null. Marathon lists apps and pods; pods have `pod`, not `app`. */
export function queueEntryOf(queue, appId) {
  const list = Array.isArray(queue) ? queue : (queue?.queue || []);
  return list.find((e) => e.app && normalizeId(e.app.id) === normalizeId(appId)) || null;
}

/**
 * An app's status as Marathon's UI computes it (docs/marathon-ui.md): the queue says Delayed (a
 * backoff holds launches) or Waiting (instances wait for offers); else a deployment in progress says
 * Deploying; 0 instances wanted and none running is Suspended; otherwise Running — or Unhealthy when
 * some instance fails its health checks. Returns {status, reason}; reason is a sentence or null.
 */
export function appStatus(app, entry) {
  const deployments = app.deployments || [];
  if (entry && entry.count > 0) {
    const delay = entry.delay || {};
    if (delay.overdue === false) {
      return { status: STATUS.DELAYED, reason: `Launches held back for ${Math.max(0, Math.round(delay.timeLeftSeconds || 0))} s after failures (backoff).` };
    }
    return { status: STATUS.WAITING, reason: waitingReasons(entry)[0] || `${entry.count} instance(s) waiting for a matching offer.` };
  }
  if (deployments.length) return { status: STATUS.DEPLOYING, reason: null };
  if (app.instances === 0 && !(app.tasksRunning > 0)) return { status: STATUS.SUSPENDED, reason: null };
  if (app.tasksUnhealthy > 0) return { status: STATUS.UNHEALTHY, reason: `${app.tasksUnhealthy} instance(s) failing health checks.` };
  return { status: STATUS.RUNNING, reason: null };
}

export function statusClass(status) {
  switch (status) {
    case STATUS.RUNNING: return 'ok';
    case STATUS.DEPLOYING:
    case STATUS.WAITING: return 'busy';
    case STATUS.DELAYED: return 'warn';
    case STATUS.UNHEALTHY: return 'bad';
    default: return 'muted';
  }
}

/** A task's health from its healthCheckResults: 'healthy' (all alive), 'unhealthy', or 'unknown'. */
export function taskHealth(task) {
  const results = task.healthCheckResults || [];
  if (!results.length) return 'unknown';
  return results.every((r) => r.alive) ? 'healthy' : 'unhealthy';
}

/** Counts of an app: Marathon's embedded counts, else counted from its embedded tasks. */
export function counts(app) {
  const tasks = app.tasks || [];
  const count = (pred) => tasks.filter(pred).length;
  const num = (v, fallback) => (typeof v === 'number' ? v : fallback);
  return {
    wanted: num(app.instances, 0),
    running: num(app.tasksRunning, count((t) => t.state === 'TASK_RUNNING')),
    staged: num(app.tasksStaged, count((t) => t.state === 'TASK_STAGING' || t.state === 'TASK_STARTING')),
    healthy: num(app.tasksHealthy, count((t) => taskHealth(t) === 'healthy')),
    unhealthy: num(app.tasksUnhealthy, count((t) => taskHealth(t) === 'unhealthy')),
    checked: (app.healthChecks || []).length > 0,
  };
}

/** Marathon's offer-rejection reasons, as a person would say them. */
export const REASON_TEXT = {
  UnfulfilledRole: 'offers of a role the app does not accept',
  UnfulfilledConstraint: 'agents that do not meet the constraints',
  NoCorrespondingReservationFound: 'no reservation for the app on the agent',
  AgentMaintenance: 'agents in maintenance',
  InsufficientCpus: 'not enough cpus',
  InsufficientMemory: 'not enough memory',
  InsufficientDisk: 'not enough disk',
  InsufficientGpus: 'not enough gpus',
  InsufficientPorts: 'the ports it needs are taken',
  DeclinedScarceResources: 'resources kept for apps that need them (gpus)',
};

/**
 * Why a queued app waits, as sentences: Mezzo's own reason sentences first (the services framework
 * adds them to the queue entry; several spellings are read so the UI does not depend on one), then
 * Marathon's per-reason counts of the last offers ("not enough memory on 3 of 3 offers").
 */
export function waitingReasons(entry) {
  if (!entry) return [];
  const s = entry.processedOffersSummary || {};
  const sentences = [entry.reasons, entry.details, entry.why, s.details, s.reasons, entry.lastReport?.details]
    .filter(Array.isArray).flat().filter((x) => typeof x === 'string' && x.trim());
  const counted = rejectSummary(entry)
    .filter((r) => r.declined > 0)
    .sort((a, b) => b.declined - a.declined)
    .map((r) => `${capitalize(r.text)} on ${r.declined} of ${r.processed} offer(s).`);
  return [...new Set([...sentences, ...counted])];
}

/** [{reason, text, declined, processed}] of the last offers (Marathon's rejectSummaryLastOffers). */
export function rejectSummary(entry) {
  const s = entry?.processedOffersSummary || {};
  const list = s.rejectSummaryLastOffers || s.rejectSummaryLaunchAttempt || [];
  return list.map((r) => ({
    reason: r.reason,
    text: REASON_TEXT[r.reason] || r.reason,
    declined: r.declined || 0,
    processed: r.processed || 0,
  }));
}

function capitalize(s) {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}

/** The deployments that touch an app. */
export function deploymentsOf(deployments, appId) {
  const id = normalizeId(appId);
  return (deployments || []).filter((d) => (d.affectedApps || []).map(normalizeId).includes(id));
}

/**
 * An error answer of /v2 → {message, details: [{path, errors}], deployments: [ids]}. Marathon's
 * body is {"message", "details": [{"path", "errors"}]} (422) or {"message", "deployments": [{"id"}]}
 * (409); anything else becomes the message.
 */
export function apiError(status, body) {
  const b = body && typeof body === 'object' ? body : {};
  const message = b.message || (typeof body === 'string' && body.trim()) || `the API answered ${status}`;
  const details = (Array.isArray(b.details) ? b.details : []).map((d) => ({
    path: d.path || '/',
    errors: Array.isArray(d.errors) ? d.errors : [d.message || String(d.errors ?? '')],
  }));
  const deployments = (Array.isArray(b.deployments) ? b.deployments : [])
    .map((d) => (typeof d === 'string' ? d : d.id)).filter(Boolean);
  return { status, message, details, deployments };
}

/** Parses the JSON editor's text; {app} or {error} naming where the JSON broke. */
export function parseAppJson(text) {
  if (!String(text || '').trim()) return { error: 'The app definition is empty: paste or write one as JSON.' };
  let app;
  try {
    app = JSON.parse(text);
  } catch (e) {
    return { error: `The app definition is not valid JSON: ${e.message}` };
  }
  if (!app || typeof app !== 'object' || Array.isArray(app)) {
    return { error: 'The app definition must be a JSON object, such as {"id": "/web", "cmd": "…"}.' };
  }
  return { app };
}

/**
 * The short deploy form → a Marathon app definition, or the errors of its fields:
 * {app, errors: [{field, message}]}. Empty optional fields are left out so Marathon's defaults apply.
 */
export function formToApp(form) {
  const errors = [];
  const str = (k) => String(form[k] ?? '').trim();
  const id = str('id');
  if (!id) errors.push({ field: 'id', message: 'An app needs an id, such as /web.' });
  const image = str('image');
  const cmd = str('cmd');
  if (!cmd && !image) errors.push({ field: 'cmd', message: 'Give a command, a Docker image, or both.' });
  const number = (k, label, { integer = false, min = 0, positive = false } = {}) => {
    const raw = str(k);
    if (!raw) return undefined;
    const v = Number(raw);
    if (!Number.isFinite(v) || (integer && !Number.isInteger(v)) || v < min || (positive && v <= 0)) {
      errors.push({ field: k, message: `${label} must be ${integer ? 'a whole number' : 'a number'} ${positive ? 'above 0' : `of at least ${min}`}, not "${raw}".` });
      return undefined;
    }
    return v;
  };
  const app = { id: id ? normalizeId(id) : id };
  if (cmd) app.cmd = cmd;
  const instances = number('instances', 'Instances', { integer: true });
  const cpus = number('cpus', 'CPUs', { positive: true });
  const mem = number('mem', 'Memory (MB)', { positive: true });
  if (instances !== undefined) app.instances = instances;
  if (cpus !== undefined) app.cpus = cpus;
  if (mem !== undefined) app.mem = mem;
  if (image) app.container = { type: 'DOCKER', docker: { image } };
  const health = str('healthPath');
  if (health) {
    if (!health.startsWith('/')) errors.push({ field: 'healthPath', message: `The health check path must start with /, not "${health}".` });
    app.portDefinitions = [{ port: 0, protocol: 'tcp', name: 'http' }];
    app.healthChecks = [{ protocol: 'MESOS_HTTP', path: health, portIndex: 0 }];
  }
  return { app, errors };
}

/** Marathon's ISO-8601 timestamps → seconds since the epoch (what dom.js's formatters take). */
export function isoSecs(iso) {
  const t = Date.parse(iso || '');
  return Number.isFinite(t) ? t / 1000 : 0;
}
