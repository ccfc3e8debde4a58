import { describe, expect, it } from 'vitest';
import { parseSnoozeUntil, snoozeDefault, statusActions, toggleLabel, transferTarget } from './actions';

const now = new Date(2026, 10, 27, 10, 0);

describe('parseSnoozeUntil', () => {
  it('reads a local datetime in the future', () => {
    expect(parseSnoozeUntil('2026-11-27T14:30', now)?.getTime()).toBe(new Date(2026, 10, 27, 14, 30).getTime());
  });
  it('refuses the past and now', () => {
    expect(parseSnoozeUntil('2026-11-27T09:59', now)).toBeNull();
    expect(parseSnoozeUntil('2026-11-27T10:00', now)).toBeNull();
  });
  it('refuses what is not a time, and dates that do not exist', () => {
    expect(parseSnoozeUntil('', now)).toBeNull();
    expect(parseSnoozeUntil('amanhã', now)).toBeNull();
    expect(parseSnoozeUntil('2027-02-31T10:00', now)).toBeNull();
    expect(parseSnoozeUntil('2027-01-01T25:00', now)).toBeNull();
  });
  it('accepts its own default', () => {
    const value = snoozeDefault(now, 2);
    expect(value).toBe('2026-11-27T12:00');
    expect(parseSnoozeUntil(value, now)).not.toBeNull();
  });
});

describe('toggleLabel', () => {
  it('adds and removes, lower-cased and sorted', () => {
    expect(toggleLabel(['vip'], 'Fibra')).toEqual(['fibra', 'vip']);
    expect(toggleLabel(['fibra', 'vip'], 'FIBRA')).toEqual(['vip']);
  });
});

describe('statusActions', () => {
  it('offers reopen only when resolved', () => {
    expect(statusActions('RESOLVED', true)).toEqual({ resolve: false, reopen: true, snooze: false });
    expect(statusActions('OPEN', true)).toEqual({ resolve: true, reopen: false, snooze: true });
  });
  it('does not snooze what nobody holds', () => {
    expect(statusActions('QUEUED', false).snooze).toBe(false);
  });
});

describe('transferTarget', () => {
  it('needs a team or an agent', () => {
    expect(transferTarget('', '')).toBeNull();
    expect(transferTarget('t1', '')).toEqual({ toTeamId: 't1' });
    expect(transferTarget('t1', 'u1')).toEqual({ toTeamId: 't1', toAgentId: 'u1' });
  });
});
