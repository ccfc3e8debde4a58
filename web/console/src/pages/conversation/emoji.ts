/** The composer's small emoji set (no library: agents use a handful) and inserting at the caret. */

export const EMOJIS: readonly string[] = [
  '😀', '😊', '😉', '🙂', '😅', '🙏', '👍', '👏', '👋', '🤝', '✅', '❌',
  '⚠️', '⏳', '📶', '📡', '🔧', '💡', '📄', '💳', '📅', '📞', '❤️', '🎉',
];

/** `text` with `insert` replacing the selection `[start, end)`, and where the caret goes after. */
export function insertAt(text: string, start: number, end: number, insert: string): { text: string; caret: number } {
  const from = Math.max(0, Math.min(start, text.length));
  const to = Math.max(from, Math.min(end, text.length));
  return { text: text.slice(0, from) + insert + text.slice(to), caret: from + insert.length };
}
