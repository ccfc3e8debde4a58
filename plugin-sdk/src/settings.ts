import { get as hostGet, getAll } from 'ispchat:host/config@1.0.0';

// Settings arrive as text (see `ispchat:host/config`): strings as written, numbers in decimal,
// booleans `true`/`false`, lists as JSON arrays. These readers turn them back into values and
// fall back to `fallback` when a setting is unset or unreadable, so a plugin never crashes on a
// bad configuration (the host validates settings against plugin.toml anyway).

/** The raw text, with the runtime's `null` for an unset setting turned into undefined. */
function get(key: string): string | undefined {
  return hostGet(key) ?? undefined;
}

export const settings = {
  raw(key: string): string | undefined {
    return get(key);
  },
  all(): Record<string, string> {
    return Object.fromEntries(getAll());
  },
  string(key: string, fallback: string): string {
    return get(key) ?? fallback;
  },
  /** One of `allowed`, else `fallback`. */
  oneOf<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
    const value = get(key);
    return value !== undefined && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
  },
  number(key: string, fallback: number): number {
    const value = get(key);
    if (value === undefined || value.trim() === '') return fallback;
    const n = Number(value);
    return Number.isFinite(n) ? n : fallback;
  },
  boolean(key: string, fallback: boolean): boolean {
    const value = get(key);
    if (value === 'true') return true;
    if (value === 'false') return false;
    return fallback;
  },
  list(key: string, fallback: readonly string[] = []): string[] {
    const value = get(key);
    if (value === undefined) return [...fallback];
    try {
      const parsed: unknown = JSON.parse(value);
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      // Not JSON: accept a comma-separated list, which is what people type.
    }
    return value
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  },
};
