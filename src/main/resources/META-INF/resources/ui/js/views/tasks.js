// Tasks: all tasks, filterable; one task with its state history, agent and a way into its sandbox.

import { fill, fmtAgo, fmtDuration, fmtMB, fmtNumber, fmtTime, h, link, stateBadge } from '../dom.js';
import { agentsById, allTasks, executorIdOf, history, lastUpdate, sandboxPath, scalar } from '../model.js';
import { card, dataTable, kv, pageHeader, shortId } from './common.js';

const FILTERS = [['active', 'Active'], ['completed', 'Completed'], ['all', 'All']];

export function tasksView() {
  let body;
  let search;
  let filter = 'active';
  let last = null;
  let pills;

  function render() {
    if (!last) return;
    const { state } = last;
    const agents = agentsById(state);
    const q = search.value.trim().toLowerCase();
    const rows = allTasks(state).filter(({ task, framework, bucket }) => {
      if (filter === 'active' && bucket === 'completed') return false;
      if (filter === 'completed' && bucket !== 'completed') return false;
      if (!q) return true;
      const agent = agents.get(task.slave_id);
      return [task.id, task.name, task.state, framework.name, framework.id, agent?.hostname]
        .some((s) => String(s || '').toLowerCase().includes(q));
    });
    fill(body, card(null, dataTable([
      { label: 'Task', cell: ({ task, framework }) => h('div', null, link(`#/tasks/${encodeURIComponent(framework.id)}/${encodeURIComponent(task.id)}`, task.name || task.id), task.name && task.name !== task.id ? h('div', { class: 'muted small mono' }, task.id) : null) },
      { label: 'Framework', cell: ({ framework }) => link(`#/frameworks/${encodeURIComponent(framework.id)}`, framework.name || shortId(framework.id)) },
      { label: 'State', cell: ({ task }) => stateBadge(task.state) },
      { label: 'Agent', cell: ({ task }) => (agents.get(task.slave_id) ? link(`#/agents/${encodeURIComponent(task.slave_id)}`, agents.get(task.slave_id).hostname) : shortId(task.slave_id)) },
      { label: 'CPU', class: 'num', cell: ({ task }) => fmtNumber(scalar(task.resources, 'cpus')) },
      { label: 'Memory', class: 'num', cell: ({ task }) => fmtMB(scalar(task.resources, 'mem')) },
      { label: 'Updated', cell: ({ task }) => fmtAgo(lastUpdate(task)) },
      { label: '', class: 'actions', cell: ({ task, framework }) => link(`#/sandbox/${encodeURIComponent(framework.id)}/${encodeURIComponent(executorIdOf(task))}`, 'Sandbox') },
    ], rows, q ? 'No task matches.' : 'No tasks here.', ({ task }) => ({ class: 'task-row', dataset: { taskId: task.id, state: task.state } }))));
  }

  return {
    mount(el) {
      search = h('input', { type: 'search', placeholder: 'Filter by id, name, state, agent…', 'aria-label': 'Filter tasks', oninput: render });
      pills = h('div', { class: 'pills', role: 'tablist' }, FILTERS.map(([k, label]) => h('button', {
        type: 'button', class: k === filter ? 'pill active' : 'pill', role: 'tab', dataset: { filter: k },
        onclick: (ev) => {
          filter = k;
          for (const b of pills.children) b.classList.toggle('active', b.dataset.filter === k);
          ev.currentTarget.blur();
          render();
        },
      }, label)));
      body = h('div');
      fill(el, pageHeader('Tasks', null), h('div', { class: 'toolbar' }, pills, search), body);
    },
    update(store) {
      last = store;
      render();
    },
  };
}

export function taskView(frameworkId, taskId) {
  let el;
  return {
    mount(target) {
      el = target;
    },
    update({ state }) {
      const entry = allTasks(state).find(({ task, framework }) => task.id === taskId && framework.id === frameworkId);
      if (!entry) {
        fill(el, h('div', { class: 'card' }, h('h1', null, 'Unknown task'),
          h('p', null, 'The master does not know task ', h('code', null, taskId), ' of framework ', h('code', null, frameworkId),
            '. Completed tasks are forgotten after a while. ', link('#/tasks', 'All tasks'))));
        return;
      }
      const { task, framework } = entry;
      const agent = agentsById(state).get(task.slave_id);
      const steps = history(task);
      const now = Date.now() / 1000;
      const eid = executorIdOf(task);
      fill(el,
        pageHeader(task.name || task.id, null, stateBadge(task.state),
          h('a', { class: 'button', href: `#/sandbox/${encodeURIComponent(framework.id)}/${encodeURIComponent(eid)}` }, 'Open sandbox')),
        h('div', { class: 'two-col' },
          card('Task', kv([
            ['ID', h('span', { class: 'mono' }, task.id)],
            ['Framework', link(`#/frameworks/${encodeURIComponent(framework.id)}`, framework.name || framework.id)],
            ['Agent', agent ? link(`#/agents/${encodeURIComponent(agent.id)}`, agent.hostname) : h('span', { class: 'mono' }, task.slave_id)],
            ['Executor', h('span', { class: 'mono' }, eid)],
            ['Role', task.role],
            ['User', task.user],
            ['Resources', `${fmtNumber(scalar(task.resources, 'cpus'))} cpus · ${fmtMB(scalar(task.resources, 'mem'))} · ${fmtMB(scalar(task.resources, 'disk'))} disk${task.resources?.ports ? ` · ports ${task.resources.ports}` : ''}`],
            ['Sandbox', h('span', { class: 'mono small' }, sandboxPath(framework.id, eid))],
          ])),
          card('State history', steps.length ? h('ol', { class: 'timeline' }, steps.map((s, i) => {
            const next = steps[i + 1]?.timestamp ?? (i === steps.length - 1 && !/FINISHED|FAILED|KILLED|LOST|ERROR|DROPPED|GONE/.test(s.state) ? now : null);
            return h('li', { class: `step ${i === steps.length - 1 ? 'current' : ''}` },
              stateBadge(s.state),
              h('span', { class: 'step-time' }, fmtTime(s.timestamp)),
              next ? h('span', { class: 'muted small' }, ` for ${fmtDuration(next - s.timestamp)}`) : null,
              s.healthy === undefined ? null : h('span', { class: `chip ${s.healthy ? 'ok' : 'bad'}` }, s.healthy ? 'healthy' : 'unhealthy'),
              s.message ? h('div', { class: 'muted small' }, s.message) : null);
          })) : h('p', { class: 'empty' }, 'No status update yet.'))));
    },
  };
}
