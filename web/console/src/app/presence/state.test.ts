import { afterEach, describe, expect, it, vi } from 'vitest';
import { applyOwnEvent, changePresence, moveIndex, myPresence, PRESENCES, presenceError, presenceSaving } from './state';

describe('presence state', () => {
  it('follows only the signed-in member events', () => {
    const current = { presence: 'ONLINE' as const, since: '2026-11-27T10:00:00Z' };
    expect(applyOwnEvent(current, { userId: 'me', presence: 'OFFLINE', since: '2026-11-27T10:05:00Z' }, 'me')).toEqual({ presence: 'OFFLINE', since: '2026-11-27T10:05:00Z' });
    expect(applyOwnEvent(current, { userId: 'someone', presence: 'AWAY', since: '2026-11-27T10:05:00Z' }, 'me')).toBe(current);
    expect(applyOwnEvent(null, { userId: 'me', presence: 'AWAY', since: '2026-11-27T10:05:00Z' }, 'me')).toEqual({ presence: 'AWAY', since: '2026-11-27T10:05:00Z' });
  });

  it('offers online, away and offline in that order', () => {
    expect(PRESENCES).toEqual(['ONLINE', 'AWAY', 'OFFLINE']);
  });

  it('moves through the menu with wrapping arrows and Home/End', () => {
    expect(moveIndex('ArrowDown', 0, 3)).toBe(1);
    expect(moveIndex('ArrowDown', 2, 3)).toBe(0);
    expect(moveIndex('ArrowUp', 0, 3)).toBe(2);
    expect(moveIndex('Home', 2, 3)).toBe(0);
    expect(moveIndex('End', 0, 3)).toBe(2);
    expect(moveIndex('a', 1, 3)).toBeNull();
  });
});

describe('changing presence', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    myPresence.value = null;
    presenceError.value = null;
  });

  const answer = (body: unknown) => vi.fn(async () => new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } }));

  it('shows what the host stored, and sends the chosen presence', async () => {
    const fetcher = answer({ data: { setPresence: { id: 'me', presence: 'AWAY', presenceSince: '2026-11-27T10:00:00Z' } } });
    vi.stubGlobal('fetch', fetcher);
    myPresence.value = { presence: 'ONLINE', since: null };
    await changePresence('AWAY');
    expect(myPresence.value).toEqual({ presence: 'AWAY', since: '2026-11-27T10:00:00Z' });
    const sent = JSON.parse(String((fetcher.mock.calls[0] as unknown as [string, RequestInit])[1].body)) as { variables: unknown };
    expect(sent.variables).toEqual({ presence: 'AWAY' });
    expect(presenceSaving.value).toBe(false);
  });

  it('keeps the previous state and says why when the host refuses', async () => {
    vi.stubGlobal('fetch', answer({ errors: [{ message: 'no', extensions: { code: 'FORBIDDEN' } }] }));
    myPresence.value = { presence: 'ONLINE', since: null };
    await changePresence('OFFLINE');
    expect(myPresence.value).toEqual({ presence: 'ONLINE', since: null });
    expect(presenceError.value).toMatchObject({ code: 'FORBIDDEN' });
    expect(presenceSaving.value).toBe(false);
  });
});
