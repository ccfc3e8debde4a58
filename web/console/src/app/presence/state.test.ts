import { describe, expect, it } from 'vitest';
import { applyOwnEvent, moveIndex, PRESENCES } from './state';

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
