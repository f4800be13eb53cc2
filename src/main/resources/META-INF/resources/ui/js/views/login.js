// The UI's own sign-in form, shown when the node answers 401: a principal and secret (HTTP Basic,
// as in the node's credentials file) or a bearer token. It says why the server refused (no
// credentials, a wrong secret, an expired token…) in the server's words. The browser's own
// password prompt is not used: it cannot say why, and cannot be signed out of.

import { fill, h } from '../dom.js';
import { credential, saveCredential } from '../auth.js';

let host = null;
let reasonEl = null;

/** True while the form is on screen. */
export function loginShown() {
  return host !== null;
}

/**
 * Shows the form (or, if it is already shown, updates the server's reason) and calls
 * onSignedIn() once a credential is stored.
 */
export function showLogin(reason, hadCredential, onSignedIn) {
  const why = hadCredential
    ? `The node refused the credential: ${reason || 'unauthorized (401)'}`
    : `The node asks who you are: ${reason || 'unauthorized (401)'}`;
  if (host) {
    reasonEl.textContent = why;
    return;
  }
  const previous = credential();
  let scheme = previous?.scheme || 'basic';
  const principal = h('input', {
    id: 'login-principal', name: 'principal', autocomplete: 'username', required: true,
    value: previous?.scheme === 'basic' ? previous.principal : '',
  });
  const secret = h('input', { id: 'login-secret', name: 'secret', type: 'password', autocomplete: 'current-password', required: true });
  const token = h('textarea', { id: 'login-token', name: 'token', rows: '4', spellcheck: 'false', required: true });
  const basicFields = h('div', { class: 'login-fields', dataset: { scheme: 'basic' } },
    h('label', { class: 'field' }, h('span', null, 'Principal'), principal),
    h('label', { class: 'field' }, h('span', null, 'Secret'), secret));
  const tokenFields = h('div', { class: 'login-fields', dataset: { scheme: 'bearer' } },
    h('label', { class: 'field' }, h('span', null, 'Bearer token (JWT)'), token));
  const schemeButton = (value, label) => h('button', {
    type: 'button', id: `login-scheme-${value}`, class: 'pill', 'aria-pressed': String(scheme === value),
    onclick: () => select(value),
  }, label);
  const schemes = h('div', { class: 'login-schemes', role: 'group', 'aria-label': 'How to sign in' },
    schemeButton('basic', 'Principal and secret'), schemeButton('bearer', 'Bearer token'));
  reasonEl = h('p', { id: 'login-reason', class: 'field-error', role: 'alert' }, why);

  function select(value) {
    scheme = value;
    for (const b of schemes.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b.id === `login-scheme-${value}`));
    basicFields.hidden = value !== 'basic';
    tokenFields.hidden = value !== 'bearer';
    for (const f of [principal, secret]) f.disabled = value !== 'basic';
    token.disabled = value !== 'bearer';
    (value === 'basic' ? (principal.value ? secret : principal) : token).focus();
  }

  const submit = (ev) => {
    ev.preventDefault();
    if (scheme === 'basic') {
      if (!principal.value.trim()) return;
      saveCredential({ scheme: 'basic', principal: principal.value.trim(), secret: secret.value });
    } else {
      const t = token.value.trim().replace(/^Bearer\s+/i, '');
      if (!t) return;
      saveCredential({ scheme: 'bearer', token: t });
    }
    hideLogin();
    onSignedIn();
  };

  host = h('div', { id: 'login', class: 'login-backdrop' },
    h('form', { id: 'login-form', class: 'card login-card', onsubmit: submit, 'aria-labelledby': 'login-title' },
      h('h1', { id: 'login-title' }, 'Sign in to Mezzo'),
      reasonEl,
      schemes,
      basicFields,
      tokenFields,
      h('p', { class: 'muted small' }, 'Kept in this browser tab only (session storage) and sent with every request; closing the tab or "Log out" forgets it.'),
      h('div', { class: 'dialog-buttons' },
        h('button', { type: 'submit', id: 'login-submit', class: 'btn primary' }, 'Sign in'))));
  document.body.append(host);
  select(scheme);
}

export function hideLogin() {
  host?.remove();
  host = null;
  reasonEl = null;
}

/** The header's "who am I" with its log-out button, or nothing when no credential is stored. */
export function renderWhoami(el, onLogout) {
  const c = credential();
  if (!c) {
    el.hidden = true;
    el.replaceChildren();
    return;
  }
  el.hidden = false;
  fill(el,
    h('span', { class: 'muted' }, 'signed in as '),
    h('strong', { id: 'whoami-principal' }, c.scheme === 'basic' ? c.principal : 'bearer token'),
    ' ',
    h('button', { type: 'button', id: 'logout', class: 'btn small', onclick: onLogout }, 'Log out'));
}
