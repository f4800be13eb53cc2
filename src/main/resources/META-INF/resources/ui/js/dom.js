// DOM building and formatting. Every text that comes from the cluster (task names, hostnames,
// labels, file contents) goes in as a text node, never as HTML, so a framework cannot inject markup.

/**
 * h('div', {class: 'x', onclick: fn}, 'text', child, [more, children]) builds an element. Attribute
 * values of null/undefined/false are skipped; functions under on* become listeners; children may be
 * strings, numbers, nodes, arrays or null.
 */
export function h(tag, attrs, ...children) {
  const svg = tag.startsWith('svg:');
  const el = svg
    ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4))
    : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') {
      el.addEventListener(k.slice(2), v);
    } else if (k === 'dataset') {
      Object.assign(el.dataset, v);
    } else {
      el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replaces the children of el, keeping el itself (and so its scroll position and listeners). */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export function fmtNumber(x, digits = 2) {
  if (x === null || x === undefined || Number.isNaN(x)) return '–';
  if (Number.isInteger(x)) return String(x);
  const fixed = x.toFixed(digits);
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

/** Mesos reports mem and disk in MB. */
export function fmtMB(mb) {
  if (mb === null || mb === undefined || Number.isNaN(mb)) return '–';
  const units = ['MB', 'GB', 'TB', 'PB'];
  let v = mb;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${fmtNumber(v, v < 10 ? 1 : 0)} ${units[i]}`;
}

export function fmtBytes(b) {
  if (b === null || b === undefined) return '–';
  if (b < 1024) return `${b} B`;
  if (b < 1024 * 1024) return `${fmtNumber(b / 1024, 1)} KB`;
  return fmtMB(b / 1024 / 1024);
}

export function fmtPercent(fraction) {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '–';
  const p = fraction * 100;
  return `${p > 0 && p < 1 ? p.toFixed(1) : Math.round(p)}%`;
}

/** Seconds since the epoch (Mesos's timestamps) → "2024-05-01 12:03:04". */
export function fmtTime(secs) {
  if (!secs) return '–';
  const d = new Date(secs * 1000);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} `
    + `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** "3m ago" style, from seconds since the epoch. */
export function fmtAgo(secs, nowMs = Date.now()) {
  if (!secs) return '–';
  const s = Math.max(0, Math.round(nowMs / 1000 - secs));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m ago`;
  return `${Math.floor(s / 86400)}d ago`;
}

export function fmtDuration(secs) {
  if (secs === null || secs === undefined) return '–';
  const s = Math.max(0, Math.round(secs));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86400)}d ${Math.floor((s % 86400) / 3600)}h`;
}

/** A coloured pill for a task state or an agent/framework status. */
export function stateBadge(state) {
  const s = String(state || 'UNKNOWN');
  return h('span', { class: `badge ${badgeClass(s)}` }, s.replace(/^TASK_/, ''));
}

export function badgeClass(state) {
  switch (state) {
    case 'TASK_RUNNING':
    case 'active':
    case 'connected':
    case 'leader':
      return 'ok';
    case 'TASK_STAGING':
    case 'TASK_STARTING':
    case 'TASK_KILLING':
    case 'draining':
    case 'inactive':
    case 'disconnected':
      return 'busy';
    case 'TASK_FINISHED':
    case 'drained':
      return 'done';
    case 'TASK_FAILED':
    case 'TASK_ERROR':
    case 'TASK_LOST':
    case 'TASK_DROPPED':
    case 'TASK_GONE':
    case 'TASK_GONE_BY_OPERATOR':
    case 'TASK_UNREACHABLE':
    case 'unreachable':
      return 'bad';
    case 'TASK_KILLED':
      return 'warn';
    default:
      return 'muted';
  }
}

/** A horizontal meter: used of total, with the numbers beside it. */
export function meter(used, total, label) {
  const f = total > 0 ? Math.min(1, used / total) : 0;
  return h('div', { class: 'meter', title: label || '' },
    h('div', { class: 'meter-track' },
      h('div', { class: `meter-fill${f > 0.9 ? ' hot' : ''}`, style: `width:${(f * 100).toFixed(1)}%` })),
    h('span', { class: 'meter-text' }, label || fmtPercent(f)));
}

/** A link inside the single page app. */
export function link(hash, ...children) {
  return h('a', { href: hash }, ...children);
}

export function empty(text) {
  return h('p', { class: 'empty' }, text);
}
