// The dependency graph of the jobs, drawn in SVG from GET /scheduler/graph/csv: one row per depth
// (roots on top, each job below every parent), a box per job coloured by its last outcome, and an
// arrow per parent → child link. Each box links to its job's page.

import { h } from '../dom.js';
import { layoutGraph } from '../chronos.js';

const ROW = 78;
const BOX_H = 34;
const GAP = 24;
const PAD = 16;
const CHAR_W = 7.4;

function boxWidth(name) {
  return Math.max(96, Math.round(name.length * CHAR_W) + 28);
}

/** The graph card's SVG, or null when there is no job to draw. */
export function graphSvg(graph) {
  if (!graph.nodes.length) return null;
  const { layers } = layoutGraph(graph);
  const byName = new Map(graph.nodes.map((n) => [n.name, n]));
  const widths = layers.map((l) => l.reduce((w, n) => w + boxWidth(n), 0) + GAP * Math.max(0, l.length - 1));
  // Links that skip a layer bow out sideways (below); the margin keeps them inside the picture.
  const depthOf = new Map(layers.flatMap((l, d) => l.map((n) => [n, d])));
  const maxSpan = Math.max(1, ...graph.links.map((l) => (depthOf.get(l.child) ?? 0) - (depthOf.get(l.parent) ?? 0)));
  const side = maxSpan > 1 ? 28 * maxSpan + 20 : 0;
  const width = Math.max(...widths) + 2 * (PAD + side);
  const height = layers.length * ROW - (ROW - BOX_H) + 2 * PAD;
  const pos = new Map();
  layers.forEach((layer, d) => {
    // Each row is centred, so a chain a → b → c reads as a straight line down.
    let x = PAD + (width - 2 * PAD - widths[d]) / 2;
    for (const name of layer) {
      const w = boxWidth(name);
      pos.set(name, { x, y: PAD + d * ROW, w });
      x += w + GAP;
    }
  });
  let skips = 0;
  const edges = graph.links.filter((l) => pos.has(l.parent) && pos.has(l.child)).map((l) => {
    const a = pos.get(l.parent);
    const b = pos.get(l.child);
    const x1 = a.x + a.w / 2;
    const y1 = a.y + BOX_H;
    const x2 = b.x + b.w / 2;
    const y2 = b.y - 3;
    // A link past a whole layer would run through the boxes between; it bows out to one side
    // instead, alternating sides so two such links do not lie on top of each other.
    const span = Math.round((b.y - a.y) / ROW);
    const bow = span > 1 ? (skips++ % 2 ? -1 : 1) * (Math.max(a.w, b.w) / 2 + 28 * span) : 0;
    const c1 = span > 1 ? y1 + ROW * 0.6 : (y1 + y2) / 2;
    const c2 = span > 1 ? y2 - ROW * 0.6 : (y1 + y2) / 2;
    return h('svg:path', {
      class: 'graph-link', d: `M${x1},${y1} C${x1 + bow},${c1} ${x2 + bow},${c2} ${x2},${y2}`,
      'marker-end': 'url(#job-graph-arrow)', dataset: { parent: l.parent, child: l.child },
    });
  });
  const nodes = [...pos.entries()].map(([name, p]) => {
    const n = byName.get(name);
    const outcome = n.lastState || 'fresh';
    return h('svg:a', { href: `#/jobs/${encodeURIComponent(name)}`, class: 'graph-node-link' },
      h('svg:g', { class: `graph-node ${outcome} ${n.state || ''}`.trim(), dataset: { job: name, lastState: outcome, state: n.state || '' } },
        h('svg:title', null, `${name}: last ${outcome}${n.state ? `, ${n.state}` : ''}`),
        h('svg:rect', { x: p.x, y: p.y, width: p.w, height: BOX_H, rx: 8 }),
        h('svg:text', { x: p.x + p.w / 2, y: p.y + BOX_H / 2 + 4, 'text-anchor': 'middle' }, name)));
  });
  return h('svg:svg', {
    id: 'job-graph', class: 'job-graph', viewBox: `0 0 ${width} ${height}`, width, height,
    role: 'img', 'aria-label': `Dependency graph of ${graph.nodes.length} job(s) and ${graph.links.length} link(s)`,
  },
  h('svg:defs', null, h('svg:marker', {
    id: 'job-graph-arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse',
  }, h('svg:path', { d: 'M0,0 L10,5 L0,10 z', class: 'graph-arrow' }))),
  edges, nodes);
}
