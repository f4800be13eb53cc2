// Pieces the Jobs list and the job page share: the polling lifecycle, the job's link and badges, and
// its actions (run now, disable/enable, kill its tasks while it runs, delete), each asking first and showing the server's answer.

import { fill, fmtAgo, fmtDuration, fmtTime, h, link } from '../dom.js';
import { chronosSecs, definitionOf, jobUrl, lastOutcome, postUrl } from '../chronos.js';
import { jobsPoller } from '../jobs-poller.js';
import { confirmDialog, runAction } from './actions.js';

export function jobLink(name, ...children) {
  return link(`#/jobs/${encodeURIComponent(name)}`, ...(children.length ? children : [name]));
}

/** "in 3s" / "3s ago" around now, with the time itself on hover. */
export function when(iso, never = 'never') {
  const secs = chronosSecs(iso);
  if (!secs) return h('span', { class: 'muted' }, never);
  const ahead = secs * 1000 - Date.now();
  const text = ahead > 0 ? `in ${fmtDuration(ahead / 1000)}` : fmtAgo(secs);
  return h('span', { title: fmtTime(secs) }, text);
}

const OUTCOME_CLASS = { success: 'ok', failure: 'bad', fresh: 'muted' };
const STATE_CLASS = { idle: 'muted', queued: 'busy', running: 'done' };

/** The job's last outcome and, unless idle, what it is doing now; "disabled" when it is. */
export function jobBadges(job) {
  const outcome = lastOutcome(job);
  const state = String(job.state || 'idle').toLowerCase();
  return h('span', { class: 'job-status', dataset: { outcome, state } },
    h('span', { class: `badge ${OUTCOME_CLASS[outcome]}` }, outcome),
    state !== 'idle' ? [' ', h('span', { class: `badge ${STATE_CLASS[state] || 'busy'}` }, state)] : null,
    job.disabled ? [' ', h('span', { class: 'badge warn' }, 'disabled')] : null);
}

/**
 * Polls `load` while mounted and hands each answer to render; a failure sets the 'jobs' banner and
 * keeps what is on screen.
 */
export function jobsLifecycle(load, render) {
  let ctx;
  let poller;
  return {
    mount(c) {
      ctx = c;
      poller = jobsPoller(load, (data) => {
        ctx.banners.clear('jobs');
        if (data.available && data.warnings?.length) ctx.banners.set('jobs-warn', data.warnings.join('. '), 'warn');
        else ctx.banners.clear('jobs-warn');
        render(data);
      }, (e) => ctx.banners.set('jobs', `Cannot read the jobs API — ${e.message}. Retrying.`));
      poller.start();
    },
    refresh: () => poller?.refresh(),
    unmount() {
      poller?.stop();
      document.getElementById('confirm-dialog')?.remove();
      ctx?.banners.clear('jobs');
      ctx?.banners.clear('jobs-warn');
    },
  };
}

/** The actions of one job; each confirms first, then shows the answer in `outcomeEl`. */
export function jobActions(job, outcomeEl, refresh, { onDeleted } = {}) {
  const name = job.name;
  const button = (action, label, cls, onclick) => h('button', { type: 'button', class: `btn small ${cls}`, dataset: { action }, onclick }, label);
  return h('div', { class: 'app-actions' },
    button('run', 'Run now', '', async () => {
      const r = await confirmDialog({ title: `Run ${name} now`, text: 'The job runs once now, outside its schedule; its schedule is not changed.', confirmLabel: 'Run now' });
      if (r.ok) runAction(outcomeEl, { action: 'run', what: `Starting a run of ${name}`, method: 'PUT', url: jobUrl(name), onDone: refresh });
    }),
    job.disabled
      ? button('enable', 'Enable', '', async () => {
        const r = await confirmDialog({ title: `Enable ${name}`, text: 'The job runs again on its schedule (or after its parents) from its next slot.', confirmLabel: 'Enable' });
        if (r.ok) runAction(outcomeEl, { action: 'enable', what: `Enabling ${name}`, method: 'POST', url: postUrl(job), body: definitionOf(job, false), onDone: refresh });
      })
      : button('disable', 'Disable', '', async () => {
        const r = await confirmDialog({ title: `Disable ${name}`, text: 'The job stops running on its schedule; slots that pass while it is disabled are skipped. A run already going finishes.', confirmLabel: 'Disable' });
        if (r.ok) runAction(outcomeEl, { action: 'disable', what: `Disabling ${name}`, method: 'POST', url: postUrl(job), body: definitionOf(job, true), onDone: refresh });
      }),
    String(job.state || 'idle').toLowerCase() === 'running' ? button('kill', 'Kill tasks', 'danger', async () => {
      const r = await confirmDialog({ title: `Kill the tasks of ${name}`, text: 'Its running tasks are killed; the run ends as failed and is not retried.', confirmLabel: 'Kill', danger: true });
      if (r.ok) runAction(outcomeEl, { action: 'kill', what: `Killing the tasks of ${name}`, method: 'DELETE', url: jobUrl(name, '/task/kill'), onDone: refresh });
    }) : null,
    button('delete', 'Delete', 'danger', async () => {
      const r = await confirmDialog({ title: `Delete ${name}`, text: 'The job, its counters and its history are deleted and its running tasks killed. This cannot be undone.', confirmLabel: 'Delete', danger: true });
      if (!r.ok) return;
      const res = await runAction(outcomeEl, { action: 'delete', what: `Deleting ${name}`, method: 'DELETE', url: jobUrl(name), onDone: refresh });
      if (res?.ok) onDeleted?.();
    }));
}

/** A message in place of the view when the jobs API is absent. */
export function unavailableCard(why) {
  return fill(h('section', { class: 'card', id: 'jobs-unavailable' }),
    h('h2', null, 'Jobs framework not running'),
    h('p', null, why),
    h('p', { class: 'muted' }, 'Jobs are scheduled and run by the built-in jobs framework on the leading master; '
      + 'everything else in this UI works without it.'));
}
