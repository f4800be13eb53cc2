// One app: its definition, instances (with their agents, health and sandboxes), the deployment in
// progress with its steps, why instances wait to launch, its last failure and its versions (each
// viewable, and one click from a rollback).

import { getJson } from '../api.js';
import { fill, fmtAgo, fmtMB, fmtNumber, fmtTime, h, link, stateBadge } from '../dom.js';
import { appUrl, counts, deploymentsOf, isoSecs, normalizeId, queueEntryOf, taskHealth } from '../marathon.js';
import { allTasks, executorIdOf } from '../model.js';
import { appActions, confirmDialog, runAction } from './actions.js';
import { deploymentsCard, queueCard, statusBadge, unavailableCard } from './app-parts.js';
import { healthText, instancesText, servicesLifecycle, whatItRuns } from './apps.js';
import { card, dataTable, kv, pageHeader, shortId } from './common.js';

/** Chips for a list of words; null (so the row is left out) when there are none. */
function chips(words) {
  return words.length ? words.map((w) => h('span', { class: 'chip' }, w)) : null;
}

export function appView(appId) {
  const id = normalizeId(appId);
  let el;
  let outcome;
  let body;
  let services = null;
  let state = null;
  let versions = { for: null, list: [], error: null };
  let shown = null; // {version, json} of the version on display
  const life = servicesLifecycle((data) => {
    services = data;
    render();
  });

  async function loadVersions(current) {
    versions = { for: current, list: versions.list, error: null };
    try {
      const r = await getJson(appUrl(id, '/versions'));
      versions = { for: current, list: [...(r.versions || [])].sort().reverse(), error: null };
    } catch (e) {
      versions = { for: current, list: versions.list, error: e.message };
    }
    render();
  }

  async function showVersion(v) {
    try {
      shown = { version: v, json: await getJson(appUrl(id, `/versions/${encodeURIComponent(v)}`)) };
    } catch (e) {
      shown = { version: v, json: null, error: e.message };
    }
    render();
  }

  /** Where a Marathon task's Mesos task is in the master's state: its framework and executor. */
  function mesosTask(taskId) {
    const found = state ? allTasks(state).find(({ task }) => task.id === taskId) : null;
    if (found) return { frameworkId: found.framework.id, executorId: executorIdOf(found.task) };
    return services?.frameworkId ? { frameworkId: services.frameworkId, executorId: taskId } : null;
  }

  /** Kills one instance (POST /v2/tasks/delete without scale): the framework replaces it. */
  function killButton(t) {
    return h('button', {
      type: 'button', class: 'btn small danger', dataset: { action: 'kill' },
      onclick: async () => {
        const r = await confirmDialog({ title: `Kill ${t.id}`, text: 'The instance is killed and the services framework starts a replacement.', confirmLabel: 'Kill', danger: true });
        if (r.ok) runAction(outcome, { action: 'kill', what: `Killing ${t.id}`, method: 'POST', url: '/v2/tasks/delete', body: { ids: [t.id] }, onDone: life.refresh });
      },
    }, 'Kill');
  }

  function instancesCard(app) {
    const tasks = [...(app.tasks || [])].sort((a, b) => String(a.id).localeCompare(String(b.id)));
    return card(`Instances (${tasks.length})`, dataTable([
      { label: 'Task', cell: (t) => { const m = mesosTask(t.id); return h('span', { class: 'mono small' }, m ? link(`#/tasks/${encodeURIComponent(m.frameworkId)}/${encodeURIComponent(t.id)}`, t.id) : t.id); } },
      { label: 'Agent', cell: (t) => (t.slaveId ? link(`#/agents/${encodeURIComponent(t.slaveId)}`, t.host || shortId(t.slaveId)) : (t.host || '–')) },
      { label: 'Ports', cell: (t) => (t.ports || []).join(', ') || '–' },
      { label: 'State', cell: (t) => stateBadge(t.state) },
      { label: 'Health', cell: (t) => { const v = taskHealth(t); return v === 'unknown' ? h('span', { class: 'muted' }, 'no checks') : h('span', { class: `chip ${v === 'healthy' ? 'ok' : 'bad'}`, title: (t.healthCheckResults || []).map((r) => r.lastFailureCause).filter(Boolean).join('; ') }, v); } },
      { label: 'Started', cell: (t) => fmtAgo(isoSecs(t.startedAt || t.stagedAt)) },
      { label: 'Version', cell: (t) => (t.version === app.version ? h('span', { class: 'chip ok' }, 'current') : h('span', { class: 'chip' }, fmtTime(isoSecs(t.version)))) },
      { label: '', class: 'actions', cell: (t) => { const m = mesosTask(t.id); return [m ? link(`#/sandbox/${encodeURIComponent(m.frameworkId)}/${encodeURIComponent(m.executorId)}`, 'Sandbox') : null, ' ', killButton(t)]; } },
    ], tasks, app.instances ? 'No instance launched yet.' : 'Suspended: no instance wanted.',
    (t) => ({ class: 'instance-row', dataset: { taskId: t.id, state: t.state || '' } })));
  }

  function versionsCard(app) {
    const rollback = async (v) => {
      const r = await confirmDialog({ title: `Roll ${id} back`, text: `The app goes back to its definition of ${fmtTime(isoSecs(v))}, in a new deployment.`, confirmLabel: 'Roll back' });
      if (r.ok) runAction(outcome, { action: 'rollback', what: `Rolling ${id} back to ${v}`, method: 'PUT', url: appUrl(id), body: { version: v }, onDone: life.refresh });
    };
    return card(`Versions (${versions.list.length})`,
      versions.error ? h('p', { class: 'field-error' }, `Cannot read the versions — ${versions.error}`) : null,
      dataTable([
        { label: 'Version', cell: (v) => h('span', { class: 'mono small' }, v) },
        { label: 'When', cell: (v) => fmtAgo(isoSecs(v)) },
        { label: '', class: 'actions', cell: (v) => [
          v === app.version ? h('span', { class: 'chip ok' }, 'current') : null,
          h('button', { type: 'button', class: 'btn small', onclick: () => showVersion(v) }, 'Show'),
          v !== app.version ? h('button', { type: 'button', class: 'btn small', dataset: { action: 'rollback' }, onclick: () => rollback(v) }, 'Roll back to this') : null] },
      ], versions.list, 'No versions listed yet.', (v) => ({ class: v === shown?.version ? 'version-row selected' : 'version-row' })),
      shown ? h('div', null, h('h2', null, `Definition of ${shown.version}`),
        shown.error ? h('p', { class: 'field-error' }, shown.error) : h('pre', { class: 'json-view' }, JSON.stringify(shown.json, null, 2))) : null);
  }

  function render() {
    if (!services) return;
    if (!services.available) {
      fill(body, unavailableCard(services.why));
      return;
    }
    const app = services.apps.find((a) => normalizeId(a.id) === id);
    if (!app) {
      fill(body, h('div', { class: 'card', id: 'unknown-app' }, h('h1', null, 'Unknown app'),
        h('p', null, 'The services framework has no app ', h('code', null, id), '; it may have been destroyed. ', link('#/apps', 'All apps'))));
      return;
    }
    if (versions.for !== app.version) loadVersions(app.version);
    const entry = queueEntryOf(services.queue, id);
    const c = counts(app);
    const failure = app.lastTaskFailure;
    fill(body,
      pageHeader(app.id, whatItRuns(app), statusBadge(app, entry), appActions(app, outcome, life.refresh)),
      deploymentsCard(deploymentsOf(services.deployments, id), outcome, life.refresh, 'Deployment in progress'),
      queueCard(entry, outcome, life.refresh),
      h('div', { class: 'two-col' },
        card('App', kv([
          ['Instances', instancesText(c)],
          ['Health', healthText(c)],
          ['Resources', `${fmtNumber(app.cpus)} cpus · ${fmtMB(app.mem)} · ${fmtMB(app.disk || 0)} disk${app.gpus ? ` · ${app.gpus} gpus` : ''}`],
          ['Image', app.container?.docker?.image || null],
          ['Command', app.cmd ? h('span', { class: 'mono small' }, app.cmd) : null],
          ['Health checks', chips((app.healthChecks || []).map((hc) => `${hc.protocol}${hc.path ? ` ${hc.path}` : ''}`))],
          ['Constraints', chips((app.constraints || []).map((k) => k.join(':')))],
          ['Version', app.version ? `${fmtTime(isoSecs(app.version))} (${fmtAgo(isoSecs(app.version))})` : null],
          ['Config changed', app.versionInfo?.lastConfigChangeAt ? fmtAgo(isoSecs(app.versionInfo.lastConfigChangeAt)) : null],
          ['Scaled', app.versionInfo?.lastScalingAt ? fmtAgo(isoSecs(app.versionInfo.lastScalingAt)) : null],
        ])),
        failure ? card('Last task failure', kv([
          ['When', `${fmtTime(isoSecs(failure.timestamp))} (${fmtAgo(isoSecs(failure.timestamp))})`],
          ['State', stateBadge(failure.state)],
          ['Message', failure.message],
          ['Task', h('span', { class: 'mono small' }, failure.taskId)],
          ['Host', failure.slaveId ? link(`#/agents/${encodeURIComponent(failure.slaveId)}`, failure.host) : failure.host],
        ])) : card('Last task failure', h('p', { class: 'empty' }, 'No instance has failed.'))),
      instancesCard(app),
      versionsCard(app));
  }

  return {
    mount(target, ctx) {
      el = target;
      outcome = h('div', { id: 'app-outcome', 'aria-live': 'polite' });
      body = h('div', null, h('p', { class: 'empty' }, 'Loading the app…'));
      fill(el, h('p', { class: 'crumbs' }, link('#/apps', '← All apps')), outcome, body);
      life.mount(ctx);
    },
    update(store) {
      state = store.state;
      render();
    },
    unmount: () => life.unmount(),
  };
}
