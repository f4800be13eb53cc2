// Frameworks: roles, dominant (DRF) share, resources, tasks and outstanding offers; the roles the
// master knows with their weights, reservations and quota (guarantee, limit, what counts against it).

import { endpoints, getJson } from '../api.js';
import { fill, fmtAgo, fmtMB, fmtNumber, fmtPercent, fmtTime, h, link, meter, stateBadge } from '../dom.js';
import { agentsById, clusterResources, dominantShare, executorIdOf, history, lastUpdate, rolesOf, scalar } from '../model.js';
import { card, dataTable, kv, pageHeader, shortId } from './common.js';

function shareCell(fw, total) {
  const d = dominantShare(fw.used_resources, total);
  return h('div', { class: 'share', title: 'Dominant share: the largest of allocated/total over cpus, mem and disk' },
    meter(d.share, 1, `${fmtPercent(d.share)}${d.resource ? ` ${d.resource}` : ''}`));
}

function status(fw) {
  if (!fw.active) return stateBadge('inactive');
  return stateBadge(fw.connected === false ? 'disconnected' : 'active');
}

function resourcesText(r) {
  return `${fmtNumber(scalar(r, 'cpus'))} cpus · ${fmtMB(scalar(r, 'mem'))} · ${fmtMB(scalar(r, 'disk'))} disk`;
}

// A quota's guarantee or limit names only some resources: show those, '—' when none.
function quotaText(q) {
  const names = Object.keys(q || {}).sort();
  if (names.length === 0) return '—';
  return names.map((n) => (n === 'mem' || n === 'disk' ? `${fmtMB(q[n])} ${n}` : `${fmtNumber(q[n])} ${n}`)).join(' · ');
}

export function frameworksView() {
  let body;
  let rolesEl;
  let rolesBusy = false;
  let gone = false;

  async function loadRoles(total, ctx) {
    if (rolesBusy) return;
    rolesBusy = true;
    try {
      const roles = (await getJson(endpoints.roles)).roles || [];
      ctx.banners.clear('roles');
      if (gone) return;
      fill(rolesEl, dataTable([
        { label: 'Role', cell: (r) => h('span', { class: 'mono' }, r.name) },
        { label: 'Weight', class: 'num', cell: (r) => fmtNumber(r.weight ?? 1) },
        { label: 'Frameworks', class: 'num', cell: (r) => String((r.frameworks || []).length) },
        { label: 'Allocated', cell: (r) => resourcesText(r.allocated || r.resources) },
        { label: 'Reserved', cell: (r) => resourcesText(r.reserved || {}) },
        { label: 'Quota guarantee', class: 'quota-guarantee', cell: (r) => quotaText(r.quota && r.quota.guarantee) },
        { label: 'Quota limit', class: 'quota-limit', cell: (r) => quotaText(r.quota && r.quota.limit) },
        { label: 'Quota consumed', cell: (r) => (r.quota && (Object.keys(r.quota.guarantee || {}).length || Object.keys(r.quota.limit || {}).length) ? resourcesText(r.quota.consumed || {}) : '—') },
        { label: 'Dominant share', cell: (r) => { const d = dominantShare(r.allocated || r.resources, total); return meter(d.share, 1, `${fmtPercent(d.share)}${d.resource ? ` ${d.resource}` : ''}`); } },
      ], roles, 'No roles in use.', (r) => ({ class: 'role-row', 'data-role': r.name })));
    } catch (e) {
      if (!gone) ctx.banners.set('roles', `Cannot read roles — ${e.message}`, 'warn');
    } finally {
      rolesBusy = false;
    }
  }

  let ctx;
  return {
    mount(el, c) {
      ctx = c;
      body = h('div');
      rolesEl = h('div', null, h('p', { class: 'empty' }, 'Loading roles…'));
      fill(el, pageHeader('Frameworks', 'Schedulers sharing the cluster, ordered by dominant resource share'), body, card('Roles', rolesEl));
    },
    update({ state }) {
      const total = clusterResources(state).total;
      const fws = [...(state.frameworks || [])]
        .sort((a, b) => dominantShare(b.used_resources, total).share - dominantShare(a.used_resources, total).share);
      const cols = [
        { label: 'Framework', cell: (f) => h('div', null, link(`#/frameworks/${encodeURIComponent(f.id)}`, f.name || f.id), h('div', { class: 'muted small mono' }, shortId(f.id))) },
        { label: 'Roles', cell: (f) => rolesOf(f).map((r) => h('span', { class: 'chip' }, r)) },
        { label: 'Status', cell: status },
        { label: 'Dominant share', cell: (f) => shareCell(f, total) },
        { label: 'Allocated', cell: (f) => resourcesText(f.used_resources) },
        { label: 'Tasks', class: 'num', cell: (f) => String((f.tasks || []).length) },
        { label: 'Offers', class: 'num', cell: (f) => String((f.offers || []).length) },
        { label: 'Registered', cell: (f) => fmtAgo(f.registered_time) },
      ];
      const done = state.completed_frameworks || [];
      fill(body,
        card(null, dataTable(cols, fws, 'No frameworks registered.', (f) => ({ class: 'framework-row', dataset: { frameworkId: f.id } }))),
        done.length ? card('Completed frameworks', dataTable([
          { label: 'Framework', cell: (f) => link(`#/frameworks/${encodeURIComponent(f.id)}`, f.name || f.id) },
          { label: 'Roles', cell: (f) => rolesOf(f).join(', ') },
          { label: 'Tasks run', class: 'num', cell: (f) => String((f.completed_tasks || []).length) },
          { label: 'Unregistered', cell: (f) => fmtAgo(f.unregistered_time) },
        ], done)) : null);
      loadRoles(total, ctx);
    },
    unmount() {
      gone = true;
      ctx.banners.clear('roles');
    },
  };
}

