// The create panel of the Jobs view: a short form (name, command, a schedule with its time zone or
// the parent jobs, cpus, mem, retries) or a JSON tab to paste a whole Chronos job. Both POST to
// /scheduler/iso8601 or /scheduler/dependency; a refusal is shown verbatim next to what was sent.

import { sendJson } from '../api.js';
import { fill, h } from '../dom.js';
import { apiError, exampleSchedule, formToJob, parseJobJson, postUrl } from '../chronos.js';
import { errorBox } from './actions.js';

// [key, label, placeholder, hint, shown for kind]; numbers are text inputs so that a typo reaches
// formToJob, which names it, instead of the browser silently emptying the field.
const FIELDS = [
  ['name', 'Name', 'nightly-report', 'Letters, digits, "_", "." and "-"', null],
  ['command', 'Command', 'echo hello', 'Run by the shell', null],
  ['schedule', 'Schedule', null, null, 'scheduled'],
  ['scheduleTimeZone', 'Time zone', 'optional, e.g. Europe/Berlin', 'The schedule\'s wall times are read in this zone', 'scheduled'],
  ['parents', 'Parent jobs', 'a, b', 'Runs once after every parent has succeeded', 'dependent'],
  ['cpus', 'CPUs', 'default 0.1', null, null],
  ['mem', 'Memory (MB)', 'default 128', null, null],
  ['retries', 'Retries', 'default 2', 'Attempts after a failed one', null],
];

function scheduleHint() {
  return `ISO 8601 repeating interval R[n]/start/period: ${exampleSchedule(new Date())} runs hourly from now, `
    + 'R5/…/P1D five times daily, …/PT2S every 2 seconds; an empty start means now. '
    + 'A 5-field cron such as */5 * * * * works too.';
}

/** The panel; onCreated(job) runs after the server accepted a job. */
export function jobFormPanel(onCreated) {
  const inputs = {};
  const rows = {};
  const fieldErrors = {};
  const formResult = h('div', { id: 'job-form-result', 'aria-live': 'polite' });
  const jsonResult = h('div', { id: 'job-json-result', 'aria-live': 'polite' });
  const textarea = h('textarea', { id: 'job-json', class: 'json-editor', rows: '14', spellcheck: 'false', 'aria-label': 'Chronos job (JSON)' });
  textarea.value = JSON.stringify({ name: 'hello', command: 'echo hello', schedule: exampleSchedule(new Date(), 'PT1H'), cpus: 0.1, mem: 32 }, null, 2);

  const kind = h('select', { id: 'job-kind', name: 'kind', onchange: () => showKind() },
    h('option', { value: 'scheduled' }, 'On a schedule'),
    h('option', { value: 'dependent' }, 'After other jobs'));

  const form = h('form', { id: 'job-form', class: 'deploy-form', novalidate: true, onsubmit: (ev) => { ev.preventDefault(); fromForm(); } },
    h('label', { class: 'field' }, h('span', null, 'Runs'), kind),
    FIELDS.map(([key, label, placeholder, hint]) => {
      inputs[key] = h('input', { id: `job-${key}`, name: key, type: 'text', placeholder: placeholder || (key === 'schedule' ? exampleSchedule(new Date(), 'PT1H') : null), autocomplete: 'off' });
      fieldErrors[key] = h('span', { class: 'field-error', dataset: { field: key } });
      rows[key] = h('label', { class: 'field' }, h('span', null, label), inputs[key],
        h('small', { class: 'muted', id: key === 'schedule' ? 'job-schedule-hint' : null }, key === 'schedule' ? scheduleHint() : hint),
        fieldErrors[key]);
      return rows[key];
    }),
    h('div', { class: 'form-buttons' },
      h('button', { type: 'submit', id: 'job-form-submit', class: 'btn primary' }, 'Create job'),
      h('button', { type: 'button', class: 'btn', onclick: toJson }, 'Edit as JSON')),
    formResult);

  function showKind() {
    for (const [key, , , , only] of FIELDS) rows[key].hidden = only !== null && only !== kind.value;
  }
  showKind();

  const editor = h('div', { class: 'json-pane' }, textarea,
    h('div', { class: 'form-buttons' }, h('button', { type: 'button', id: 'job-json-submit', class: 'btn primary', onclick: fromJson }, 'Create from JSON')),
    jsonResult);

  const tabs = h('div', { class: 'pills', role: 'tablist' });
  const panes = { form, json: editor };
  function show(which) {
    for (const [k, el] of Object.entries(panes)) el.hidden = k !== which;
    for (const b of tabs.children) b.classList.toggle('active', b.dataset.tab === which);
  }
  fill(tabs, [['form', 'Form'], ['json', 'JSON']].map(([k, label]) => h('button', {
    type: 'button', class: 'pill', role: 'tab', dataset: { tab: k }, id: `job-tab-${k}`, onclick: () => show(k),
  }, label)));
  show('form');

  const values = () => ({ kind: kind.value, ...Object.fromEntries(Object.entries(inputs).map(([k, el]) => [k, el.value])) });

  function toJson() {
    textarea.value = JSON.stringify(formToJob(values()).job, null, 2);
    show('json');
  }

  function fromForm() {
    for (const el of Object.values(fieldErrors)) el.textContent = '';
    fill(formResult);
    const { job, errors } = formToJob(values());
    if (errors.length) {
      for (const e of errors) fieldErrors[e.field].textContent = e.message;
      fill(formResult, h('div', { class: 'outcome error', role: 'alert' }, 'Fix the fields marked above; nothing was sent.'));
      return;
    }
    create(job, formResult);
  }

  function fromJson() {
    fill(jsonResult);
    const parsed = parseJobJson(textarea.value);
    if (parsed.error) {
      fill(jsonResult, h('div', { class: 'outcome error', role: 'alert' }, parsed.error));
      return;
    }
    create(parsed.job, jsonResult);
  }

  async function create(job, resultEl) {
    const url = postUrl(job);
    fill(resultEl, h('div', { class: 'outcome busy' }, `Sending ${job.name || 'the job'} to ${url}…`));
    let res;
    try {
      res = await sendJson('POST', url, job);
    } catch (e) {
      fill(resultEl, h('div', { class: 'outcome error', role: 'alert' }, `Creating the job failed: ${e.message}`));
      return;
    }
    if (res.ok) {
      fill(resultEl, h('div', { class: 'outcome ok', role: 'status', dataset: { status: String(res.status) } },
        'Saved ', h('a', { href: `#/jobs/${encodeURIComponent(job.name)}` }, job.name), ` (${res.status}).`));
      onCreated(job);
      return;
    }
    fill(resultEl, errorBox(`Saving ${job.name || 'the job'} refused`, apiError(res.status, res.body)));
  }

  return h('section', { class: 'card deploy-panel', id: 'job-panel' },
    h('div', { class: 'viewer-head' }, h('h2', null, 'Create a job'), tabs), form, editor);
}
