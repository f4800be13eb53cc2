// Reading the built-in jobs framework's Chronos API for the Jobs views, polled while one is on
// screen. The API is absent (404) when this master does not serve it and not ready (503) when the
// framework does not run here; the views say so instead of showing a broken page.

import { getJson } from './api.js';
import { credentialsMode, withAuth } from './auth.js';
import { SCHEDULER } from './chronos.js';

const POLL_MS = 2000;

async function getText(url, timeoutMs = 10000) {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), timeoutMs);
  try {
    const res = await fetch(url, {
      signal: ctl.signal, headers: withAuth({}), cache: 'no-store', redirect: 'manual', credentials: credentialsMode(),
    });
    if (!res.ok) throw new Error(`${url} answered ${res.status}`);
    return await res.text();
  } finally {
    clearTimeout(timer);
  }
}

/**
 * One round: {available: true, jobs, graphCsv, warnings} or {available: false, why}. `withGraph`
 * also reads /graph/csv (a failing read only adds a warning). Rejects with the ApiError of /jobs
 * for any failure but 404 and 503.
 */
export async function loadJobs({ withGraph = false } = {}) {
  let jobs;
  try {
    jobs = await getJson(`${SCHEDULER}/jobs`);
  } catch (e) {
    if (e.status === 404 || e.status === 503) {
      return {
        available: false,
        why: e.status === 404
          ? `This master does not serve Chronos's API at ${SCHEDULER}: the jobs framework is not running here.`
          : `The jobs framework is not running yet (${SCHEDULER}/jobs answered 503${e.reason ? `: ${e.reason}` : ''}).`,
      };
    }
    throw e;
  }
  const warnings = [];
  let graphCsv = null;
  if (withGraph) {
    try {
      graphCsv = await getText(`${SCHEDULER}/graph/csv`);
    } catch (e) {
      warnings.push(`Cannot read the dependency graph — ${e.message}`);
    }
  }
  return { available: true, jobs: Array.isArray(jobs) ? jobs : [], graphCsv, warnings };
}

/**
 * Polls `load` every 2 s while started, calling onData(data) or onError(error). refresh() polls at
 * once (after an action); stop() ends the loop and drops answers still in flight.
 */
export function jobsPoller(load, onData, onError) {
  let timer = null;
  let running = false;
  let generation = 0;

  async function tick() {
    clearTimeout(timer);
    const mine = ++generation;
    try {
      const data = await load();
      if (!running || mine !== generation) return;
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
  };
}
