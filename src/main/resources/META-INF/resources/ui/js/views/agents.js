// Agents: every registered agent with its resources, attributes and health; one agent with its
// tasks.

import { fill, fmtAgo, fmtMB, fmtNumber, fmtTime, h, link, meter, stateBadge } from '../dom.js';
import { agentStatus, allTasks, attributeText, executorIdOf, lastUpdate, scalar, TERMINAL_STATES } from '../model.js';
import { card, dataTable, kv, pageHeader, shortId } from './common.js';

const NOT_FOUND = (id) => h('div', { class: 'card' }, h('h1', null, 'Unknown agent'),
  h('p', null, 'No registered agent has the id ', h('code', null, id), '. It may have been removed or be unreachable. ',
    link('#/agents', 'All agents')));

function usage(a, name, fmt) {
  const used = scalar(a.used_resources, name);
  const total = scalar(a.resources, name);
  return meter(used, total, `${fmt(used)} / ${fmt(total)}`);
}

export function agentsView() {
  let body;
  return {
    mount(el) {
      body = h('div');
      fill(el, pageHeader('Agents', 'Machines offering resources to frameworks'), body);
    },
    update({ state }) {
      const agents = state.slaves || [];
      const running = new Map();
      for (const { task } of allTasks(state)) {
        if (!TERMINAL_STATES.has(task.state)) running.set(task.slave_id, (running.get(task.slave_id) || 0) + 1);
      }
      fill(body, card(null, dataTable([
        { label: 'Agent', cell: (a) => h('div', null, link(`#/agents/${encodeURIComponent(a.id)}`, a.hostname), h('div', { class: 'muted small mono' }, shortId(a.id))) },
        { label: 'Status', cell: (a) => stateBadge(agentStatus(a)) },
        { label: 'CPU', cell: (a) => usage(a, 'cpus', (v) => fmtNumber(v)) },
        { label: 'Memory', cell: (a) => usage(a, 'mem', fmtMB) },
        { label: 'Disk', cell: (a) => usage(a, 'disk', fmtMB) },
        { label: 'Tasks', class: 'num', cell: (a) => String(running.get(a.id) || 0) },
        { label: 'Attributes', cell: (a) => attributeText(a.attributes) || h('span', { class: 'muted' }, 'none') },
        { label: 'Registered', cell: (a) => fmtAgo(a.reregistered_time || a.registered_time) },
      ], agents, 'No agents registered. Start one with -Dquarkus.profile=agent -Dmezzo.master=…',
      (a) => ({ class: 'agent-row', dataset: { agentId: a.id } }))),
      state.unreachable_slaves ? h('p', { class: 'muted' }, `${state.unreachable_slaves} agent(s) are unreachable and not listed.`) : null);
    },
  };
}

export function agentView(id) {
  let el;
  return {
    mount(target) {
      el = target;
    },
    update({ state }) {
      const a = (state.slaves || []).find((x) => x.id === id);
      if (!a) {
        fill(el, NOT_FOUND(id));
        return;
      }
      const names = [...new Set(['cpus', 'mem', 'disk', 'gpus', ...Object.keys(a.resources || {})])]
        .filter((n) => n !== 'gpus' || scalar(a.resources, 'gpus') > 0);
      const fmt = (n, v) => (typeof v !== 'number' ? (v ?? '–') : (n === 'mem' || n === 'disk') ? fmtMB(v) : fmtNumber(v));
      const tasks = allTasks(state).filter(({ task }) => task.slave_id === id);
      fill(el,
        pageHeader(a.hostname, null, stateBadge(agentStatus(a))),
        h('div', { class: 'two-col' },
          card('Agent', kv([
            ['ID', h('span', { class: 'mono' }, a.id)],
            ['PID', h('span', { class: 'mono' }, a.pid)],
            ['Registered', `${fmtTime(a.registered_time)} (${fmtAgo(a.registered_time)})`],
            ['Re-registered', a.reregistered_time ? fmtTime(a.reregistered_time) : null],
            ['Version', a.version],
            ['Attributes', attributeText(a.attributes) || 'none'],
          ])),
          card('Resources', dataTable([
            { label: 'Resource', cell: (n) => n },
            { label: 'Total', class: 'num', cell: (n) => fmt(n, a.resources?.[n]) },
            { label: 'Allocated', class: 'num', cell: (n) => fmt(n, a.used_resources?.[n] ?? 0) },
            { label: 'Offered', class: 'num', cell: (n) => fmt(n, a.offered_resources?.[n] ?? 0) },
            { label: 'Use', cell: (n) => (typeof a.resources?.[n] === 'number' ? meter(scalar(a.used_resources, n), scalar(a.resources, n)) : '') },
          ], names))),
        card(`Tasks on ${a.hostname}`, dataTable([
          { label: 'Task', cell: ({ task, framework }) => link(`#/tasks/${encodeURIComponent(framework.id)}/${encodeURIComponent(task.id)}`, task.name || task.id) },
          { label: 'Framework', cell: ({ framework }) => link(`#/frameworks/${encodeURIComponent(framework.id)}`, framework.name || framework.id) },
          { label: 'State', cell: ({ task }) => stateBadge(task.state) },
          { label: 'CPU', class: 'num', cell: ({ task }) => fmtNumber(scalar(task.resources, 'cpus')) },
          { label: 'Memory', class: 'num', cell: ({ task }) => fmtMB(scalar(task.resources, 'mem')) },
          { label: 'Updated', cell: ({ task }) => fmtAgo(lastUpdate(task)) },
          { label: '', class: 'actions', cell: ({ task, framework }) => link(`#/sandbox/${encodeURIComponent(framework.id)}/${encodeURIComponent(executorIdOf(task))}`, 'Sandbox') },
        ], tasks, 'No tasks on this agent.', ({ task }) => ({ class: 'task-row', dataset: { taskId: task.id, state: task.state } }))));
    },
  };
}
