// The Mezzo web UI: polls the leading master's /master/state and /metrics/snapshot, keeps a rolling
// history for the charts, and renders one view at a time chosen by the URL fragment. A failed
// request shows a banner and keeps the last good data on screen.

import { endpoints, getJson } from './api.js';
import { clearCredential, onChallenge } from './auth.js';
import { hideLogin, loginShown, renderWhoami, showLogin } from './views/login.js';
import { fill, fmtAgo, h } from './dom.js';
import { leadership, sample } from './model.js';
import { overviewView } from './views/overview.js';
import { agentsView, agentView } from './views/agents.js';
import { frameworksView, frameworkView } from './views/frameworks.js';
import { tasksView, taskView } from './views/tasks.js';
import { sandboxView } from './views/sandbox.js';
import { appsView } from './views/apps.js';
import { appView } from './views/app.js';
import { jobsView } from './views/jobs.js';
import { jobView } from './views/job.js';
import { maintenanceView } from './views/maintenance.js';

const HISTORY_KEY = 'mezzo.ui.history';
const REDIRECT_KEY = 'mezzo.ui.redirectedAt';
const HISTORY_WINDOW_MS = 10 * 60 * 1000;

/** Everything the views read. */
const store = {
  state: null,
  metrics: null,
  history: loadHistory(),
  lastOk: 0,
  polls: 0,
};

// ---- banners: one per key, so a repeated failure updates its banner instead of stacking ----

const bannerEl = document.getElementById('banners');
const bannerMessages = new Map();

export const banners = {
  set(key, message, level = 'error') {
    bannerMessages.set(key, { message, level });
    renderBanners();
  },
  clear(key) {
    if (bannerMessages.delete(key)) renderBanners();
  },
  has(key) {
    return bannerMessages.has(key);
  },
};

function renderBanners() {
  fill(bannerEl, [...bannerMessages.entries()].map(([key, b]) => h('div', {
    class: `banner ${b.level}`, role: b.level === 'error' ? 'alert' : 'status', dataset: { key },
  }, h('span', { class: 'banner-icon', 'aria-hidden': 'true' }, b.level === 'error' ? '!' : 'i'),
  h('span', { class: 'banner-text' }, b.message))));
}

// ---- routing ----

const routes = [
  [/^\/?$/, () => overviewView()],
  [/^\/agents$/, () => agentsView()],
  [/^\/agents\/([^/]+)$/, (m) => agentView(m[1])],
  [/^\/frameworks$/, () => frameworksView()],
  [/^\/frameworks\/([^/]+)$/, (m) => frameworkView(m[1])],
  [/^\/tasks$/, () => tasksView()],
  [/^\/tasks\/([^/]+)\/([^/]+)$/, (m) => taskView(m[1], m[2])],
  [/^\/sandbox\/([^/]+)\/([^/]+)$/, (m, q) => sandboxView(m[1], m[2], q)],
  [/^\/apps$/, () => appsView()],
  // An app id is a path ("/shop/web"): the link encodes its slashes, a typed one may keep them.
  [/^\/apps\/(.+)$/, (m) => appView(m[1])],
  [/^\/jobs$/, () => jobsView()],
  [/^\/jobs\/(.+)$/, (m) => jobView(m[1])],
  [/^\/maintenance$/, () => maintenanceView()],
];

const mainEl = document.getElementById('main');
let view = null;

