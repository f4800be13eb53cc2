// Follows a file in a sandbox the way `tail -f` does, through the master's /files/read (Mesos
// semantics: offset=-1 answers the size; {"data", "offset"} otherwise). Offsets are bytes, so the
// next offset advances by the UTF-8 length of the text received, not its JavaScript length.

import { endpoints, getJson } from './api.js';

const INITIAL_BYTES = 64 * 1024; // how much of an existing file to show when opening it
const CHUNK = 64 * 1024; // bytes asked for per read; a full chunk means more is waiting
const INTERVAL_MS = 1000;
const MAX_BACKOFF_MS = 10000;
const SIZE_CHECK_EVERY = 10; // empty reads between checks that the file was not truncated

const encoder = new TextEncoder();

export function utf8Length(text) {
  return encoder.encode(text).length;
}

export class Pailer {
  /**
   * @param path virtual file path
   * @param handlers {onText(text, {reset, skipped}), onError(err), onOk(), onProgress({offset})}
   */
  constructor(path, handlers) {
    this.path = path;
    this.h = handlers;
    this.offset = null;
    this.timer = null;
    this.stopped = false;
    this.backoff = INTERVAL_MS;
    this.idle = 0;
    this.agentId = null; // set once known: a hint for the master, see endpoints.read
  }

  start() {
    this.stopped = false;
    this.tick();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  schedule(ms) {
    if (!this.stopped) this.timer = setTimeout(() => this.tick(), ms);
  }

  async size() {
    const r = await getJson(endpoints.read(this.path, -1, undefined, this.agentId));
    return Number(r.offset) || 0;
  }

  async tick() {
    try {
      if (this.offset === null) {
        const size = await this.size();
        this.offset = Math.max(0, size - INITIAL_BYTES);
        if (this.stopped) return;
        this.h.onText('', { reset: true, skipped: this.offset });
      } else if (this.idle >= SIZE_CHECK_EVERY) {
        this.idle = 0;
        const size = await this.size();
        if (size < this.offset) {
          // Truncated (e.g. a log rotated in place): start over from its beginning.
          this.offset = 0;
          this.h.onText('', { reset: true, skipped: 0, truncated: true });
        }
      }
      const r = await getJson(endpoints.read(this.path, this.offset, CHUNK, this.agentId));
      if (this.stopped) return;
      const data = typeof r.data === 'string' ? r.data : '';
      const at = typeof r.offset === 'number' ? r.offset : this.offset;
      const bytes = utf8Length(data);
      this.offset = at + bytes;
      this.backoff = INTERVAL_MS;
      this.h.onOk?.();
      if (data) {
        this.idle = 0;
        this.h.onText(data, {});
      } else {
        this.idle++;
      }
      this.h.onProgress?.({ offset: this.offset });
      this.schedule(bytes >= CHUNK ? 0 : INTERVAL_MS);
    } catch (e) {
      if (this.stopped) return;
      this.h.onError(e);
      this.schedule(this.backoff);
      this.backoff = Math.min(MAX_BACKOFF_MS, this.backoff * 2);
    }
  }
}
