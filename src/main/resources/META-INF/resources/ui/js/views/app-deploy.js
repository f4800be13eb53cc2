// The deploy panel of the Apps view: a short form (id, command, instances, cpus, mem, optional
// Docker image and MESOS_HTTP health check) or a JSON editor for a full Marathon app definition.
// Both POST /v2/apps after a confirmation; a refusal is shown next to what was sent, a 422 with
// each JSON path and its errors (and on the form, beside the field it concerns).

import { sendJson } from '../api.js';
import { fill, h } from '../dom.js';
import { apiError, formToApp, parseAppJson } from '../marathon.js';
import { confirmDialog, errorBox } from './actions.js';

const FIELDS = [
  ['id', 'ID', 'text', '/web', 'Path of the app; groups with slashes, e.g. /shop/web'],
  ['cmd', 'Command', 'text', 'python3 -m http.server $PORT0', 'Run by the shell; leave empty to run the image\'s entrypoint'],
  // Placeholders show what an empty field means: Marathon's default.
  ['instances', 'Instances', 'number', 'default 1', null],
  ['cpus', 'CPUs', 'number', 'default 1', null],
  ['mem', 'Memory (MB)', 'number', 'default 128', null],
  ['image', 'Docker image', 'text', 'optional, e.g. nginx:1.25', 'Runs in a DOCKER container when set'],
  ['healthPath', 'Health check path', 'text', 'optional, e.g. /health', 'MESOS_HTTP check on the first port'],
];

/** A JSON path of a 422 detail → the form field it concerns. */
const PATH_FIELDS = [
  [/^\/id/, 'id'], [/^\/cmd/, 'cmd'], [/^\/instances/, 'instances'], [/^\/cpus/, 'cpus'], [/^\/mem/, 'mem'],
  [/^\/container/, 'image'], [/^\/healthChecks/, 'healthPath'], [/^\/portDefinitions/, 'healthPath'],
];

const EXAMPLE = {
  id: '/hello',
  cmd: 'echo hello from $HOST:$PORT0 && sleep 3600',
  instances: 1,
  cpus: 0.1,
  mem: 32,
};

/** The panel; onDeployed(app, answer) runs after a successful POST. */
export function deployPanel(onDeployed) {
  const inputs = {};
  const fieldErrors = {};
  const formResult = h('div', { id: 'deploy-form-result', 'aria-live': 'polite' });
  const jsonResult = h('div', { id: 'deploy-errors', 'aria-live': 'polite' });
  const textarea = h('textarea', {
    id: 'deploy-json', class: 'json-editor', rows: '14', spellcheck: 'false', 'aria-label': 'App definition (JSON)',
  });
  textarea.value = JSON.stringify(EXAMPLE, null, 2);

  const form = h('form', { id: 'deploy-form', class: 'deploy-form', novalidate: true, onsubmit: (ev) => { ev.preventDefault(); fromForm(); } },
    FIELDS.map(([key, label, type, placeholder, hint]) => {
      // Numbers are text inputs so that a typo reaches formToApp, which names it, instead of the
      // browser silently emptying the field.
      inputs[key] = h('input', {
        id: `deploy-${key}`, name: key, type: 'text', inputmode: type === 'number' ? 'decimal' : null, placeholder, autocomplete: 'off',
      });
      fieldErrors[key] = h('span', { class: 'field-error', dataset: { field: key } });
      return h('label', { class: 'field' }, h('span', null, label), inputs[key],
        hint ? h('small', { class: 'muted' }, hint) : null, fieldErrors[key]);
    }),
    h('div', { class: 'form-buttons' },
      h('button', { type: 'submit', id: 'deploy-form-submit', class: 'btn primary' }, 'Deploy'),
      h('button', { type: 'button', class: 'btn', onclick: toJson }, 'Edit as JSON')),
    formResult);

  const editor = h('div', { class: 'json-pane' },
    textarea,
    h('div', { class: 'form-buttons' },
      h('button', { type: 'button', id: 'deploy-json-submit', class: 'btn primary', onclick: fromJson }, 'Deploy JSON')),
    jsonResult);

  const tabs = h('div', { class: 'pills', role: 'tablist' });
  const panes = { form, json: editor };
  function show(which) {
    for (const [k, el] of Object.entries(panes)) el.hidden = k !== which;
    for (const b of tabs.children) b.classList.toggle('active', b.dataset.tab === which);
  }
  fill(tabs, [['form', 'Short form'], ['json', 'JSON editor']].map(([k, label]) => h('button', {
    type: 'button', class: 'pill', role: 'tab', dataset: { tab: k }, id: `deploy-tab-${k}`, onclick: () => show(k),
  }, label)));
  show('form');

  function clearFieldErrors() {
    for (const el of Object.values(fieldErrors)) el.textContent = '';
  }

  function formValues() {
    return Object.fromEntries(Object.entries(inputs).map(([k, el]) => [k, el.value]));
  }

  function toJson() {
    const { app } = formToApp(formValues());
    textarea.value = JSON.stringify(app, null, 2);
    show('json');
  }

  function fromForm() {
    clearFieldErrors();
    fill(formResult);
    const { app, errors } = formToApp(formValues());
    if (errors.length) {
      for (const e of errors) fieldErrors[e.field].textContent = e.message;
      fill(formResult, h('div', { class: 'outcome error', role: 'alert' }, 'Fix the fields marked above; nothing was sent.'));
      return;
    }
    deploy(app, formResult, (err) => {
      for (const d of err.details) {
        const field = PATH_FIELDS.find(([re]) => re.test(d.path))?.[1];
        if (field) fieldErrors[field].textContent = `${d.path}: ${d.errors.join('; ')}`;
      }
    });
  }

  function fromJson() {
    fill(jsonResult);
    const parsed = parseAppJson(textarea.value);
    if (parsed.error) {
      fill(jsonResult, h('div', { class: 'outcome error', role: 'alert' }, parsed.error));
      return;
    }
    deploy(parsed.app, jsonResult, () => {});
  }

  async function deploy(app, resultEl, onRefused) {
    const r = await confirmDialog({
      title: `Deploy ${app.id || 'this app'}`,
      text: `${app.instances ?? 1} instance(s) of ${app.cpus ?? 1} cpus and ${app.mem ?? 128} MB each will be started.`,
      confirmLabel: 'Deploy',
    });
    if (!r.ok) return;
    fill(resultEl, h('div', { class: 'outcome busy' }, `Deploying ${app.id}…`));
    let res;
    try {
      res = await sendJson('POST', '/v2/apps', app);
    } catch (e) {
      fill(resultEl, h('div', { class: 'outcome error', role: 'alert' }, `Deploying failed: ${e.message}`));
      return;
    }
    if (res.ok) {
      const id = res.body?.id || app.id;
      fill(resultEl, h('div', { class: 'outcome ok', role: 'status', dataset: { status: String(res.status) } },
        'Deploying ', h('a', { href: `#/apps/${encodeURIComponent(id)}` }, id), ': Marathon accepted it (', String(res.status), ').'));
      onDeployed(app, res);
      return;
    }
    const err = apiError(res.status, res.body);
    onRefused(err);
    fill(resultEl, errorBox(`Deploying ${app.id || 'the app'} refused`, err));
  }

  return h('section', { class: 'card deploy-panel', id: 'deploy-panel' },
    h('div', { class: 'viewer-head' }, h('h2', null, 'Deploy an app'), tabs), form, editor);
}
