// The visitor's token, kept in the page's localStorage per inbox so a returning visitor finds
// their conversation again. A token that expires within a minute counts as gone.

export interface StoredSession {
  token: string;
  expiresAt: string;
  contactName: string;
  /** The identity the session was started with, so a different logged-in subscriber starts anew. */
  identifier: string | null;
}

const key = (inboxId: string): string => `ispchat:${inboxId}:session`;

export function loadSession(storage: Storage | null, inboxId: string, identifier: string | null, now: Date): StoredSession | null {
  if (storage === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(storage.getItem(key(inboxId)) ?? 'null');
  } catch {
    return null;
  }
  if (!isSession(parsed)) return null;
  if (Date.parse(parsed.expiresAt) - now.getTime() < 60_000) return null;
  if (parsed.identifier !== identifier) return null;
  return parsed;
}

export function saveSession(storage: Storage | null, inboxId: string, session: StoredSession): void {
  try {
    storage?.setItem(key(inboxId), JSON.stringify(session));
  } catch {
    // Private browsing or a full quota: the session lasts as long as the page.
  }
}

export function clearSession(storage: Storage | null, inboxId: string): void {
  try {
    storage?.removeItem(key(inboxId));
  } catch {
    // Nothing to clear.
  }
}

function isSession(value: unknown): value is StoredSession {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.token === 'string' && typeof v.expiresAt === 'string' && typeof v.contactName === 'string' && (v.identifier === null || typeof v.identifier === 'string');
}
