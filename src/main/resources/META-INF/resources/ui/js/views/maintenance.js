// Maintenance: the schedule (windows of machines and when they are unavailable) and each machine's
// mode, with the frameworks' answers to the inverse offers of draining machines. Read from the
// leading master's /master/maintenance/schedule and /master/maintenance/status on every poll.

import { endpoints, getJson } from '../api.js';
import { fill, fmtDuration, fmtTime, h, stateBadge } from '../dom.js';
import { card, dataTable, pageHeader } from './common.js';

const NS = 1e9;

/** "host-a (10.0.0.1)", or whichever of the two the machine id gives. */
export function machineText(id) {
  if (!id) return '–';
  if (id.hostname && id.ip) return `${id.hostname} (${id.ip})`;
  return id.hostname || id.ip || '–';
}

function sameMachine(a, b) {
  return (a.hostname || '').toLowerCase() === (b.hostname || '').toLowerCase() && (a.ip || '') === (b.ip || '');
}

/** One row per scheduled machine: its window's unavailability, its mode and its answers. */
export function machineRows(schedule, status) {
  const rows = [];
  for (const w of schedule.windows || []) {
    for (const id of w.machine_ids || []) {
      const down = (status.down_machines || []).some((m) => sameMachine(m, id));
      const draining = (status.draining_machines || []).find((m) => sameMachine(m.id, id));
      rows.push({
        id,
        start: (w.unavailability?.start?.nanoseconds || 0) / NS,
        duration: w.unavailability?.duration ? w.unavailability.duration.nanoseconds / NS : null,
        mode: down ? 'DOWN' : 'DRAINING',
        statuses: draining?.statuses || [],
      });
    }
  }
  return rows;
}

function answers(statuses) {
  if (!statuses.length) return h('span', { class: 'muted' }, 'no inverse offers');
  return h('div', null, ...statuses.map((s) => h('div', { class: 'small' },
    h('span', { class: `chip ${s.status === 'ACCEPT' ? 'ok' : s.status === 'DECLINE' ? 'bad' : ''}` }, s.status),
    ' ', h('span', { class: 'mono' }, s.framework_id?.value || '?'))));
}

export function maintenanceView() {
  let body;
  let ctx;
  let inFlight = false;

  async function refresh() {
    if (inFlight) return;
    inFlight = true;
    try {
      const [schedule, status] = await Promise.all([getJson(endpoints.maintenanceSchedule), getJson(endpoints.maintenanceStatus)]);
      ctx.banners.clear('maintenance');
      const rows = machineRows(schedule, status);
      fill(body, card(null, dataTable([
        { label: 'Machine', cell: (r) => h('span', { class: 'mono' }, machineText(r.id)) },
        { label: 'Mode', cell: (r) => stateBadge(r.mode) },
        { label: 'Unavailable from', cell: (r) => fmtTime(r.start) },
        { label: 'For', cell: (r) => (r.duration === null ? 'indefinitely' : fmtDuration(r.duration)) },
        { label: 'Frameworks\' answers', cell: (r) => answers(r.statuses) },
      ], rows, 'No maintenance is scheduled. POST a schedule to /master/maintenance/schedule (or UPDATE_MAINTENANCE_SCHEDULE).',
      (r) => ({ class: 'maintenance-row', dataset: { machine: machineText(r.id), mode: r.mode } }))));
    } catch (e) {
      if (e.status !== 401) ctx.banners.set('maintenance', `Cannot read the maintenance schedule — ${e.message}. Retrying.`);
    } finally {
      inFlight = false;
    }
  }

  return {
    mount(el, c) {
      ctx = c;
      body = h('div', null, h('p', { class: 'empty' }, 'Loading the maintenance schedule…'));
      fill(el, pageHeader('Maintenance', 'Machines scheduled for maintenance: DRAINING until brought down, then DOWN until brought up'), body);
      refresh();
    },
    update: () => refresh(),
    unmount: () => ctx?.banners.clear('maintenance'),
  };
}
