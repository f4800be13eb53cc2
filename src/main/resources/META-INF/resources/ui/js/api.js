// Talking to the master: JSON GETs with a timeout, and errors that say what failed and why, so a
// view can show a banner instead of breaking.

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
      signal: ctl.signal, headers: { Accept: 'application/json' }, cache: 'no-store', redirect: 'manual',
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
      // Mezzo's errors are plain text; an HTML error page is reduced to its words.
      text = (await res.text()).replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 300);
    } catch (e) {
      // The status alone still says enough.
    }
    throw new ApiError(url, res.status, text || res.statusText);
  }
  try {
    return await res.json();
  } catch (e) {
    throw new ApiError(url, res.status, 'the answer is not JSON');
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
  // agent_id, when the UI knows it, tells the master which agent holds the sandbox; without it the
  // master finds the agent from the path. Mesos ignores the parameter.
  browse: (path, agentId) => `/files/browse?${query({ path, agent_id: agentId })}`,
  read: (path, offset, length, agentId) => `/files/read?${query({ path, offset, length, agent_id: agentId })}`,
  download: (path, agentId) => `/files/download?${query({ path, agent_id: agentId })}`,
};
