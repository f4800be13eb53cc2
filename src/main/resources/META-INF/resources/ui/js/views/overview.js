// Overview: headline numbers, live charts of allocated vs total resources and of task counts (the
// history lives in the browser), the agents and the latest tasks.

import { fill, fmtAgo, fmtMB, fmtNumber, fmtPercent, h, link, meter, stateBadge } from '../dom.js';
import { TimeChart, legend } from '../chart.js';
import { agentStatus, agentsById, allTasks, clusterResources, executorIdOf, lastUpdate, taskCounts, TERMINAL_STATES } from '../model.js';
import { card, dataTable, pageHeader } from './common.js';

const COLORS = { used: '#4f46e5', offered: '#0ea5e9', total: '#94a3b8', running: '#16a34a', pending: '#d97706', finished: '#2563eb', failed: '#dc2626' };

const RESOURCE_CHARTS = [
  { key: 'cpus', title: 'CPU', format: (v) => fmtNumber(v, 1) },
  { key: 'mem', title: 'Memory', format: fmtMB, binary: true },
  { key: 'disk', title: 'Disk', format: fmtMB, binary: true },
];

export function overviewView() {
  let tiles;
  let agentsEl;
  let tasksEl;
  const charts = {};
  const legends = {};

  return {
    mount(el) {
      tiles = h('div', { class: 'tiles', id: 'tiles' });
      const chartCards = RESOURCE_CHARTS.map((c) => {
        const box = h('div', { class: 'chart-box' });
        legends[c.key] = h('div');
        charts[c.key] = new TimeChart(box, { format: c.format, binary: c.binary });
        return h('section', { class: 'card chart-card', id: `chart-${c.key}` },
          h('h2', null, `${c.title} allocated`), legends[c.key], box);
      });
      const taskBox = h('div', { class: 'chart-box' });
      legends.tasks = h('div');
      charts.tasks = new TimeChart(taskBox, { format: (v) => fmtNumber(v, 0), integer: true });
      chartCards.push(h('section', { class: 'card chart-card', id: 'chart-tasks' },
        h('h2', null, 'Tasks'), legends.tasks, taskBox));
      agentsEl = h('div');
      tasksEl = h('div');
      fill(el,
        pageHeader('Cluster overview', null),
        tiles,
        h('div', { class: 'chart-grid' }, chartCards),
        h('div', { class: 'two-col' },
          card('Agents', agentsEl),
          card('Recent tasks', tasksEl)));
    },

    update(store) {
      const { state, metrics, history } = store;
      const res = clusterResources(state);
      const counts = taskCounts(state, metrics);
      const agents = state.slaves || [];
      const activeAgents = agents.filter((a) => agentStatus(a) === 'active').length;
      const frameworks = state.frameworks || [];
      const offers = typeof metrics?.['master/outstanding_offers'] === 'number'
        ? metrics['master/outstanding_offers']
        : frameworks.reduce((n, f) => n + (f.offers || []).length, 0);
      const last = history[history.length - 1];
      const pct = (k) => (last && last[k].total > 0 ? last[k].used / last[k].total : 0);

      fill(tiles,
        tile('Agents', `${activeAgents}`, joinNonZero([[agents.length - activeAgents, 'inactive'], [state.unreachable_slaves || 0, 'unreachable']]) || 'all active', '#/agents'),
        tile('Frameworks', `${frameworks.filter((f) => f.active).length}`, `${frameworks.length} registered`, '#/frameworks'),
        tile('Running tasks', `${counts.running}`, joinNonZero([[counts.staging + counts.starting, 'starting'], [counts.failed + counts.lost, 'failed']]) || `${counts.finished} finished`, '#/tasks', 'tile-running'),
        tile('Offers', `${offers}`, 'outstanding'),
        tile('CPU', fmtPercent(pct('cpus')), `${fmtNumber(res.used.cpus)} of ${fmtNumber(res.total.cpus)} cpus`),
        tile('Memory', fmtPercent(pct('mem')), `${fmtMB(res.used.mem)} of ${fmtMB(res.total.mem)}`),
        tile('Disk', fmtPercent(pct('disk')), `${fmtMB(res.used.disk)} of ${fmtMB(res.total.disk)}`));

      const now = last ? last.t : Date.now();
      for (const c of RESOURCE_CHARTS) {
        const used = history.map((p) => [p.t, p[c.key].used]);
        const offered = history.map((p) => [p.t, p[c.key].used + (p[c.key].offered || 0)]);
        const total = history.map((p) => [p.t, p[c.key].total]);
        charts[c.key].update([
          { name: 'total', color: COLORS.total, points: total, dashed: true },
          { name: 'allocated + offered', color: COLORS.offered, points: offered, dashed: true },
          { name: 'allocated', color: COLORS.used, points: used, area: true },
        ], now);
        fill(legends[c.key], legend([
          { name: 'allocated', color: COLORS.used, value: last ? c.format(last[c.key].used) : '–' },
          { name: '+ offered', color: COLORS.offered, dashed: true, value: last ? c.format(last[c.key].offered || 0) : '–' },
          { name: 'total', color: COLORS.total, dashed: true, value: last ? c.format(last[c.key].total) : '–' },
        ]));
      }
      const series = (f) => history.map((p) => [p.t, f(p.tasks)]);
      charts.tasks.update([
        { name: 'failed/killed/lost', color: COLORS.failed, points: series((t) => t.failed + t.killed + t.lost) },
        { name: 'finished', color: COLORS.finished, points: series((t) => t.finished) },
        { name: 'staging/starting', color: COLORS.pending, points: series((t) => t.staging + t.starting) },
        { name: 'running', color: COLORS.running, points: series((t) => t.running), area: true },
      ], now);
      fill(legends.tasks, legend([
        { name: 'running', color: COLORS.running, value: counts.running },
        { name: 'starting', color: COLORS.pending, value: counts.staging + counts.starting },
        { name: 'finished', color: COLORS.finished, value: counts.finished },
        { name: 'failed/killed/lost', color: COLORS.failed, value: counts.failed + counts.killed + counts.lost },
      ]));

      const tasks = allTasks(state);
      const perAgent = new Map();
      for (const { task } of tasks) {
        if (!TERMINAL_STATES.has(task.state)) perAgent.set(task.slave_id, (perAgent.get(task.slave_id) || 0) + 1);
      }
      fill(agentsEl, dataTable([
        { label: 'Agent', cell: (a) => link(`#/agents/${encodeURIComponent(a.id)}`, a.hostname) },
        { label: 'Status', cell: (a) => stateBadge(agentStatus(a)) },
        { label: 'CPU', cell: (a) => meter(a.used_resources?.cpus || 0, a.resources?.cpus || 0, `${fmtNumber(a.used_resources?.cpus || 0)} / ${fmtNumber(a.resources?.cpus || 0)}`) },
        { label: 'Memory', cell: (a) => meter(a.used_resources?.mem || 0, a.resources?.mem || 0, `${fmtMB(a.used_resources?.mem || 0)} / ${fmtMB(a.resources?.mem || 0)}`) },
        { label: 'Tasks', class: 'num', cell: (a) => String(perAgent.get(a.id) || 0) },
      ], agents.slice(0, 8), 'No agents registered.', (a) => ({ class: 'agent-row', dataset: { agentId: a.id } })),
      agents.length > 8 ? h('p', { class: 'more' }, link('#/agents', `All ${agents.length} agents →`)) : null);

      const byId = agentsById(state);
      const recent = [...tasks.filter((t) => t.bucket === 'active'), ...tasks.filter((t) => t.bucket !== 'active')].slice(0, 8);
      fill(tasksEl, dataTable([
        { label: 'Task', cell: ({ task, framework }) => link(`#/tasks/${encodeURIComponent(framework.id)}/${encodeURIComponent(task.id)}`, task.name || task.id) },
        { label: 'State', cell: ({ task }) => stateBadge(task.state) },
        { label: 'Agent', cell: ({ task }) => byId.get(task.slave_id)?.hostname || task.slave_id },
        { label: 'Updated', cell: ({ task }) => fmtAgo(lastUpdate(task)) },
        { label: '', class: 'actions', cell: ({ task, framework }) => link(`#/sandbox/${encodeURIComponent(framework.id)}/${encodeURIComponent(executorIdOf(task))}`, 'Sandbox') },
      ], recent, 'No tasks yet.', ({ task }) => ({ class: 'task-row', dataset: { taskId: task.id, state: task.state } })),
      tasks.length > recent.length ? h('p', { class: 'more' }, link('#/tasks', `All ${tasks.length} tasks →`)) : null);
    },

    unmount() {
      for (const c of Object.values(charts)) c.destroy();
    },
  };
}

function joinNonZero(pairs) {
  return pairs.filter(([n]) => n > 0).map(([n, w]) => `${n} ${w}`).join(' · ');
}

function tile(label, value, sub, href, cls) {
  const body = [h('span', { class: 'tile-label' }, label), h('span', { class: 'tile-value' }, value), h('span', { class: 'tile-sub' }, sub)];
  return href
    ? h('a', { class: `tile ${cls || ''}`, href }, body)
    : h('div', { class: `tile ${cls || ''}` }, body);
}
