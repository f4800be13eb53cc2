// What the Apps views do to apps: a confirmation dialog before every change, the request to
// Marathon's API, and its outcome in the page — the deployment it started, a 422's details with
// their JSON paths, or a 409's blocking deployment with the option to force the change.

import { sendJson } from '../api.js';
import { noteRefusal } from '../auth.js';
import { fill, h } from '../dom.js';
import { apiError, appUrl } from '../marathon.js';

/**
 * Shows a modal confirmation. With `input` ({label, value, min}) it asks for a whole number too.
 * Resolves {ok: true, value} on confirm, {ok: false} on cancel or Escape.
 */
export function confirmDialog({ title, text, confirmLabel = 'Confirm', danger = false, input = null }) {
  document.getElementById('confirm-dialog')?.remove();
  return new Promise((resolve) => {
    const field = input ? h('input', {
      id: 'confirm-input', type: 'number', min: String(input.min ?? 0), step: '1', value: String(input.value ?? ''),
      'aria-label': input.label, required: true,
    }) : null;
    const error = h('p', { id: 'confirm-error', class: 'field-error', role: 'alert' });
    const dialog = h('dialog', { id: 'confirm-dialog', class: 'dialog', 'aria-labelledby': 'confirm-title' });
    const close = (result) => {
      dialog.close();
      dialog.remove();
      resolve(result);
    };
    const submit = (ev) => {
      ev.preventDefault();
      if (!field) return close({ ok: true });
      const v = Number(field.value);
      if (field.value.trim() === '' || !Number.isInteger(v) || v < (input.min ?? 0)) {
        error.textContent = `${input.label} must be a whole number of at least ${input.min ?? 0}, not "${field.value}".`;
        return null;
      }
      return close({ ok: true, value: v });
    };
    fill(dialog, h('form', { method: 'dialog', onsubmit: submit },
      h('h2', { id: 'confirm-title' }, title),
      h('p', null, text),
      field ? h('label', { class: 'field' }, h('span', null, input.label), field) : null,
      error,
      h('div', { class: 'dialog-buttons' },
        h('button', { type: 'button', id: 'confirm-cancel', class: 'btn', onclick: () => close({ ok: false }) }, 'Cancel'),
        h('button', { type: 'submit', id: 'confirm-ok', class: danger ? 'btn danger' : 'btn primary' }, confirmLabel))));
    dialog.addEventListener('cancel', (ev) => {
      ev.preventDefault();
      close({ ok: false });
    });
    document.body.append(dialog);
    dialog.showModal();
    (field || dialog.querySelector('#confirm-ok')).focus();
  });
}

/**
 * Sends one change and shows its outcome in `outcomeEl`. A 409 that names blocking deployments
 * offers "Force", which sends the same change with force=true. Resolves with the answer (or null
 * when none came); onDone runs after every answer so the view can poll at once. A 403 also disables
 * every button of `action` (its data-action) with the server's reason: the principal may not.
 */
export async function runAction(outcomeEl, { what, action, method, url, body, onDone, forced = false }) {
  fill(outcomeEl, h('div', { class: 'outcome busy' }, `${what}…`));
  let res;
  try {
    res = await sendJson(method, url, body);
  } catch (e) {
    fill(outcomeEl, h('div', { class: 'outcome error', role: 'alert' }, `${what} failed: ${e.message}`));
    return null;
  }
  onDone?.(res);
  if (res.ok) {
    const id = res.body?.deploymentId || res.headers.get('Marathon-Deployment-Id')
      || res.body?.deployments?.[0]?.id || res.headers.get('deploymentId');
    fill(outcomeEl, h('div', { class: 'outcome ok', role: 'status', dataset: { status: String(res.status) } },
      `${what}: done${id ? ' — deployment ' : '.'}`, id ? h('span', { class: 'mono' }, id) : null, id ? ' started.' : null));
    return res;
  }
  const err = apiError(res.status, res.body);
  if (res.status === 403) noteRefusal(action, err.message);
  const retry = () => runAction(outcomeEl, { what: `${what} (forced)`, action, method, url: withForce(url), body, onDone, forced: true });
  fill(outcomeEl, errorBox(`${what} refused`, err,
    err.deployments.length && !forced ? h('button', { type: 'button', id: 'force-action', class: 'btn danger', onclick: retry },
      'Force: cancel the blocking deployment and apply this change') : null));
  return res;
}

/** An API error with its details (JSON path → errors) and blocking deployments. */
export function errorBox(title, err, ...extra) {
  return h('div', { class: 'outcome error', role: 'alert', dataset: { status: String(err.status) } },
    h('strong', null, `${title} (${err.status}): `), err.message,
    err.details.length ? h('ul', { class: 'error-details' }, err.details.map((d) => h('li', null,
      h('code', null, d.path), ': ', d.errors.join('; ')))) : null,
    err.deployments.length ? h('p', { class: 'blocking' }, 'Blocked by deployment ',
      err.deployments.map((id, i) => [i ? ', ' : '', h('span', { class: 'mono', dataset: { deploymentId: id } }, id)]),
      '. It is listed under "Deployments in progress"; wait for it, roll it back, or force this change.') : null,
    ...extra);
}

function withForce(url) {
  return `${url}${url.includes('?') ? '&' : '?'}force=true`;
}

/** The app actions of the list and the detail view, each asking first. */
export function appActions(app, outcomeEl, refresh) {
  const id = app.id;
  const act = (action, what, method, url, body) => runAction(outcomeEl, { what, action, method, url, body, onDone: refresh });
  const button = (label, cls, onclick) => h('button', { type: 'button', class: `btn small ${cls}`, dataset: { action: label.toLowerCase() }, onclick }, label);
  return h('div', { class: 'app-actions' },
    button('Scale', '', async () => {
      const r = await confirmDialog({
        title: `Scale ${id}`, text: 'How many instances should run? Marathon starts or kills instances to match.',
        confirmLabel: 'Scale', input: { label: 'Instances', value: app.instances, min: 0 },
      });
      if (r.ok) act('scale', `Scaling ${id} to ${r.value}`, 'PUT', appUrl(id), { instances: r.value });
    }),
    button('Restart', '', async () => {
      const r = await confirmDialog({ title: `Restart ${id}`, text: 'Every instance is replaced, keeping the healthy capacity the upgrade strategy asks for.', confirmLabel: 'Restart' });
      if (r.ok) act('restart', `Restarting ${id}`, 'POST', appUrl(id, '/restart'), {});
    }),
    button('Suspend', '', async () => {
      const r = await confirmDialog({ title: `Suspend ${id}`, text: 'All instances are killed (scaled to 0); the app and its versions stay, ready to scale up again.', confirmLabel: 'Suspend', danger: true });
      if (r.ok) act('suspend', `Suspending ${id}`, 'PUT', appUrl(id), { instances: 0 });
    }),
    button('Destroy', 'danger', async () => {
      const r = await confirmDialog({ title: `Destroy ${id}`, text: 'All instances are killed and the app with all its versions is deleted. This cannot be undone.', confirmLabel: 'Destroy', danger: true });
      if (r.ok) act('destroy', `Destroying ${id}`, 'DELETE', appUrl(id));
    }));
}
