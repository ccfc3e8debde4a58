/** Canned responses in the composer: typing `/` and a shortcut offers the matching ones. */

/** The shortcut being typed (`/sem-int` → `sem-int`), or `null` when the text is not a shortcut. */
export function shortcutQuery(text: string): string | null {
  const match = /^\/([a-z0-9_-]*)$/i.exec(text);
  return match === null ? null : (match[1] ?? '').toLowerCase();
}

export interface Canned {
  id: string;
  shortcut: string;
  content: string;
}

/** Shortcuts starting with the query first, then those containing it; at most `limit`. */
export function matchCanned(list: readonly Canned[], query: string, limit = 8): Canned[] {
  const starts = list.filter((c) => c.shortcut.startsWith(query));
  const contains = list.filter((c) => !c.shortcut.startsWith(query) && c.shortcut.includes(query));
  return [...starts.sort((a, b) => a.shortcut.localeCompare(b.shortcut)), ...contains].slice(0, limit);
}
