// Talking to the master: JSON GETs with a timeout, and errors that say what failed and why, so a
// view can show a banner instead of breaking. Every request carries the signed-in credential
// (auth.js); a 401 asks for one.

import { challenged, credentialsMode, withAuth } from './auth.js';

export class ApiError extends Error {
  constructor(url, status, reason) {
    super(status ? `${url} answered ${status}${reason ? `: ${reason}` : ''}` : `${url}: ${reason}`);
    this.url = url;
    this.status = status; // 0 when the request never got an answer
    this.reason = reason;
  }
}

/**
 * GET url and parse its JSON body; rejects with an ApiError on network failure, timeout or non-2xx.
 * Redirects are not followed: a standby master that answers 307 to the leader gives an ApiError
 * with `redirected` set (following it would be a cross-origin request the leader need not allow).
 */
export async function getJson(url, timeoutMs = 10000) {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), timeoutMs);
  let res;
  try {
    res = await fetch(url, {
      signal: ctl.signal,
      headers: withAuth({ Accept: 'application/json' }),
      cache: 'no-store',
      redirect: 'manual',
      credentials: credentialsMode(),
    });
  } catch (e) {
    throw new ApiError(url, 0, ctl.signal.aborted ? `no answer within ${timeoutMs / 1000} s` : 'unreachable');
  } finally {
    clearTimeout(timer);
  }
  if (res.type === 'opaqueredirect') {
    const err = new ApiError(url, 307, 'redirected to the leading master');
    err.redirected = true;
    throw err;
  }
  if (!res.ok) {
    let text = '';
    try {
      text = errorText(await res.text());
    } catch (e) {
      // The status alone still says enough.
    }
    if (res.status === 401) challenged(text || res.statusText);
    throw new ApiError(url, res.status, text || res.statusText);
  }
  try {
    return await res.json();
  } catch (e) {
    throw new ApiError(url, res.status, 'the answer is not JSON');
  }
}

/**
 * The words of an error body: Mezzo's errors are plain text, Marathon's (/v2) are JSON with a
 * "message", and an HTML error page is reduced to its words.
 */
export function errorText(body) {
  try {
    const parsed = JSON.parse(body);
    if (parsed && typeof parsed.message === 'string') return parsed.message.slice(0, 300);
  } catch (e) {
    // Not JSON: plain text or HTML.
  }
  return body.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 300);
}

/**
 * Sends a JSON request (POST, PUT, DELETE…) and resolves with {status, ok, body, headers} whatever
 * the status, so the caller can show a 409's blocking deployment or a 422's details; body is the
 * parsed JSON, else the text. Rejects with an ApiError only when no answer came.
 */
export async function sendJson(method, url, body, timeoutMs = 15000) {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), timeoutMs);
  let res;
  let text = '';
  try {
    res = await fetch(url, {
      method,
      signal: ctl.signal,
      cache: 'no-store',
      redirect: 'manual',
      credentials: credentialsMode(),
      headers: withAuth(body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' }),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    text = await res.text();
  } catch (e) {
    throw new ApiError(url, 0, ctl.signal.aborted ? `no answer within ${timeoutMs / 1000} s` : 'unreachable');
  } finally {
    clearTimeout(timer);
  }
  if (res.type === 'opaqueredirect') {
    return { status: 307, ok: false, body: 'This master is not the leader: the services API answers on the leading master.', headers: res.headers };
  }
  let parsed = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch (e) {
    // Not JSON: the text is the body.
  }
  if (res.status === 401) challenged(typeof parsed === 'string' ? errorText(parsed) : parsed?.message || res.statusText);
  return { status: res.status, ok: res.ok, body: parsed, headers: res.headers };
}

/**
 * Downloads a file through fetch, so the request carries the credential (a plain link would not,
 * and the browser would prompt for a password instead), then hands it to the browser as `name`.
 */
export async function download(url, name, timeoutMs = 120000) {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), timeoutMs);
  try {
    const res = await fetch(url, { signal: ctl.signal, headers: withAuth({}), cache: 'no-store', credentials: credentialsMode() });
    if (!res.ok) {
      const text = errorText(await res.text());
      if (res.status === 401) challenged(text);
      throw new ApiError(url, res.status, text || res.statusText);
    }
    const href = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = href;
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(href), 60000);
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw new ApiError(url, 0, ctl.signal.aborted ? `no answer within ${timeoutMs / 1000} s` : 'unreachable');
  } finally {
    clearTimeout(timer);
  }
}

/** Query string from an object, skipping null/undefined values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== null && v !== undefined) q.set(k, String(v));
  }
  return q.toString();
}

// The endpoints the UI reads (MESOS-API.md §4.3), in one place.
export const endpoints = {
  state: '/master/state',
  metrics: '/metrics/snapshot',
  roles: '/master/roles',
  redirect: '/master/redirect',
  maintenanceSchedule: '/master/maintenance/schedule',
  maintenanceStatus: '/master/maintenance/status',
  // agent_id, when the UI knows it, tells the master which agent holds the sandbox; without it the
  // master finds the agent from the path. Mesos ignores the parameter.
  browse: (path, agentId) => `/files/browse?${query({ path, agent_id: agentId })}`,
  read: (path, offset, length, agentId) => `/files/read?${query({ path, offset, length, agent_id: agentId })}`,
  download: (path, agentId) => `/files/download?${query({ path, agent_id: agentId })}`,
  // Marathon's REST API, served by the built-in services framework on the leading master.
  apps: '/v2/apps?embed=apps.counts&embed=apps.deployments&embed=apps.tasks&embed=apps.lastTaskFailure',
  deployments: '/v2/deployments',
  queue: '/v2/queue',
  servicesInfo: '/v2/info',
};
