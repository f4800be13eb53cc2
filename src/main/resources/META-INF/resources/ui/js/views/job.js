// One job: its definition (as fields and as the JSON Chronos would export), its counters, and its
// run history from /scheduler/job/stat/{name} — each run with its task, status, exit status and a
// link into its sandbox — with the actions run now, disable/enable and delete.

import { getJson } from '../api.js';
import { fill, fmtAgo, fmtMB, fmtNumber, fmtTime, h, link } from '../dom.js';
import { definitionOf, historyRows, isDependent, jobUrl, runStatusClass, scheduleText } from '../chronos.js';
import { loadJobs } from '../jobs-poller.js';
import { allTasks, executorIdOf } from '../model.js';
import { jobActions, jobBadges, jobLink, jobsLifecycle, unavailableCard, when } from './job-parts.js';
import { card, dataTable, kv, pageHeader, shortId } from './common.js';

/** Reads the job list and, when the job exists, its stats; a failing stats read is a warning. */
async function loadJob(name) {
  const data = await loadJobs();
  if (!data.available) return data;
  const job = data.jobs.find((j) => j.name === name) || null;
  let stat = null;
  if (job) {
    try {
      stat = await getJson(jobUrl(name, '/job/stat'));
    } catch (e) {
      data.warnings.push(`Cannot read the run history of ${name} — ${e.message}`);
    }
  }
  return { ...data, job, stat };
}

export function jobView(name) {
  let outcome;
  let body;
  let data = null;
  let state = null;
  let deleted = false;
  const life = jobsLifecycle(() => loadJob(name), (d) => {
    data = d;
    render();
  });

  /** Where a run's task is in the master's state: its framework and executor. */
  function locate(taskId) {
    const found = state ? allTasks(state).find(({ task }) => task.id === taskId) : null;
    return found ? { frameworkId: found.framework.id, executorId: executorIdOf(found.task) } : null;
  }

  /** The jobs framework's id at the master, for runs the master no longer lists. */
  function jobsFrameworkId() {
    const fw = (state?.frameworks || []).find((f) => /chronos|jobs/i.test(f.name || ''));
    return fw?.id || null;
  }

  function historyCard() {
    const rows = historyRows(data.stat, { locate, frameworkId: jobsFrameworkId() });
    return card(`Run history (${rows.length})`, dataTable([
      { label: 'Started', cell: (r) => (r.start ? h('span', { title: fmtTime(r.start) }, fmtAgo(r.start)) : h('span', { class: 'muted' }, 'not yet')) },
      { label: 'Task', cell: (r) => h('span', { class: 'mono small' }, r.taskId) },
      { label: 'Status', cell: (r) => h('span', null, h('span', { class: `badge ${runStatusClass(r.status)}`, title: r.taskState }, r.status),
        r.taskState && r.taskState !== 'TASK_FINISHED' ? h('span', { class: 'muted small' }, ` ${r.taskState.replace(/^TASK_/, '')}`) : null,
        r.message ? h('div', { class: 'muted small' }, r.message) : null) },
      { label: 'Exit', class: 'num', cell: (r) => (r.exitStatus === null ? '–' : String(r.exitStatus)) },
      { label: 'Took', cell: (r) => r.duration || '–' },
      { label: 'Agent', cell: (r) => (r.agentId ? link(`#/agents/${encodeURIComponent(r.agentId)}`, shortId(r.agentId)) : '–') },
      { label: '', class: 'actions', cell: (r) => (r.sandbox ? link(`#/sandbox/${encodeURIComponent(r.sandbox.frameworkId)}/${encodeURIComponent(r.sandbox.executorId)}`, 'Sandbox') : null) },
    ], rows, 'No run yet.', (r) => ({ class: 'run-row', dataset: { taskId: r.taskId, status: r.status } })));
  }

  function render() {
    if (!data) return;
    if (!data.available) {
      fill(body, unavailableCard(data.why));
      return;
    }
    const job = data.job;
    if (!job) {
      fill(body, h('div', { class: 'card', id: 'unknown-job' }, h('h1', null, deleted ? 'Job deleted' : 'Unknown job'),
        h('p', null, 'The jobs framework has no job ', h('code', null, name), deleted ? '.' : '; it may have been deleted. ', link('#/jobs', 'All jobs'))));
      return;
    }
    const env = (job.environmentVariables || []).map((e) => `${e.name}=${e.value}`);
    fill(body,
      pageHeader(job.name, job.description || job.command, jobBadges(job), jobActions(job, outcome, life.refresh, { onDeleted: () => { deleted = true; } })),
      h('div', { class: 'two-col' },
        card('Job', kv([
          ['Command', h('span', { class: 'mono small' }, job.command || '–')],
          [isDependent(job) ? 'Runs' : 'Schedule', isDependent(job) ? ['after ', job.parents.map((p, i) => [i ? ', ' : '', jobLink(p)])] : h('span', { class: 'mono small' }, scheduleText(job))],
          ['Time zone', job.scheduleTimeZone || null],
          ['Next run', job.disabled ? 'disabled' : when(job.nextRun, isDependent(job) ? 'after its parents' : 'none')],
          ['Resources', `${fmtNumber(job.cpus)} cpus · ${fmtMB(job.mem)} · ${fmtMB(job.disk ?? 0)} disk`],
          ['Retries', job.retries === undefined ? null : String(job.retries)],
          ['Concurrent', job.concurrent ? 'yes' : null],
          ['Container', job.container?.image ? `${job.container.type || 'DOCKER'} ${job.container.image}` : null],
          ['Environment', env.length ? env.map((e) => h('span', { class: 'chip mono' }, e)) : null],
          ['Owner', [job.ownerName, job.owner].filter(Boolean).join(' · ') || null],
        ])),
        card('Runs', kv([
          ['Successes', String(job.successCount ?? 0)],
          ['Errors', String(job.errorCount ?? 0)],
          ['Skipped slots', job.skippedCount ? String(job.skippedCount) : null],
          ['Last success', when(job.lastSuccess)],
          ['Last error', when(job.lastError)],
          ['State', String(job.state || 'idle')],
        ]))),
      historyCard(),
      card('Definition', h('pre', { class: 'json-view', id: 'job-definition' }, JSON.stringify(definitionOf(job), null, 2))));
  }

  return {
    mount(target, ctx) {
      outcome = h('div', { id: 'job-outcome', 'aria-live': 'polite' });
      body = h('div', null, h('p', { class: 'empty' }, 'Loading the job…'));
      fill(target, h('p', { class: 'crumbs' }, link('#/jobs', '← All jobs')), outcome, body);
      life.mount(ctx);
    },
    update(store) {
      state = store.state;
      render();
    },
    unmount: () => life.unmount(),
  };
}
