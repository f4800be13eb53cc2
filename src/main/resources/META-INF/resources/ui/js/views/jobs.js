// Jobs: the batch jobs of the built-in jobs framework, read from Chronos's API (/scheduler/jobs and
// /scheduler/graph/csv): when each runs next, how its last runs went, what it is doing, and the
// dependency graph. The create panel and the outcome area stay put while the list re-renders on
// every poll.

import { fill, h } from '../dom.js';
import { isDependent, lastOutcome, parseGraphCsv, scheduleText } from '../chronos.js';
import { loadJobs } from '../jobs-poller.js';
import { jobFormPanel } from './job-form.js';
import { graphSvg } from './job-graph.js';
import { jobActions, jobBadges, jobLink, jobsLifecycle, unavailableCard, when } from './job-parts.js';
import { card, dataTable, pageHeader } from './common.js';

export function jobsView() {
  let body;
  let outcome;
  let panel;
  let toggle;
  const life = jobsLifecycle(() => loadJobs({ withGraph: true }), render);

  function render(data) {
    toggle.disabled = !data.available;
    if (!data.available) {
      panel.hidden = true;
      fill(body, unavailableCard(data.why));
      return;
    }
    const jobs = [...data.jobs].sort((a, b) => String(a.name).localeCompare(String(b.name)));
    const graph = data.graphCsv === null ? null : parseGraphCsv(data.graphCsv);
    fill(body,
      card(null, dataTable([
        { label: 'Job', cell: (j) => h('div', null, jobLink(j.name), h('div', { class: 'muted small mono' }, j.command || '')) },
        { label: 'Schedule', cell: (j) => h('span', { class: isDependent(j) ? null : 'mono small' }, scheduleText(j)) },
        { label: 'Next run', cell: (j) => (j.disabled ? h('span', { class: 'muted' }, 'disabled') : when(j.nextRun, isDependent(j) ? 'after parents' : 'none')) },
        { label: 'Last success', cell: (j) => when(j.lastSuccess) },
        { label: 'Last error', cell: (j) => when(j.lastError) },
        { label: 'Runs', class: 'num', cell: (j) => h('span', null, h('span', { class: 'chip ok', title: 'successes' }, `${j.successCount ?? 0} ok`), h('span', { class: `chip ${j.errorCount ? 'bad' : ''}`, title: 'errors' }, `${j.errorCount ?? 0} failed`)) },
        { label: 'Status', cell: (j) => jobBadges(j) },
        { label: '', class: 'actions', cell: (j) => jobActions(j, outcome, life.refresh) },
      ], jobs, 'No jobs yet. Create one with the button above, or POST a Chronos job to /scheduler/iso8601.',
      (j) => ({
        class: 'job-row',
        dataset: {
          jobName: j.name, successCount: String(j.successCount ?? 0), errorCount: String(j.errorCount ?? 0),
          state: String(j.state || 'idle'), disabled: String(Boolean(j.disabled)), outcome: lastOutcome(j),
        },
      }))),
      graph ? card(`Dependency graph (${graph.nodes.length} jobs, ${graph.links.length} links)`,
        graph.nodes.length ? h('div', { class: 'graph-wrap' }, graphSvg(graph)) : h('p', { class: 'empty' }, 'No jobs to draw.'),
        h('p', { class: 'muted small' }, 'Also as ', h('a', { href: '/scheduler/graph/dot' }, 'graphviz'), ' and ', h('a', { href: '/scheduler/graph/csv' }, 'csv'), '.')) : null);
  }

  return {
    mount(el, ctx) {
      outcome = h('div', { id: 'job-outcome', 'aria-live': 'polite' });
      panel = jobFormPanel(() => life.refresh());
      panel.hidden = true;
      toggle = h('button', {
        type: 'button', id: 'job-create-toggle', class: 'btn primary',
        onclick: () => {
          panel.hidden = !panel.hidden;
          toggle.textContent = panel.hidden ? 'Create a job' : 'Close';
        },
      }, 'Create a job');
      body = h('div', null, h('p', { class: 'empty' }, 'Loading jobs…'));
      fill(el, pageHeader('Jobs', 'Batch jobs the built-in jobs framework runs on a schedule or after other jobs (Chronos\'s API at /scheduler)', toggle),
        panel, outcome, body);
      life.mount(ctx);
    },
    unmount: () => life.unmount(),
  };
}
