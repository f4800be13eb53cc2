// Reading the built-in services framework's Marathon API (/v2) for the Apps views: apps,
// deployments and the launch queue in one round, polled while an Apps view is on screen. The API is
// absent (404) or not ready (503) when the framework does not run on this master; the views say so
// instead of showing a broken page.

import { endpoints, getJson } from './api.js';

const POLL_MS = 2000;

/**
 * One round: {available: true, apps, deployments, queue, frameworkId, warnings} or {available:
 * false, why}. Rejects with the ApiError of /v2/apps for any other failure; a failing deployments
 * or queue read only adds a warning, so the apps still show.
 */
export async function loadServices(previous) {
  let apps;
  try {
    apps = (await getJson(endpoints.apps)).apps || [];
  } catch (e) {
    if (e.status === 404 || e.status === 503) {
      return {
        available: false,
        why: e.status === 404
          ? 'This master does not serve Marathon\'s API at /v2: the services framework is not running here.'
          : `The services framework is not running yet (/v2 answered 503${e.reason ? `: ${e.reason}` : ''}).`,
      };
    }
    throw e;
  }
  const [deployments, queue, info] = await Promise.allSettled([
    getJson(endpoints.deployments),
    getJson(endpoints.queue),
    previous?.frameworkId ? Promise.resolve({ frameworkId: previous.frameworkId }) : getJson(endpoints.servicesInfo),
  ]);
  const warnings = [];
  if (deployments.status === 'rejected') warnings.push(`Cannot read deployments — ${deployments.reason.message}`);
  if (queue.status === 'rejected') warnings.push(`Cannot read the launch queue — ${queue.reason.message}`);
  return {
    available: true,
    apps,
    deployments: deployments.status === 'fulfilled' && Array.isArray(deployments.value)
      ? deployments.value : (previous?.deployments || []),
    queue: queue.status === 'fulfilled' ? (queue.value.queue || []) : (previous?.queue || []),
    frameworkId: info.status === 'fulfilled' ? info.value.frameworkId || null : null,
    warnings,
  };
}

/**
 * Polls loadServices every 2 s while started, calling onData(services) or onError(ApiError).
 * refresh() polls at once (after an action); stop() ends the loop and drops answers still in flight.
 */
export function servicesPoller(onData, onError) {
  let timer = null;
  let running = false;
  let generation = 0;
  let last = null;

  async function tick() {
    clearTimeout(timer);
    const mine = ++generation;
    try {
      const data = await loadServices(last);
      if (!running || mine !== generation) return;
      last = data;
      onData(data);
    } catch (e) {
      if (!running || mine !== generation) return;
      onError(e);
    }
    if (running && mine === generation) timer = setTimeout(tick, document.hidden ? POLL_MS * 5 : POLL_MS);
  }

  return {
    start() {
      running = true;
      tick();
    },
    refresh() {
      if (running) tick();
    },
    stop() {
      running = false;
      clearTimeout(timer);
    },
    get last() {
      return last;
    },
  };
}
