import * as host from 'ispchat:host/kv@1.0.0';
import type { Entry } from 'ispchat:host/kv@1.0.0';
import { utf8Decode, utf8Encode, asBytes } from './bytes';
import { ComponentError } from './errors';

export interface SetOptions {
  /** Time to live in milliseconds; absent keeps the entry until deleted. */
  ttlMs?: number;
}

export interface JsonEntry<T> {
  value: T;
  version: number;
}

export interface UpdateOptions extends SetOptions {
  /** Give up after this many lost races (default 8). */
  maxAttempts?: number;
}

function decodeJson<T>(entry: Entry): JsonEntry<T> {
  return { value: JSON.parse(utf8Decode(asBytes(entry.value))) as T, version: entry.version };
}

/**
 * The plugin's private key/value store. Host errors (kv not declared, value too large, store
 * unavailable) are thrown as errors whose `payload` is the WIT `kv-error`.
 */
export const kv = {
  /** The entry, or undefined when absent or expired. */
  get: (key: string): Entry | undefined => host.get(key) ?? undefined,
  set: (key: string, value: Uint8Array, options: SetOptions = {}): number => host.set(key, value, options.ttlMs),
  delete: (key: string): boolean => host.delete(key),
  compareAndSwap: host.compareAndSwap,

  getJson<T>(key: string): JsonEntry<T> | undefined {
    const entry = host.get(key);
    return entry == null ? undefined : decodeJson<T>(entry);
  },

  setJson(key: string, value: unknown, options: SetOptions = {}): number {
    return host.set(key, utf8Encode(JSON.stringify(value)), options.ttlMs);
  },

  /**
   * Read-modify-write with compare-and-swap: `change` gets the current value (undefined when
   * absent) and returns the new one; on a conflict it runs again on the winner's value. Returns
   * what was stored. `change` must be free of side effects, since it may run more than once.
   */
  updateJson<T>(key: string, change: (current: T | undefined) => T, options: UpdateOptions = {}): T {
    const attempts = options.maxAttempts ?? 8;
    let current = host.get(key);
    for (let attempt = 0; attempt < attempts; attempt++) {
      const next = change(current == null ? undefined : decodeJson<T>(current).value);
      const outcome = host.compareAndSwap(key, current?.version, utf8Encode(JSON.stringify(next)), options.ttlMs);
      if (outcome.tag === 'swapped') return next;
      current = outcome.val;
    }
    throw new ComponentError({ tag: 'unavailable', val: `kv.updateJson(${key}): ${attempts} conflicting writes in a row` });
  },
};
