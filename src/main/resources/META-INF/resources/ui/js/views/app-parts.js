// Pieces the Apps list and the app detail share: the status badge, the deployments in progress with
// their steps, and the launch queue entry saying why instances wait.

import { fill, fmtAgo, fmtTime, h, link } from '../dom.js';
import { appStatus, isoSecs, rejectSummary, statusClass, waitingReasons, appUrl } from '../marathon.js';
import { confirmDialog, runAction } from './actions.js';
import { card, dataTable, kv } from './common.js';

export function appLink(id, ...children) {
  return link(`#/apps/${encodeURIComponent(id)}`, ...(children.length ? children : [id]));
}

export function statusBadge(app, entry) {
  const s = appStatus(app, entry);
  return h('span', { class: 'app-status', dataset: { status: s.status } },
    h('span', { class: `badge ${statusClass(s.status)}` }, s.status),
    s.reason ? h('div', { class: 'muted small status-reason' }, s.reason) : null);
}

/**
 * The deployments in progress (all, or those of one app): each step with its actions, the current
 * step marked, and "Roll back" / "Stop" (DELETE /v2/deployments/{id}, without or with force).
 */
export function deploymentsCard(deployments, outcomeEl, refresh, title = 'Deployments in progress') {
  if (!deployments.length) return null;
  return card(title, deployments.map((d) => {
    const current = d.currentStep || 0;
    const total = d.totalSteps ?? (d.steps || []).length;
    const ask = (label, force, text) => h('button', {
      type: 'button', class: `btn small${force ? ' danger' : ''}`, dataset: { action: force ? 'stop-deployment' : 'rollback-deployment' },
      onclick: async () => {
        const r = await confirmDialog({ title: `${label} deployment ${d.id}`, text, confirmLabel: label, danger: force });
        if (r.ok) {
          runAction(outcomeEl, {
            action: force ? 'stop-deployment' : 'rollback-deployment',
            what: `${label} of deployment ${d.id}`, method: 'DELETE',
            url: `/v2/deployments/${encodeURIComponent(d.id)}${force ? '?force=true' : ''}`, onDone: refresh,
          });
        }
      },
    }, label);
    return h('div', { class: 'deployment', dataset: { deploymentId: d.id } },
      h('div', { class: 'deployment-head' },
        h('div', null, h('span', { class: 'mono small' }, d.id), ' · ',
          (d.affectedApps || []).map((a, i) => [i ? ', ' : '', appLink(a)]),
          h('span', { class: 'muted small' }, ` · step ${current} of ${total} · started ${fmtAgo(isoSecs(d.version))}`)),
        h('div', { class: 'app-actions' },
          ask('Roll back', false, 'A new deployment takes the affected apps back to where they were before this one.'),
          ask('Stop', true, 'The deployment stops where it is, without rolling back: the apps stay half-changed.'))),
      h('ol', { class: 'timeline steps' }, (d.steps || []).map((s, i) => h('li', {
        class: `step ${i + 1 === current ? 'current' : ''} ${i + 1 < current ? 'done' : ''}`,
      }, h('span', { class: 'step-time' }, `Step ${i + 1}`),
      (s.actions || []).map((a) => h('span', { class: 'chip' }, `${a.action} ${a.app || a.pod || ''}`)),
      i + 1 === current ? h('span', { class: 'badge busy' }, 'in progress') : null,
      i + 1 === current ? readiness(d) : null))));
  }));
}

function readiness(d) {
  const results = (d.currentActions || []).flatMap((a) => a.readinessCheckResults || []);
  if (!results.length) return null;
  return h('div', { class: 'muted small' }, results.map((r) => `${r.taskId}: ${r.ready ? 'ready' : 'not ready'}`).join(' · '));
}

/** The queue entry of an app: how many wait and since when, the backoff, and why offers did not fit. */
export function queueCard(entry, outcomeEl, refresh) {
  // An entry with nothing left to launch and no backoff says nothing worth a card.
  if (!entry || (!(entry.count > 0) && entry.delay?.overdue !== false)) return null;
  const s = entry.processedOffersSummary || {};
  const delay = entry.delay || {};
  const delayed = delay.overdue === false;
  const reasons = waitingReasons(entry);
  const rows = rejectSummary(entry).filter((r) => r.processed > 0);
  const resetDelay = () => runAction(outcomeEl, {
    action: 'reset-delay',
    what: `Clearing the launch delay of ${entry.app.id}`, method: 'DELETE', url: `/v2/queue${appUrl(entry.app.id).slice('/v2/apps'.length)}/delay`, onDone: refresh,
  });
  return card('Waiting to launch', h('div', { id: 'queue-entry' },
    kv([
      ['Waiting', `${entry.count} instance(s)${entry.since ? ` since ${fmtTime(isoSecs(entry.since))} (${fmtAgo(isoSecs(entry.since))})` : ''}`],
      ['Backoff', delayed ? h('span', null, `next launch in ${Math.round(delay.timeLeftSeconds || 0)} s after failures `,
        h('button', { type: 'button', class: 'btn small', dataset: { action: 'reset-delay' }, onclick: resetDelay }, 'Launch now')) : 'none: waiting for offers'],
      ['Offers', s.processedOffersCount !== undefined ? `${s.processedOffersCount} looked at, ${s.unusedOffersCount ?? 0} unusable${s.lastUnusedOfferAt ? `, last unusable ${fmtAgo(isoSecs(s.lastUnusedOfferAt))}` : ''}` : null],
    ]),
    reasons.length ? h('ul', { class: 'reasons', id: 'queue-reasons' }, reasons.map((r) => h('li', null, r)))
      : h('p', { class: 'empty' }, 'No offer has been turned down yet: waiting for the first offers.'),
    rows.length ? dataTable([
      { label: 'Reason', cell: (r) => h('span', { title: r.reason }, r.text) },
      { label: 'Declined', class: 'num', cell: (r) => String(r.declined) },
      { label: 'Of offers', class: 'num', cell: (r) => String(r.processed) },
    ], rows, '', () => ({}), 'compact') : null));
}

/** A message in place of the view when /v2 is absent. */
export function unavailableCard(why) {
  return fill(h('section', { class: 'card', id: 'services-unavailable' }),
    h('h2', null, 'Services framework not running'),
    h('p', null, why),
    h('p', { class: 'muted' }, 'Apps are deployed and kept running by the built-in services framework on the leading master; '
      + 'everything else in this UI works without it.'));
}
