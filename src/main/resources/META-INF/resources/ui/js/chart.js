// Small SVG time-series charts for the overview, drawn by hand (no chart library): a filled area
// for what is used, a dashed line for the total, a grid with labels. A chart redraws itself when
// its box changes size, so it fits a phone as well as a wide screen.

import { h } from './dom.js';

const PAD = { left: 46, right: 10, top: 10, bottom: 22 };

export class TimeChart {
  /**
   * @param el container element (the chart takes its width; height from options)
   * @param options {height, format: (v) => string, windowMs}
   */
  constructor(el, options) {
    this.el = el;
    // binary: values are MB, so the axis top is a round number of MB, GB or TB.
    this.options = { height: 150, format: String, minWindowMs: 60 * 1000, maxWindowMs: 10 * 60 * 1000, binary: false, ...options };
    this.series = [];
    this.observer = new ResizeObserver(() => this.draw());
    this.observer.observe(el);
  }

  /** series: [{name, color, points: [[tMs, value]], area, dashed}] */
  update(series, nowMs = Date.now()) {
    this.series = series;
    this.now = nowMs;
    this.draw();
  }

  destroy() {
    this.observer.disconnect();
  }

  draw() {
    const width = Math.max(160, Math.floor(this.el.clientWidth));
    const height = this.options.height;
    if (!this.series.some((s) => s.points.length)) {
      this.el.replaceChildren(h('div', { class: 'chart-empty', style: `height:${height}px` }, 'Waiting for data…'));
      return;
    }
    const { format, minWindowMs, maxWindowMs, binary } = this.options;
    const tMax = this.now || Date.now();
    // The window grows with the history (from a minute up to ten), so a fresh page is not empty.
    const first = Math.min(tMax, ...this.series.map((s) => (s.points.length ? s.points[0][0] : tMax)));
    const windowMs = Math.min(maxWindowMs, Math.max(minWindowMs, tMax - first));
    const tMin = tMax - windowMs;
    const all = this.series.flatMap((s) => s.points.map((p) => p[1]));
    const top = Math.max(0, ...all);
    const unit = binary && top >= 1024 ? 1024 ** Math.floor(Math.log(top) / Math.log(1024)) : 1;
    // integer: counts, so four grid steps of whole numbers.
    const yMax = this.options.integer ? Math.max(4, Math.ceil(top / 4) * 4) : niceMax(top / unit) * unit;
    const x = (t) => PAD.left + ((t - tMin) / windowMs) * (width - PAD.left - PAD.right);
    const y = (v) => PAD.top + (1 - v / yMax) * (height - PAD.top - PAD.bottom);

    const svg = h('svg:svg', {
      width, height, viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img',
      'aria-label': this.series.map((s) => s.name).join(', '),
    });
    for (let i = 0; i <= 4; i++) {
      const v = (yMax * i) / 4;
      svg.append(
        h('svg:line', { x1: PAD.left, x2: width - PAD.right, y1: y(v), y2: y(v), class: 'grid' }),
        h('svg:text', { x: PAD.left - 6, y: y(v) + 4, class: 'axis', 'text-anchor': 'end' }, format(v)));
    }
    // Time ticks at round steps back from now, as many as fit.
    const maxTicks = width > 420 ? 6 : 3;
    const step = [15, 30, 60, 120, 300, 600].map((x) => x * 1000).find((x) => windowMs / x <= maxTicks) || 600000;
    for (let ago = 0; ago <= windowMs; ago += step) {
      const t = tMax - ago;
      const secs = Math.round(ago / 1000);
      const label = secs === 0 ? 'now' : `-${secs >= 60 ? `${Math.floor(secs / 60)}m` : ''}${secs % 60 ? `${secs % 60}s` : ''}`;
      const nearLeft = x(t) - PAD.left < 20;
      svg.append(h('svg:text', { x: x(t), y: height - 6, class: 'axis', 'text-anchor': ago === 0 ? 'end' : nearLeft ? 'start' : 'middle' }, label));
    }
    for (const s of this.series) {
      const pts = s.points.filter((p) => p[0] >= tMin - 5000);
      if (!pts.length) continue;
      const line = pts.map((p, i) => `${i ? 'L' : 'M'}${x(Math.max(tMin, p[0])).toFixed(1)},${y(p[1]).toFixed(1)}`).join('');
      if (s.area) {
        const first = x(Math.max(tMin, pts[0][0])).toFixed(1);
        const last = x(pts[pts.length - 1][0]).toFixed(1);
        svg.append(h('svg:path', {
          d: `${line}L${last},${y(0)}L${first},${y(0)}Z`, fill: s.color, 'fill-opacity': 0.18, stroke: 'none',
        }));
      }
      svg.append(h('svg:path', {
        d: line, fill: 'none', stroke: s.color, 'stroke-width': s.dashed ? 1.5 : 2,
        'stroke-dasharray': s.dashed ? '5 4' : null, 'stroke-linejoin': 'round',
      }));
      const lp = pts[pts.length - 1];
      if (!s.dashed) svg.append(h('svg:circle', { cx: x(lp[0]), cy: y(lp[1]), r: 3, fill: s.color }));
    }
    this.el.replaceChildren(svg);
  }
}

/**
 * 0 → 1, 7.3 → 8, 1900 → 2000: a round top for the y axis, strictly above v so a flat total does not
 * hide in the frame, and whose quarters (the grid lines) are round too.
 */
export function niceMax(v) {
  if (!(v > 0)) return 1;
  const mag = 10 ** Math.floor(Math.log10(v));
  for (const step of [1, 2, 4, 6, 8, 10]) {
    if (step * mag >= v * 1.0001) return step * mag;
  }
  return 10 * mag;
}

/** A legend: coloured keys with the latest values. */
export function legend(items) {
  return h('ul', { class: 'legend' }, items.map((it) => h('li', null,
    h('span', { class: `key${it.dashed ? ' dashed' : ''}`, style: `--c:${it.color}` }),
    h('span', { class: 'name' }, it.name), ' ', h('strong', null, it.value))));
}
