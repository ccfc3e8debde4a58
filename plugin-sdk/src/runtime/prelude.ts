// Bundled first into every component by `ispchat-plugin build`. The QuickJS runtime is built with
// every WASI import replaced by a trap (no filesystem, environment, clock or sockets reach the
// plugin), which leaves a few everyday globals missing or deadly:
// - `Date.now()` and `new Date()` read the WASI wall clock and trap: they are redirected to the
//   host's clock (`ispchat:host/clock`), which is also what the host fakes in its tests;
// - `console` does not exist: it writes to the host's log instead;
// - `TextEncoder`/`TextDecoder` do not exist: UTF-8-only versions are provided.
// This module runs while the component is being built (Wizer snapshots the initialised heap), so it
// must not call any host function at the top level — only inside the functions it installs.
import { nowMs } from 'ispchat:host/clock@1.0.0';
import { write } from 'ispchat:host/log@1.0.0';
import type { Level } from 'ispchat:host/log@1.0.0';
import { utf8Decode, utf8Encode } from '../bytes';

const g = globalThis as Record<string, unknown>;

const NativeDate = Date;
class HostDate extends NativeDate {
  constructor(...args: unknown[]) {
    if (args.length === 0) super(nowMs());
    else super(...(args as [string | number | Date]));
  }
  static override now(): number {
    return nowMs();
  }
}
g['Date'] = HostDate;

function logger(level: Level) {
  return (...args: unknown[]): void => {
    const message = args.map((a) => (typeof a === 'string' ? a : safeJson(a))).join(' ');
    write(level, message, []);
  };
}

function safeJson(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

if (g['console'] === undefined) {
  g['console'] = {
    log: logger('info'),
    info: logger('info'),
    debug: logger('debug'),
    trace: logger('trace'),
    warn: logger('warn'),
    error: logger('error'),
  };
}

if (g['TextEncoder'] === undefined) {
  g['TextEncoder'] = class {
    readonly encoding = 'utf-8';
    encode(input = ''): Uint8Array {
      return utf8Encode(input);
    }
  };
}

if (g['TextDecoder'] === undefined) {
  g['TextDecoder'] = class {
    readonly encoding = 'utf-8';
    decode(input?: Uint8Array): string {
      return input === undefined ? '' : utf8Decode(input);
    }
  };
}
