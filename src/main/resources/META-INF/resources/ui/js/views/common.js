// Building blocks the views share: cards, tables that become stacked cards on a phone, key/value
// lists.

import { h } from '../dom.js';

/** A titled card. */
export function card(title, ...children) {
  return h('section', { class: 'card' }, title ? h('h2', null, title) : null, ...children);
}

/**
 * A table. columns: [{label, cell: (row) => node|string, class}]. On narrow screens each row becomes
 * a card whose cells show their column label (data-label), so nothing scrolls sideways; a 'compact'
 * table stays a table there and drops its 'wide-only' columns.
 */
export function dataTable(columns, rows, emptyText = 'Nothing here yet.', rowAttrs = () => ({}), tableClass = '') {
  if (!rows.length) return h('p', { class: 'empty' }, emptyText);
  return h('div', { class: 'table-wrap' },
    h('table', { class: `data ${tableClass}`.trim() },
      h('thead', null, h('tr', null, columns.map((c) => h('th', { class: c.class }, c.label)))),
      h('tbody', null, rows.map((row) => h('tr', rowAttrs(row),
        columns.map((c) => h('td', { class: c.class, 'data-label': c.label }, c.cell(row))))))));
}

/** A definition list from [[term, value], ...]; null values are skipped. */
export function kv(pairs) {
  return h('dl', { class: 'kv' }, pairs.filter((p) => p[1] !== null && p[1] !== undefined && p[1] !== '')
    .map(([k, v]) => [h('dt', null, k), h('dd', null, v)]));
}

/** The page title row with optional extra content on the right. */
export function pageHeader(title, subtitle, ...extra) {
  return h('div', { class: 'page-header' },
    h('div', null, h('h1', null, title), subtitle ? h('p', { class: 'subtitle' }, subtitle) : null),
    extra.length ? h('div', { class: 'page-actions' }, ...extra) : null);
}

/** Short form of a long Mesos id for tables ("…-S0" keeps the informative tail). */
export function shortId(id) {
  if (!id) return '';
  return id.length > 18 ? `…${id.slice(-14)}` : id;
}