export function frameworkView(id) {
  let el;
  return {
    mount(target) {
      el = target;
    },
    update({ state }) {
      const fw = (state.frameworks || []).find((f) => f.id === id)
        || (state.completed_frameworks || []).find((f) => f.id === id);
      if (!fw) {
        fill(el, h('div', { class: 'card' }, h('h1', null, 'Unknown framework'),
          h('p', null, 'The master does not know ', h('code', null, id), '. ', link('#/frameworks', 'All frameworks'))));
        return;
      }
      const total = clusterResources(state).total;
      const d = dominantShare(fw.used_resources, total);
      const agents = agentsById(state);
      const taskCols = [
        { label: 'Task', cell: (t) => link(`#/tasks/${encodeURIComponent(fw.id)}/${encodeURIComponent(t.id)}`, t.name || t.id) },
        { label: 'State', cell: (t) => stateBadge(t.state) },
        { label: 'Agent', cell: (t) => agents.get(t.slave_id)?.hostname || shortId(t.slave_id) },
        { label: 'Resources', cell: (t) => resourcesText(t.resources) },
        { label: 'Started', cell: (t) => fmtAgo(history(t)[0]?.timestamp) },
        { label: 'Updated', cell: (t) => fmtAgo(lastUpdate(t)) },
        { label: '', class: 'actions', cell: (t) => link(`#/sandbox/${encodeURIComponent(fw.id)}/${encodeURIComponent(executorIdOf(t))}`, 'Sandbox') },
      ];
      const rowAttrs = (t) => ({ class: 'task-row', dataset: { taskId: t.id, state: t.state } });
      fill(el,
        pageHeader(fw.name || fw.id, null, status(fw)),
        h('div', { class: 'two-col' },
          card('Framework', kv([
            ['ID', h('span', { class: 'mono' }, fw.id)],
            ['Roles', rolesOf(fw).map((r) => h('span', { class: 'chip' }, r))],
            ['User', fw.user],
            ['Principal', fw.principal],
            ['Host', fw.hostname],
            ['Registered', fw.registered_time ? `${fmtTime(fw.registered_time)} (${fmtAgo(fw.registered_time)})` : null],
            ['Failover timeout', fw.failover_timeout ? `${fmtNumber(fw.failover_timeout)} s` : null],
            ['Web UI', fw.webui_url ? h('a', { href: fw.webui_url, rel: 'noopener' }, fw.webui_url) : null],
          ])),
          card('Share', kv([
            ['Dominant share', h('div', null, meter(d.share, 1, `${fmtPercent(d.share)}${d.resource ? ` of ${d.resource}` : ''}`))],
            ['Allocated', resourcesText(fw.used_resources)],
            ['Offered', resourcesText(fw.offered_resources)],
            ['Capabilities', (fw.capabilities || []).map((c) => h('span', { class: 'chip' }, typeof c === 'string' ? c : c.type))],
          ]))),
        card(`Active tasks (${(fw.tasks || []).length})`, dataTable(taskCols, fw.tasks || [], 'No active tasks.', rowAttrs)),
        card(`Outstanding offers (${(fw.offers || []).length})`, dataTable([
          { label: 'Offer', cell: (o) => h('span', { class: 'mono' }, shortId(o.id)) },
          { label: 'Agent', cell: (o) => agents.get(o.slave_id)?.hostname || shortId(o.slave_id) },
          { label: 'Resources', cell: (o) => resourcesText(o.resources) },
        ], fw.offers || [], 'No outstanding offers.')),
        (fw.unreachable_tasks || []).length ? card('Unreachable tasks', dataTable(taskCols, fw.unreachable_tasks, '', rowAttrs)) : null,
        card(`Completed tasks (${(fw.completed_tasks || []).length})`, dataTable(taskCols, fw.completed_tasks || [], 'No completed tasks.', rowAttrs)));
    },
  };
}
