// A task's sandbox: the files in it (through the master's /files/browse, proxied to the agent) and
// a live tail of one of them, stdout by default.

import { download, endpoints, getJson } from '../api.js';
import { fill, fmtAgo, fmtBytes, h, link, stateBadge } from '../dom.js';
import { Pailer } from '../pailer.js';
import { agentsById, allTasks, executorIdOf, sandboxPath } from '../model.js';
import { card, dataTable, pageHeader } from './common.js';

const MAX_CHARS = 2 * 1024 * 1024; // text kept on screen; older output is dropped from the top

/** Why a sandbox read failed, in words an operator can act on. */
export function explain(err, what, agentName) {
  const agent = agentName ? `Agent ${agentName}, which holds this sandbox,` : 'The agent that holds this sandbox';
  if (err.status === 404) return `${what} was not found (${err.reason}). The task may not have started yet, or its sandbox was removed.`;
  if (err.status === 0) return `${what} cannot be read: the master did not answer (${err.reason}). Retrying.`;
  if (err.status >= 500) return `${agent} cannot be reached (${err.status}: ${err.reason}). Retrying.`;
  return `${what} cannot be read: ${err.message}`;
}

export function sandboxView(frameworkId, executorId, params) {
  const root = sandboxPath(frameworkId, executorId);
  const dir = (params.get('path') || '').replace(/^\/+|\/+$/g, '');
  const file = params.get('file') || 'stdout';
  const here = (q) => `#/sandbox/${encodeURIComponent(frameworkId)}/${encodeURIComponent(executorId)}?${new URLSearchParams(q)}`;
  let ctx;
  let headerEl;
  let listEl;
  let outEl;
  let statusEl;
  let follow = true;
  let pailer;
  let agentName = '';
  let agentId;
  let listing = false;
  let gone = false;
  let chars = 0;

  async function list() {
    if (listing || gone) return;
    listing = true;
    const path = dir ? `${root}/${dir}` : root;
    try {
      const entries = await getJson(endpoints.browse(path, agentId));
      if (gone) return;
      ctx.banners.clear('sandbox');
      const rows = [...entries].map((e) => ({ ...e, name: e.path.slice(e.path.lastIndexOf('/') + 1), dir: String(e.mode || '').startsWith('d') }))
        .sort((a, b) => (a.dir === b.dir ? a.name.localeCompare(b.name) : a.dir ? -1 : 1));
      const rel = (name) => (dir ? `${dir}/${name}` : name);
      fill(listEl, dataTable([
        { label: 'Name', cell: (e) => (e.dir
          ? link(here({ path: rel(e.name), file }), `${e.name}/`)
          : link(here({ path: dir, file: rel(e.name) }), e.name)) },
        { label: 'Size', class: 'num', cell: (e) => (e.dir ? '' : fmtBytes(e.size)) },
        { label: 'Modified', class: 'wide-only', cell: (e) => fmtAgo(e.mtime) },
        { label: 'Mode', class: 'wide-only', cell: (e) => h('span', { class: 'mono small' }, e.mode) },
        { label: '', class: 'actions', cell: (e) => (e.dir ? '' : h('a', {
          href: endpoints.download(e.path, agentId),
          download: e.name,
          // Through fetch, so the download carries the signed-in credential as every call does.
          onclick: (ev) => {
            ev.preventDefault();
            download(endpoints.download(e.path, agentId), e.name)
              .catch((err) => ctx.banners.set('download', `Cannot download ${e.name} — ${err.message}`));
          },
        }, 'Download')) },
      ], rows, 'This directory is empty.', (e) => ({ class: rel(e.name) === file ? 'selected file-row' : 'file-row' }), 'compact'));
    } catch (e) {
      if (gone) return;
      ctx.banners.set('sandbox', explain(e, `The sandbox ${path}`, agentName));
      ctx.banners.clear('pailer'); // the file's failure has the same cause
      if (!listEl.querySelector('table')) fill(listEl, h('p', { class: 'empty' }, 'Cannot list the sandbox right now; retrying.'));
    } finally {
      listing = false;
    }
  }

  function append(text, info) {
    if (info.reset) {
      outEl.textContent = '';
      chars = 0;
      if (info.skipped > 0) outEl.append(h('span', { class: 'muted' }, `… ${fmtBytes(info.skipped)} earlier not shown (download the file for all of it)\n`));
      if (info.truncated) outEl.append(h('span', { class: 'muted' }, '… the file was truncated; showing it from the start\n'));
    }
    if (!text) return;
    outEl.append(document.createTextNode(text));
    chars += text.length;
    if (chars > MAX_CHARS) {
      outEl.textContent = outEl.textContent.slice(-MAX_CHARS / 2);
      chars = outEl.textContent.length;
    }
    if (follow) outEl.scrollTop = outEl.scrollHeight;
  }

  return {
    mount(el, c) {
      ctx = c;
      headerEl = h('div', null, pageHeader(`Sandbox of ${executorId}`, null));
      listEl = h('div', null, h('p', { class: 'empty' }, 'Listing…'));
      statusEl = h('span', { class: 'tail-status muted small' }, 'connecting…');
      outEl = h('pre', { class: 'pailer', id: 'pailer-output', tabindex: 0, 'aria-live': 'off', 'aria-label': `Contents of ${file}` });
      outEl.addEventListener('scroll', () => {
        follow = outEl.scrollTop + outEl.clientHeight >= outEl.scrollHeight - 4;
      });
      const crumbs = [link(here({ file }), 'sandbox')];
      let acc = '';
      for (const part of dir ? dir.split('/') : []) {
        acc = acc ? `${acc}/${part}` : part;
        crumbs.push(' / ', link(here({ path: acc, file }), part));
      }
      const quick = ['stdout', 'stderr'].map((f) => h('a', {
        class: `pill${file === f ? ' active' : ''}`, href: here({ path: dir, file: f }),
      }, f));
      fill(el,
        headerEl,
        h('div', { class: 'sandbox-grid' },
          card(null, h('div', { class: 'viewer-head' },
            h('div', { class: 'pills' }, quick),
            h('h2', { class: 'file-name mono' }, file),
            h('span', { class: 'live-dot', 'aria-hidden': 'true' }), statusEl),
          outEl),
          card('Files', h('p', { class: 'crumbs mono small' }, crumbs), listEl)));
      pailer = new Pailer(`${root}/${file}`, {
        onText: append,
        onOk: () => ctx.banners.clear('pailer'),
        onProgress: ({ offset }) => {
          statusEl.textContent = `following · ${fmtBytes(offset)}`;
          statusEl.classList.remove('error');
        },
        onError: (e) => {
          statusEl.textContent = 'not readable — retrying';
          statusEl.classList.add('error');
          // One banner per cause: an unreachable agent already has the listing's banner.
          if (!ctx.banners.has('sandbox')) ctx.banners.set('pailer', explain(e, `The file ${file}`, agentName));
          if (!outEl.textContent) outEl.append(h('span', { class: 'muted' }, `Waiting for ${file}…`));
        },
      });
      if (c.store.state) this.update(c.store);
      pailer.start();
      list();
    },

    update({ state }) {
      const entry = allTasks(state).find(({ task, framework }) => framework.id === frameworkId && executorIdOf(task) === executorId);
      const agent = entry ? agentsById(state).get(entry.task.slave_id) : null;
      agentName = agent ? agent.hostname : '';
      agentId = entry ? entry.task.slave_id : undefined;
      if (pailer) pailer.agentId = agentId;
      const fw = (state.frameworks || []).find((f) => f.id === frameworkId);
      fill(headerEl, pageHeader(
        entry ? `Sandbox of ${entry.task.name || entry.task.id}` : `Sandbox of ${executorId}`,
        h('span', null,
          fw ? ['Framework ', link(`#/frameworks/${encodeURIComponent(fw.id)}`, fw.name || fw.id)] : null,
          agent ? [' · agent ', link(`#/agents/${encodeURIComponent(agent.id)}`, agent.hostname)] : null,
          entry ? [' · ', link(`#/tasks/${encodeURIComponent(frameworkId)}/${encodeURIComponent(entry.task.id)}`, 'task details')] : null),
        entry ? stateBadge(entry.task.state) : null));
      list();
    },

    unmount() {
      gone = true;
      pailer?.stop();
      ctx.banners.clear('sandbox');
      ctx.banners.clear('pailer');
    },
  };
}
