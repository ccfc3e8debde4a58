/**
 * Half-typed replies, kept per conversation in localStorage, so an expired session, a reload or
 * a crash loses nothing. Drafts are per browser and per user: a different user signing in on
 * the same browser does not see someone else's text.
 */
const PREFIX = 'ispchat.draft.';
/** Drafts nobody came back to for this long are dropped. */
const MAX_AGE_MS = 14 * 24 * 3600_000;

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

interface Stored {
  text: string;
  savedAt: number;
}

const keyOf = (userId: string, conversationId: string) => `${PREFIX}${userId}.${conversationId}`;

export function loadDraft(userId: string, conversationId: string, storage: Store = localStorage): string {
  try {
    const stored = JSON.parse(storage.getItem(keyOf(userId, conversationId)) ?? 'null') as Stored | null;
    return typeof stored?.text === 'string' ? stored.text : '';
  } catch {
    return '';
  }
}

/** Saves (or, for blank text, forgets) the draft. */
export function saveDraft(userId: string, conversationId: string, text: string, storage: Store = localStorage, now = Date.now()): void {
  const key = keyOf(userId, conversationId);
  try {
    if (text.trim() === '') storage.removeItem(key);
    else storage.setItem(key, JSON.stringify({ text, savedAt: now } satisfies Stored));
  } catch {
    // Storage full or disabled: the text stays in the composer for this page's lifetime.
  }
}

export const clearDraft = (userId: string, conversationId: string, storage: Store = localStorage): void => storage.removeItem(keyOf(userId, conversationId));

/** Drops drafts older than two weeks (run once at start-up). */
export function pruneDrafts(storage: Store = localStorage, now = Date.now()): void {
  const stale: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key === null || !key.startsWith(PREFIX)) continue;
    try {
      const stored = JSON.parse(storage.getItem(key) ?? 'null') as Stored | null;
      if (stored === null || now - stored.savedAt > MAX_AGE_MS) stale.push(key);
    } catch {
      stale.push(key);
    }
  }
  stale.forEach((key) => storage.removeItem(key));
}
