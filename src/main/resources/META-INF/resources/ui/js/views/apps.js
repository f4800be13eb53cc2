// Apps: the long-running services of the built-in services framework, read from Marathon's API
// (/v2/apps with counts, deployments, tasks and last failure; /v2/queue; /v2/deployments): status
// as Marathon's UI computes it, healthy and running instances, resources, and the actions. The
// deploy panel and the page's outcome area stay put while the list below re-renders on every poll.

import { fill, fmtAgo, fmtMB, fmtNumber, h } from '../dom.js';
import { appStatus, counts, isoSecs, queueEntryOf } from '../marathon.js';
import { servicesPoller } from '../services.js';
import { appActions } from './actions.js';
import { deployPanel } from './app-deploy.js';
import { appLink, deploymentsCard, statusBadge, unavailableCard } from './app-parts.js';
import { card, dataTable, pageHeader } from './common.js';

/** "2 of 3 running (1 staged)". */
export function instancesText(c) {
  return `${c.running} of ${c.wanted} running${c.staged ? ` (${c.staged} starting)` : ''}`;
}

export function healthText(c) {
  if (!c.checked) return h('span', { class: 'muted' }, 'no checks');
  return h('span', null, h('span', { class: 'chip ok' }, `${c.healthy} healthy`),
    c.unhealthy ? h('span', { class: 'chip bad' }, `${c.unhealthy} unhealthy`) : null);
}

export function whatItRuns(app) {
  const image = app.container?.docker?.image;
  return [image ? `image ${image}` : null, app.cmd || (app.args || []).join(' ') || null].filter(Boolean).join(' · ');
}

/** Lifecycle the list and the detail share: poll while mounted, banners cleared when left. */
export function servicesLifecycle(render) {
  let ctx;
  let poller;
  return {
    mount(c) {
      ctx = c;
      poller = servicesPoller((data) => {
        ctx.banners.clear('services');
        if (data.available && data.warnings.length) ctx.banners.set('services-warn', data.warnings.join('. '), 'warn');
        else ctx.banners.clear('services-warn');
        render(data);
      }, (e) => {
        ctx.banners.set('services', `Cannot read the services API — ${e.message}. Retrying.`);
      });
      poller.start();
    },
    refresh: () => poller?.refresh(),
    unmount() {
      poller?.stop();
      document.getElementById('confirm-dialog')?.remove();
      ctx?.banners.clear('services');
      ctx?.banners.clear('services-warn');
    },
  };
}

export function appsView() {
  let body;
  let outcome;
  let panel;
  let toggle;
  const life = servicesLifecycle(render);

  function render(services) {
    toggle.disabled = !services.available;
    if (!services.available) {
      panel.hidden = true;
      fill(body, unavailableCard(services.why));
      return;
    }
    const apps = [...services.apps].sort((a, b) => String(a.id).localeCompare(String(b.id)));
    fill(body,
      deploymentsCard(services.deployments, outcome, life.refresh),
      card(null, dataTable([
        { label: 'App', cell: (a) => h('div', null, appLink(a.id), h('div', { class: 'muted small mono' }, whatItRuns(a))) },
        { label: 'Status', cell: (a) => statusBadge(a, queueEntryOf(services.queue, a.id)) },
        { label: 'Instances', class: 'num', cell: (a) => instancesText(counts(a)) },
        { label: 'Health', cell: (a) => healthText(counts(a)) },
        { label: 'CPU', class: 'num', cell: (a) => fmtNumber(a.cpus) },
        { label: 'Memory', class: 'num', cell: (a) => fmtMB(a.mem) },
        { label: 'Changed', cell: (a) => fmtAgo(isoSecs(a.versionInfo?.lastConfigChangeAt || a.version)) },
        { label: '', class: 'actions', cell: (a) => appActions(a, outcome, life.refresh) },
      ], apps, 'No apps yet. Deploy one with the button above, or POST an app definition to /v2/apps.',
      (a) => ({
        class: 'app-row',
        dataset: {
          appId: a.id, status: appStatus(a, queueEntryOf(services.queue, a.id)).status,
          running: String(counts(a).running), instances: String(a.instances),
        },
      }))));
  }

  return {
    mount(el, ctx) {
      outcome = h('div', { id: 'app-outcome', 'aria-live': 'polite' });
      panel = deployPanel(() => life.refresh());
      panel.hidden = true;
      toggle = h('button', {
        type: 'button', id: 'deploy-toggle', class: 'btn primary',
        onclick: () => {
          panel.hidden = !panel.hidden;
          toggle.textContent = panel.hidden ? 'Deploy an app' : 'Close';
        },
      }, 'Deploy an app');
      body = h('div', null, h('p', { class: 'empty' }, 'Loading apps…'));
      fill(el, pageHeader('Apps', 'Long-running services the built-in services framework deploys, scales and heals (Marathon\'s API at /v2)', toggle),
        panel, outcome, body);
      life.mount(ctx);
    },
    unmount: () => life.unmount(),
  };
}
