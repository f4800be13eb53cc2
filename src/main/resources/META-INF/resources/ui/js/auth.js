// Who the UI speaks as, when the node asks for credentials (401): a principal and secret (HTTP
// Basic) or a bearer token, kept in this tab's sessionStorage only (gone when the tab closes, never
// in localStorage or a cookie) and sent on every API call. Also what the server refused this
// principal (403), per action, so the views can disable those buttons with the server's reason
// instead of guessing from the ACLs.

const CREDENTIAL_KEY = 'mezzo.ui.credential';
const REFUSALS_KEY = 'mezzo.ui.refusals';

/** The stored credential: {scheme: 'basic', principal, secret} or {scheme: 'bearer', token}, or null. */
export function credential() {
  try {
    const c = JSON.parse(sessionStorage.getItem(CREDENTIAL_KEY) || 'null');
    if (c && c.scheme === 'basic' && typeof c.principal === 'string' && typeof c.secret === 'string') return c;
    if (c && c.scheme === 'bearer' && typeof c.token === 'string') return c;
  } catch (e) {
    // Unreadable: as if none were stored.
  }
  return null;
}

/** Who the credential names, for the header: the principal, or "token" for a bearer token. */
export function principalName(c = credential()) {
  if (!c) return null;
  return c.scheme === 'basic' ? c.principal : 'bearer token';
}

export function saveCredential(c) {
  sessionStorage.setItem(CREDENTIAL_KEY, JSON.stringify(c));
  sessionStorage.removeItem(REFUSALS_KEY); // another principal may take other actions
  refused = {};
}

export function clearCredential() {
  sessionStorage.removeItem(CREDENTIAL_KEY);
  sessionStorage.removeItem(REFUSALS_KEY);
  refused = {};
}

/** The Authorization header value for the stored credential, or null. */
export function authorization(c = credential()) {
  if (!c) return null;
  if (c.scheme === 'bearer') return `Bearer ${c.token}`;
  // btoa takes Latin-1 only: encode the UTF-8 bytes first, as curl -u does.
  const bytes = new TextEncoder().encode(`${c.principal}:${c.secret}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}

/** `headers` with the Authorization header added when a credential is stored. */
export function withAuth(headers) {
  const value = authorization();
  return value ? { ...headers, Authorization: value } : headers;
}

/**
 * Fetch's credentials mode. Over plain HTTP nothing is lost by 'omit', and it keeps the browser
 * from answering a Basic challenge with its own password prompt before the UI's form can. Over
 * HTTPS 'same-origin' stays, because that is what lets the browser present a client certificate
 * to a node with mutual TLS.
 */
export function credentialsMode() {
  return location.protocol === 'https:' ? 'same-origin' : 'omit';
}

// ---- 401: someone (main.js) shows the login form ----

let challengeHandler = null;

/** Registers fn(reason, hadCredential), called when an API call is answered 401. */
export function onChallenge(fn) {
  challengeHandler = fn;
}

/** Reports a 401 with the server's reason. */
export function challenged(reason) {
  challengeHandler?.(reason, credential() !== null);
}

// ---- 403: what this principal may not do ----

// Read once per page and kept in memory, since every re-rendered row asks (see the observer below).
let refused = null;

function refusals() {
  if (refused === null) {
    try {
      const r = JSON.parse(sessionStorage.getItem(REFUSALS_KEY) || '{}');
      refused = r && typeof r === 'object' ? r : {};
    } catch (e) {
      refused = {};
    }
  }
  return refused;
}

/** The server's reason for refusing `action` to this principal, or null if it never did. */
export function refusal(action) {
  return action ? refusals()[action] || null : null;
}

/** Records that the server answered `action` with 403 and why, and disables its buttons. */
export function noteRefusal(action, reason) {
  if (!action) return;
  const r = refusals();
  r[action] = reason || 'the server refused it (403)';
  try {
    sessionStorage.setItem(REFUSALS_KEY, JSON.stringify(r));
  } catch (e) {
    // Storage full or disabled: the refusal holds for this page only.
  }
  applyRefusals(document);
}

/**
 * Disables every button[data-action] under root whose action the server refused, with the reason
 * as its tooltip and accessible description, so it is visible why it cannot be used.
 */
export function applyRefusals(root) {
  const r = refusals();
  if (!Object.keys(r).length) return;
  for (const b of root.querySelectorAll?.('button[data-action]') || []) {
    const why = r[b.dataset.action];
    if (!why || b.dataset.refused) continue;
    b.disabled = true;
    b.dataset.refused = 'true';
    b.title = `Not allowed for ${principalName() || 'anonymous callers'}: ${why}`;
    b.setAttribute('aria-description', b.title);
  }
}

// New views and re-rendered rows get their buttons disabled as they appear.
new MutationObserver((records) => {
  for (const rec of records) {
    for (const n of rec.addedNodes) {
      if (n.nodeType === 1) {
        if (n.matches('button[data-action]')) applyRefusals(n.parentNode || document);
        else applyRefusals(n);
      }
    }
  }
}).observe(document.documentElement, { childList: true, subtree: true });