function route() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, qs] = raw.split('?');
  const params = new URLSearchParams(qs || '');
  if (view) view.unmount?.();
  view = null;
  for (const [re, make] of routes) {
    const m = path.match(re);
    if (m) {
      view = make([m[0], ...m.slice(1).map(decodeURIComponent)], params);
      break;
    }
  }
  if (!view) view = { mount: (el) => fill(el, h('div', { class: 'card' }, h('h1', null, 'Not found'), h('p', null, 'No view at ', h('code', null, raw), '. ', h('a', { href: '#/' }, 'Back to the overview.')))) };
  for (const a of document.querySelectorAll('nav.tabs a')) {
    const section = a.getAttribute('href').replace(/^#/, '');
    const active = section === '/' ? path === '/' : path.startsWith(section) || (section === '/tasks' && path.startsWith('/sandbox'));
    a.classList.toggle('active', active);
    if (active) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  mainEl.replaceChildren();
  view.mount(mainEl, { banners, store });
  if (store.state) view.update?.(store);
  window.scrollTo(0, 0);
}

window.addEventListener('hashchange', route);

// ---- polling ----

let timer = null;
let redirecting = false;

async function poll() {
  clearTimeout(timer);
  if (loginShown()) return; // signing in polls again
  const [state, metrics] = await Promise.allSettled([getJson(endpoints.state), getJson(endpoints.metrics)]);
  store.polls++;
  if (state.status === 'fulfilled') {
    store.state = state.value;
    store.lastOk = Date.now();
    banners.clear('state');
    renderWhoami(whoamiEl, logout); // the credential, if any, was just accepted
  } else if (state.reason.redirected) {
    goToLeader('This master is not the leader and sends its API to the leading master.');
  } else if (state.reason.status === 401) {
    banners.clear('state'); // the sign-in form says why
  } else {
    banners.set('state', `Cannot read the cluster state — ${state.reason.message}. `
      + (store.state ? `Showing what was known ${fmtAgo(store.lastOk / 1000)}; retrying.` : 'Retrying.'));
  }
  if (metrics.status === 'fulfilled') {
    store.metrics = metrics.value;
    banners.clear('metrics');
  } else if (metrics.reason.status !== 401) {
    banners.set('metrics', `Cannot read metrics — ${metrics.reason.message}. Charts fall back to the state.`, 'warn');
  }
  if (state.status === 'fulfilled') {
    store.history.push(sample(store.state, store.metrics, Date.now()));
    trimHistory();
    checkLeader(store.state);
  }
  renderHeader();
  if (view && store.state && !redirecting) view.update?.(store);
  document.body.dataset.polls = String(store.polls);
  if (!redirecting && !loginShown()) timer = setTimeout(poll, pollInterval());
}

// ---- signing in: the node answered 401 ----

onChallenge((reason, hadCredential) => {
  clearTimeout(timer);
  whoamiEl.hidden = true; // nobody is signed in while the node refuses the credential
  whoamiEl.replaceChildren();
  showLogin(reason, hadCredential, () => {
    poll();
    if (view) route(); // views with their own pollers (apps, jobs) start over with the credential
  });
});

/** Forgets the credential and everything read with it, then starts over as an anonymous caller. */
function logout() {
  clearCredential();
  hideLogin();
  sessionStorage.removeItem(HISTORY_KEY);
  location.reload();
}

/** Faster for small clusters, slower as they grow (as the Mesos UI does), never below 2 s. */
function pollInterval() {
  const agents = store.state?.slaves?.length || 0;
  return Math.min(30000, 2000 + agents * 20);
}

document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible' && !redirecting) poll();
  else clearTimeout(timer);
});

function loadHistory() {
  try {
    const h0 = JSON.parse(sessionStorage.getItem(HISTORY_KEY) || '[]');
    return Array.isArray(h0) ? h0.filter((p) => p && p.t > Date.now() - HISTORY_WINDOW_MS) : [];
  } catch (e) {
    return [];
  }
}

function trimHistory() {
  const cutoff = Date.now() - HISTORY_WINDOW_MS;
  while (store.history.length && store.history[0].t < cutoff) store.history.shift();
  try {
    sessionStorage.setItem(HISTORY_KEY, JSON.stringify(store.history));
  } catch (e) {
    // Storage full or disabled: the history just does not survive a reload.
  }
}

// ---- leading master ----

/**
 * A standby master's UI sends the browser to the leader through /master/redirect (307 to the
 * leader; the fragment, and so the view, survives the redirect). At most once every 15 s, so two
 * masters that disagree cannot bounce the browser forever.
 */
function checkLeader(state) {
  const lead = leadership(state);
  if (!lead.known) {
    banners.set('leader', 'No leading master is elected right now: this master\'s view may be out of date.', 'warn');
    return;
  }
  if (lead.leading) {
    banners.clear('leader');
    return;
  }
  goToLeader(`This master (${lead.self}) is a standby; the leader is ${lead.leader}.`);
}

/** Sends the browser to the leader through /master/redirect, unless that was just tried. */
function goToLeader(why) {
  const last = Number(sessionStorage.getItem(REDIRECT_KEY) || 0);
  if (Date.now() - last < 15000) {
    bannerEl.dataset.redirect = 'suppressed';
    banners.set('leader', `${why} Going there was just tried and did not reach a leader, so this page stays here.`, 'warn');
    return;
  }
  redirecting = true;
  sessionStorage.setItem(REDIRECT_KEY, String(Date.now()));
  banners.set('leader', `${why} Taking you to the leading master…`, 'info');
  setTimeout(() => location.assign(endpoints.redirect + location.hash), 1200);
}

// ---- header ----

const leaderEl = document.getElementById('leader');
const whoamiEl = document.getElementById('whoami');
const liveEl = document.getElementById('live');

function renderHeader() {
  const s = store.state;
  if (s) {
    const lead = leadership(s);
    const elected = s.elected_time ? `elected ${fmtAgo(s.elected_time)}` : '';
    fill(leaderEl,
      h('span', { class: `dot ${lead.leading ? 'ok' : 'warn'}`, 'aria-hidden': 'true' }),
      h('span', { class: 'leader-label' }, lead.leading ? 'Leader ' : 'Standby · leader '),
      h('strong', { id: 'leader-address' }, lead.leader || 'unknown'),
      s.cluster ? h('span', { class: 'muted' }, ` · ${s.cluster}`) : null,
      elected ? h('span', { class: 'muted leader-elected' }, ` · ${elected}`) : null);
    leaderEl.title = `this master: ${s.pid || '?'} · version ${s.version || '?'}`;
  }
  const stale = !store.lastOk || Date.now() - store.lastOk > 3 * pollInterval();
  liveEl.className = `live ${stale ? 'stale' : 'ok'}`;
  liveEl.textContent = stale ? (store.lastOk ? `stale · ${fmtAgo(store.lastOk / 1000)}` : 'connecting…') : 'live';
}

route();
poll();
